package cloud.sirocco.orca.action;

import static cloud.sirocco.orca.action.PluginJar.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.action.testplugins.BrokenConstructor;
import cloud.sirocco.orca.action.testplugins.Echo;
import cloud.sirocco.orca.action.testplugins.EchoVersion2;
import cloud.sirocco.orca.action.testplugins.Flaky;
import cloud.sirocco.orca.action.testplugins.Impostor;
import cloud.sirocco.orca.action.testplugins.Probe;
import cloud.sirocco.orca.action.testplugins.Refusing;
import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugin.api.RunOutcome;
import cloud.sirocco.orca.plugin.api.TaskAction;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginRegistryTest {

  private static final int KIB = 1024;

  @TempDir
  Path dir;

  @TempDir
  Path staging;

  private PluginRegistry registry;

  @AfterEach
  void closeRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void findsTheActionsOfEveryPluginJarByNameIgnoringCase() throws Exception {
    plugin("echo").actions(Echo.class).writeTo(dir.resolve("echo.jar"));
    plugin("misc").actions(Flaky.class, Refusing.class).writeTo(dir.resolve("misc.jar"));

    registry = new PluginRegistry(dir);

    assertEquals(Set.of("echo", "flaky", "refusing"), registry.actionNames());
    assertEquals("echo hello from nightly-report-7f3k2", execute("ECHO").message());
    assertTrue(registry.find(" Flaky ").isPresent());
    assertTrue(registry.find("missing").isEmpty());
  }

  @Test
  void brokenJarsAreSkippedAndTheOthersKeepWorking() throws Exception {
    plugin("echo").actions(Echo.class).writeTo(dir.resolve("echo.jar"));
    PluginJar.write(dir.resolve("corrupt.jar"), "not a zip at all".getBytes());
    plugin("plain").actions(Refusing.class).withoutDescriptor().writeTo(dir.resolve("plain-library.jar"));
    plugin("broken").actions(BrokenConstructor.class).writeTo(dir.resolve("broken.jar"));
    plugin("empty").writeTo(dir.resolve("no-actions.jar"));

    registry = new PluginRegistry(dir);

    assertEquals(Set.of("echo"), registry.actionNames());
    assertEquals(ActionResult.Status.SUCCEEDED, execute("echo").status());
    assertEquals(Set.of("broken.jar", "corrupt.jar", "no-actions.jar", "plain-library.jar"),
        registry.notLoaded().keySet());
    assertTrue(registry.notLoaded().get("corrupt.jar").startsWith("it is not a readable jar or zip"),
        registry.notLoaded().toString());
  }

  @Test
  void aSkippedJarIsTriedAgainWhenItChanges() throws Exception {
    PluginJar.write(dir.resolve("echo.jar"), "half a jar".getBytes());
    registry = new PluginRegistry(dir);
    assertTrue(registry.actionNames().isEmpty());

    plugin("echo").actions(Echo.class).writeTo(dir.resolve("echo.jar"));

    assertTrue(registry.refresh());
    assertEquals(Set.of("echo"), registry.actionNames());
  }

  @Test
  void aReplacedJarIsReloadedWithItsNewCode() throws Exception {
    plugin("echo").actions(Echo.class).writeTo(dir.resolve("echo.jar"));
    registry = new PluginRegistry(dir);
    TaskAction before = registry.find("echo").orElseThrow();

    plugin("echo").version("2.0.0").actions(EchoVersion2.class).writeTo(dir.resolve("echo.jar"));

    assertTrue(registry.refresh());
    assertEquals("echo version 2", execute("echo").message());
    assertFalse(before.getClass() == registry.find("echo").orElseThrow().getClass(), "a new class from a new loader");
  }

  @Test
  void aJarWhoseContentDidNotChangeIsNotReloaded() throws Exception {
    Path jar = plugin("echo").actions(Echo.class).writeTo(dir.resolve("echo.jar"));
    registry = new PluginRegistry(dir);
    TaskAction before = registry.find("echo").orElseThrow();

    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));

    assertFalse(registry.refresh());
    assertSame(before, registry.find("echo").orElseThrow());
  }

  @Test
  void aRemovedJarTakesItsActionsAway() throws Exception {
    Path jar = plugin("echo").actions(Echo.class).writeTo(dir.resolve("echo.jar"));
    plugin("misc").actions(Flaky.class).writeTo(dir.resolve("misc.jar"));
    registry = new PluginRegistry(dir);

    Files.delete(jar);

    assertTrue(registry.refresh());
    assertEquals(Set.of("flaky"), registry.actionNames());
  }

  @Test
  void anActionNameTakenByAnEarlierJarIsIgnoredUntilThatJarIsRemoved() throws Exception {
    Path first = plugin("echo").actions(Echo.class).writeTo(dir.resolve("b-echo.jar"));
    registry = new PluginRegistry(dir);
    plugin("impostor").actions(Impostor.class).writeTo(dir.resolve("a-impostor.jar"));

    registry.refresh();
    assertTrue(execute("echo").message().startsWith("echo hello"), "the jar seen first keeps the name");

    Files.delete(first);
    registry.refresh();
    assertEquals("impostor", execute("echo").message());
  }

  @Test
  void aSecondJarWithTheSamePluginIdWaitsUntilTheFirstIsRemoved() throws Exception {
    Path old = plugin("echo").version("1.0.0").actions(Echo.class).writeTo(dir.resolve("echo-1.0.jar"));
    registry = new PluginRegistry(dir);
    plugin("echo").version("2.0.0").actions(EchoVersion2.class).writeTo(dir.resolve("echo-2.0.jar"));

    registry.refresh();
    assertTrue(execute("echo").message().startsWith("echo hello"));

    Files.delete(old);
    registry.refresh();
    assertEquals("echo version 2", execute("echo").message());
  }

  @Test
  void aConfigMapUpdateThatSwapsTheDataLinkIsPickedUp() throws Exception {
    Path first = Files.createDirectory(dir.resolve("..2025_03_01_02_00_00.1"));
    plugin("echo").actions(Echo.class).writeTo(first.resolve("echo.jar"));
    Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
    Files.createSymbolicLink(dir.resolve("echo.jar"), Path.of("..data", "echo.jar"));
    registry = new PluginRegistry(dir);
    assertTrue(execute("echo").message().startsWith("echo hello"));

    // What the kubelet does: a new timestamped directory, a new link to it, renamed over ..data, the old one removed.
    Path second = Files.createDirectory(dir.resolve("..2025_03_01_03_00_00.2"));
    plugin("echo").version("2.0.0").actions(EchoVersion2.class).writeTo(second.resolve("echo.jar"));
    Files.createSymbolicLink(dir.resolve("..data_tmp"), second.getFileName());
    Files.move(dir.resolve("..data_tmp"), dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
    Files.delete(first.resolve("echo.jar"));
    Files.delete(first);

    assertTrue(registry.refresh());
    assertEquals("echo version 2", execute("echo").message());
  }

  @Test
  void dotEntriesAndFilesOtherThanJarsAndZipsAreIgnored() throws Exception {
    plugin("echo").actions(Echo.class).writeTo(dir.resolve(".echo.jar"));
    plugin("flaky").actions(Flaky.class).writeTo(dir.resolve("flaky.jar.disabled"));
    Files.createDirectory(dir.resolve("subdir.jar"));

    registry = new PluginRegistry(dir);

    assertTrue(registry.actionNames().isEmpty());
  }

  @Test
  void aZipPluginIsExpandedAndLoaded() throws Exception {
    plugin("echo").actions(Echo.class).writeZipTo(dir.resolve("echo.zip"));

    registry = new PluginRegistry(dir);

    assertEquals(Set.of("echo"), registry.actionNames());
    assertEquals(ActionResult.Status.SUCCEEDED, execute("echo").status());
  }

  @Test
  void aPluginThatWouldOverfillTheStagingLimitIsNotLoadedAndSaysWhy() throws Exception {
    plugin("echo").actions(Echo.class).writeTo(dir.resolve("echo.jar"));
    plugin("big").actions(Flaky.class).padding(100 * KIB).writeTo(dir.resolve("big.jar"));
    MeterRegistry meters = new SimpleMeterRegistry();

    registry = new PluginRegistry(dir, staging, 64 * KIB);
    registry.bindTo(meters);

    assertEquals(Set.of("echo"), registry.actionNames());
    String why = registry.notLoaded().get("big.jar");
    assertTrue(why != null && why.startsWith("too large to stage") && why.contains("64 KiB")
        && why.contains("ORCA_PLUGIN_STAGING_LIMIT"), String.valueOf(why));
    assertTrue(bytesIn(staging) <= 64 * KIB, bytesIn(staging) + " bytes staged");
    assertEquals(1.0, meters.get("orca.plugin.files.not.loaded").gauge().value());
  }

  @Test
  void aZipNeedsRoomForItselfAndWhatItExpandsTo() throws Exception {
    plugin("echo").actions(Echo.class).padding(40 * KIB).writeZipTo(dir.resolve("echo.zip"));

    registry = new PluginRegistry(dir, staging, 64 * KIB);
    assertTrue(registry.actionNames().isEmpty(), "a 40 KiB zip expanding to 40 KiB more does not fit in 64 KiB");
    assertTrue(registry.notLoaded().get("echo.zip").startsWith("too large to stage"), registry.notLoaded().toString());
    registry.close();

    registry = new PluginRegistry(dir, staging, 128 * KIB);
    assertEquals(Set.of("echo"), registry.actionNames());
  }

  @Test
  void aReplacedPluginNeedsRoomForOneVersionOnly() throws Exception {
    plugin("echo").actions(Echo.class).padding(40 * KIB).writeTo(dir.resolve("echo.jar"));
    registry = new PluginRegistry(dir, staging, 64 * KIB);

    plugin("echo").version("2.0.0").actions(EchoVersion2.class).padding(40 * KIB).writeTo(dir.resolve("echo.jar"));

    assertTrue(registry.refresh());
    assertEquals("echo version 2", execute("echo").message());
  }

  @Test
  void aPluginRefusedForWantOfRoomIsLoadedOnceAnotherIsRemoved() throws Exception {
    Path first = plugin("a").actions(Echo.class).padding(40 * KIB).writeTo(dir.resolve("a.jar"));
    plugin("b").actions(Flaky.class).padding(40 * KIB).writeTo(dir.resolve("b.jar"));
    registry = new PluginRegistry(dir, staging, 64 * KIB);
    assertEquals(Set.of("echo"), registry.actionNames());

    Files.delete(first);

    assertTrue(registry.refresh());
    assertEquals(Set.of("flaky"), registry.actionNames());
    assertEquals(Map.of(), registry.notLoaded());
  }

  @Test
  void whatAnEarlierProcessLeftInTheStagingDirectoryIsRemovedAtStart() throws Exception {
    Path leftover = Files.createDirectories(staging.resolve("0123456789ab-echo")).resolve("classes.bin");
    Files.write(leftover, new byte[60 * KIB]);
    plugin("echo").actions(Echo.class).writeTo(dir.resolve("echo.jar"));

    registry = new PluginRegistry(dir, staging, 64 * KIB);

    assertEquals(Set.of("echo"), registry.actionNames());
    assertFalse(Files.exists(leftover));
  }

  @Test
  void thePollerPicksUpNewJarsWithoutBeingAsked() throws Exception {
    registry = new PluginRegistry(dir);
    registry.startPolling(Duration.ofMillis(20));

    plugin("echo").actions(Echo.class).writeTo(dir.resolve("echo.jar"));

    Await.until("the poller to load echo.jar", Duration.ofSeconds(10), () -> registry.find("echo").isPresent());
  }

  @Test
  void aMissingDirectoryMeansNoActionsUntilItAppears() throws Exception {
    Path missing = dir.resolve("plugins");
    registry = new PluginRegistry(missing);
    assertTrue(registry.actionNames().isEmpty());

    Files.createDirectory(missing);
    plugin("echo").actions(Echo.class).writeTo(missing.resolve("echo.jar"));

    assertTrue(registry.refresh());
    assertEquals(Set.of("echo"), registry.actionNames());
  }

  @Test
  void thePluginApiAndJacksonComeFromOrcaEvenWhenAJarCarriesItsOwnCopy() throws Exception {
    plugin("probe").actions(Probe.class)
        .bundling(TaskAction.class, ActionResult.class, ActionResult.Status.class, ActionContext.class,
            ActionContext.Builder.class, RunOutcome.class)
        .writeTo(dir.resolve("probe.jar"));

    registry = new PluginRegistry(dir);

    assertEquals("context class loader is the plugin's: false; API from the plugin: false; Jackson from the plugin: false",
        execute("probe").message());
  }

  @Test
  void closingUnloadsEverything() throws Exception {
    plugin("echo").actions(Echo.class).writeTo(dir.resolve("echo.jar"));
    registry = new PluginRegistry(dir);

    registry.close();

    assertTrue(registry.actionNames().isEmpty());
    assertFalse(registry.refresh());
  }

  private static long bytesIn(Path directory) throws IOException {
    try (Stream<Path> tree = Files.walk(directory)) {
      return tree.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
    }
  }

  private ActionResult execute(String action) throws Exception {
    return registry.find(action).orElseThrow(() -> new AssertionError(action + " is not installed")).execute(TestRuns.run(action));
  }
}
