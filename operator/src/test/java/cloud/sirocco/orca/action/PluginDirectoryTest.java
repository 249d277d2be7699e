package cloud.sirocco.orca.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.action.PluginDirectory.FileStamp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginDirectoryTest {

  @TempDir
  Path dir;

  @Test
  void jarsAndZipsAreThePluginFilesWhateverTheCaseOfTheirSuffix() throws Exception {
    Files.writeString(dir.resolve("echo.jar"), "jar");
    Files.writeString(dir.resolve("Pager.ZIP"), "zip");
    Files.writeString(dir.resolve("README.md"), "docs");
    Files.writeString(dir.resolve("flaky.jar.disabled"), "off");
    Files.writeString(dir.resolve(".hidden.jar"), "dot");
    Files.createDirectory(dir.resolve("subdir.jar"));

    assertEquals(List.of("Pager.ZIP", "echo.jar"), List.copyOf(new PluginDirectory(dir).pluginFiles().keySet()));
  }

  @Test
  void aConfigMapVolumesLinksAreFollowedAndItsDataDirectoriesIgnored() throws Exception {
    Path data = Files.createDirectory(dir.resolve("..2025_03_01_02_00_00.1"));
    Files.writeString(data.resolve("echo.jar"), "jar");
    Files.createSymbolicLink(dir.resolve("..data"), data.getFileName());
    Files.createSymbolicLink(dir.resolve("echo.jar"), Path.of("..data", "echo.jar"));

    assertEquals(List.of("echo.jar"), List.copyOf(new PluginDirectory(dir).pluginFiles().keySet()));
  }

  @Test
  void aMissingDirectoryHoldsNoPlugins() throws Exception {
    assertTrue(new PluginDirectory(dir.resolve("plugins")).pluginFiles().isEmpty());
  }

  @Test
  void theContentHashTellsAChangeFromATouch() throws Exception {
    Path jar = Files.writeString(dir.resolve("echo.jar"), "version 1");
    FileStamp before = FileStamp.of(jar).orElseThrow();
    String hash = PluginDirectory.sha256("echo.jar", jar).orElseThrow();

    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));

    assertNotEquals(before, FileStamp.of(jar).orElseThrow(), "a touched file is read again");
    assertEquals(hash, PluginDirectory.sha256("echo.jar", jar).orElseThrow(), "but it did not change");
    Files.writeString(jar, "version 2");
    assertNotEquals(hash, PluginDirectory.sha256("echo.jar", jar).orElseThrow());
  }

  @Test
  void aFileThatVanishedHasNoStampAndNoHash() {
    Path gone = dir.resolve("gone.jar");

    assertTrue(FileStamp.of(gone).isEmpty());
    assertTrue(PluginDirectory.sha256("gone.jar", gone).isEmpty());
  }
}
