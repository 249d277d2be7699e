package cloud.sirocco.orca.action;

import static cloud.sirocco.orca.action.PluginJar.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.action.ActionPluginManager.PluginProblem;
import cloud.sirocco.orca.action.PluginFileLoader.LoadedPlugin;
import cloud.sirocco.orca.action.testplugins.BrokenConstructor;
import cloud.sirocco.orca.action.testplugins.Echo;
import cloud.sirocco.orca.action.testplugins.EchoVersion2;
import cloud.sirocco.orca.action.testplugins.Refusing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginFileLoaderTest {

  @TempDir
  Path dir;

  @TempDir
  Path staging;

  private PluginFileLoader loader;

  @AfterEach
  void close() {
    if (loader != null) {
      loader.close();
    }
  }

  @Test
  void aPluginIsLoadedFromItsStagedCopyWhichOutlivesTheOriginal() throws Exception {
    Path jar = plugin("echo").actions(Echo.class).writeTo(dir.resolve("echo.jar"));
    loader = new PluginFileLoader(PluginStaging.in(staging, PluginStaging.NO_LIMIT));

    LoadedPlugin echo = load("echo.jar", jar, Map.of());
    Files.delete(jar);

    assertEquals("echo", echo.id());
    assertEquals(Set.of("echo"), echo.actions().keySet());
    assertTrue(echo.staged().startsWith(staging) && Files.exists(echo.staged()));
    assertEquals("echo hello from nightly-report-7f3k2",
        echo.actions().get("echo").execute(TestRuns.run("echo")).message());
  }

  @Test
  void unloadingDeletesTheStagedCopy() throws Exception {
    loader = new PluginFileLoader(PluginStaging.in(staging, PluginStaging.NO_LIMIT));
    Path zip = plugin("echo").actions(Echo.class).writeZipTo(dir.resolve("echo.zip"));
    LoadedPlugin echo = load("echo.zip", zip, Map.of());

    loader.unload("echo.zip", echo);

    assertEquals(0, entriesIn(staging), "neither the zip nor what it expanded to is left");
  }

  @Test
  void aFileThatIsNotAUsablePluginSaysWhyAndLeavesNothingStaged() throws Exception {
    loader = new PluginFileLoader(PluginStaging.in(staging, PluginStaging.NO_LIMIT));
    Path corrupt = PluginJar.write(dir.resolve("corrupt.jar"), "not a zip at all".getBytes());
    Path plain = plugin("plain").actions(Refusing.class).withoutDescriptor().writeTo(dir.resolve("plain.jar"));
    Path broken = plugin("broken").actions(BrokenConstructor.class).writeTo(dir.resolve("broken.jar"));

    assertTrue(problem("corrupt.jar", corrupt, Map.of()).startsWith("it is not a readable jar or zip"));
    assertTrue(problem("plain.jar", plain, Map.of()).startsWith("it is not a usable PF4J plugin"));
    assertTrue(problem("broken.jar", broken, Map.of()).startsWith("its action "), "names the action that broke");
    assertEquals(0, entriesIn(staging));
  }

  @Test
  void aPluginIdLoadedFromAnotherFileIsRefusedNamingThatFile() throws Exception {
    loader = new PluginFileLoader(PluginStaging.in(staging, PluginStaging.NO_LIMIT));
    Path old = plugin("echo").actions(Echo.class).writeTo(dir.resolve("echo-1.0.jar"));
    LoadedPlugin first = load("echo-1.0.jar", old, Map.of());
    Path second = plugin("echo").version("2.0.0").actions(EchoVersion2.class).writeTo(dir.resolve("echo-2.0.jar"));

    assertEquals("plugin id 'echo' is loaded already, from echo-1.0.jar; remove one of the two files",
        problem("echo-2.0.jar", second, Map.of("echo-1.0.jar", first)));
  }

  @Test
  void aFileTooLargeForTheStagingLimitIsRefusedBeforeItIsCopied() throws Exception {
    loader = new PluginFileLoader(PluginStaging.in(staging, 64 * 1024));
    Path big = plugin("big").actions(Echo.class).padding(100 * 1024).writeTo(dir.resolve("big.jar"));

    assertTrue(problem("big.jar", big, Map.of()).startsWith("too large to stage"));
    assertEquals(0, entriesIn(staging), "nothing written");
  }

  private LoadedPlugin load(String name, Path source, Map<String, LoadedPlugin> loaded) throws Exception {
    return loader.load(name, source, sha256(name, source), loaded).orElseThrow();
  }

  private String problem(String name, Path source, Map<String, LoadedPlugin> loaded) {
    return assertThrows(PluginProblem.class, () -> loader.load(name, source, sha256(name, source), loaded))
        .getMessage();
  }

  private static String sha256(String name, Path source) {
    return PluginDirectory.sha256(name, source).orElseThrow();
  }

  private static long entriesIn(Path directory) throws Exception {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.count();
    }
  }
}
