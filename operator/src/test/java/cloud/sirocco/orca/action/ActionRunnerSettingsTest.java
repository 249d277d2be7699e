package cloud.sirocco.orca.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ActionRunnerSettingsTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    assertEquals(new ActionRunnerSettings(Path.of("/opt/orca/plugins"), Duration.ofSeconds(5), null, 0, 4, 100,
        Duration.ofSeconds(30), 3, Duration.ofSeconds(2)), ActionRunnerSettings.DEFAULTS);
  }

  @Test
  void nonsenseIsRejectedWithTheSettingItsValueAndTheRule() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> ActionRunnerSettings.DEFAULTS.withThreads(0));
    assertEquals("action runner settings: threads must be at least 1, not 0", error.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ActionRunnerSettings.DEFAULTS.withAttempts(11));
    assertThrows(IllegalArgumentException.class, () -> ActionRunnerSettings.DEFAULTS.withAttemptTimeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> ActionRunnerSettings.DEFAULTS.withQueueSize(-1));
    assertThrows(IllegalArgumentException.class, () -> ActionRunnerSettings.DEFAULTS.withStaging(Path.of("/tmp"), -1));
  }
}
