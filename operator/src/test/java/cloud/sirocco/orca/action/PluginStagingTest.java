package cloud.sirocco.orca.action;

import static cloud.sirocco.orca.action.PluginJar.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.action.ActionPluginManager.PluginProblem;
import cloud.sirocco.orca.action.testplugins.Echo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginStagingTest {

  private static final int KIB = 1024;
  private static final String HASH = "0123456789abcdef";

  @TempDir
  Path dir;

  @TempDir
  Path staging;

  @Test
  void aCopyIsNamedByItsContentAndDeletedWithWhatItExpandedTo() throws Exception {
    Path zip = plugin("echo").actions(Echo.class).writeZipTo(dir.resolve("echo.zip"));
    try (PluginStaging area = PluginStaging.in(staging, PluginStaging.NO_LIMIT)) {
      Path staged = area.stage("echo.zip", zip, HASH);
      Path expanded = Files.createDirectory(staging.resolve("0123456789ab-echo"));

      assertEquals(staging.resolve("0123456789ab-echo.zip"), staged);
      area.delete(staged);

      assertFalse(Files.exists(staged));
      assertFalse(Files.exists(expanded));
    }
  }

  @Test
  void aCopyThatWouldPassTheLimitIsRefusedSayingWhatToChange() throws Exception {
    Path big = plugin("big").actions(Echo.class).padding(100 * KIB).writeTo(dir.resolve("big.jar"));
    try (PluginStaging area = PluginStaging.in(staging, 64 * KIB)) {

      String why = assertThrows(PluginProblem.class, () -> area.stage("big.jar", big, HASH)).getMessage();

      assertTrue(why.startsWith("too large to stage: it needs 1") && why.contains("64 KiB of the 64 KiB limit")
          && why.contains("ORCA_PLUGIN_STAGING_LIMIT"), why);
      assertEquals(0, area.used(), "nothing was written");
    }
  }

  @Test
  void aZipNeedsRoomForWhatItExpandsToAsWell() throws Exception {
    Path zip = plugin("echo").actions(Echo.class).padding(40 * KIB).writeZipTo(dir.resolve("echo.zip"));
    Path jar = plugin("echo").actions(Echo.class).padding(40 * KIB).writeTo(dir.resolve("echo.jar"));
    try (PluginStaging area = PluginStaging.in(staging, 64 * KIB)) {

      assertThrows(PluginProblem.class, () -> area.stage("echo.zip", zip, HASH));
      area.stage("echo.jar", jar, HASH);
    }
  }

  @Test
  void whatAnEarlierProcessLeftIsDeletedAtStartAndTheContentAtClose() throws Exception {
    Path leftover = Files.createDirectories(staging.resolve("0123456789ab-echo")).resolve("classes.bin");
    Files.write(leftover, new byte[8 * KIB]);
    Path jar = plugin("echo").actions(Echo.class).writeTo(dir.resolve("echo.jar"));

    PluginStaging area = PluginStaging.in(staging, PluginStaging.NO_LIMIT);
    assertFalse(Files.exists(leftover));
    area.stage("echo.jar", jar, HASH);
    area.close();

    assertTrue(Files.isDirectory(staging), "a configured directory stays");
    assertEquals(0, area.used());
  }

  @Test
  void aTemporaryDirectoryGoesWhenClosed() throws Exception {
    PluginStaging area = PluginStaging.temporary();

    area.close();

    assertFalse(Files.exists(area.directory()));
  }
}
