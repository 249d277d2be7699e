package cloud.sirocco.orca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {

  @Test
  void pluginsAreStagedUnderTheTemporaryDirectoryWithoutALimitByDefault() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of());

    assertNull(config.pluginStagingDir());
    assertEquals(0, config.pluginStagingLimit());
  }

  @Test
  void theStagingLimitIsWrittenAsAVolumeSizeLimitIs() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of(
        "ORCA_PLUGIN_STAGING_DIR", "/var/run/orca/plugin-staging", "ORCA_PLUGIN_STAGING_LIMIT", "64Mi"));

    assertEquals(Path.of("/var/run/orca/plugin-staging"), config.pluginStagingDir());
    assertEquals(64L * 1024 * 1024, config.pluginStagingLimit());
  }

  @Test
  void aStagingLimitThatIsNoSizeNamesTheVariable() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> OperatorConfig.fromEnvironment(Map.of("ORCA_PLUGIN_STAGING_LIMIT", "plenty")));

    assertEquals("ORCA_PLUGIN_STAGING_LIMIT must be a size such as 64Mi, not \"plenty\"", error.getMessage());
  }
}
