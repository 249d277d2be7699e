package cloud.sirocco.orca.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookConfigTest {

  @Test
  void defaultsSuitTheDeployment() {
    WebhookConfig config = WebhookConfig.fromEnv(Map.of());

    assertEquals(8443, config.port());
    assertEquals(Path.of("/etc/orca/webhook/tls/tls.crt"), config.tlsCert());
    assertEquals(Path.of("/etc/orca/webhook/tls/tls.key"), config.tlsKey());
    assertEquals(Set.of(), config.watchNamespaces());
    assertEquals(3 * 1024 * 1024, config.maxBodyBytes());
    assertEquals(Duration.ofSeconds(5), config.tlsReloadInterval());
    assertEquals(Duration.ofSeconds(1), config.cacheGrace());
    assertEquals(Duration.ofSeconds(1), config.liveReadTimeout());
    assertTrue(config.checkPodRights());
    assertEquals(Duration.ofSeconds(2), config.podRightsTimeout());
    assertEquals(Duration.ofSeconds(5), config.shutdownDrain());
  }

  @Test
  void readsEveryVariable() {
    WebhookConfig config = WebhookConfig.fromEnv(Map.of(
        "ORCA_WEBHOOK_PORT", "9443",
        "ORCA_WEBHOOK_TLS_CERT", "/certs/serving.crt",
        "ORCA_WEBHOOK_TLS_KEY", "/certs/serving.key",
        "ORCA_WATCH_NAMESPACES", " team-a, team-b ,,",
        "ORCA_WEBHOOK_MAX_BODY_BYTES", "1048576",
        "ORCA_WEBHOOK_TLS_RELOAD_SECONDS", "30",
        "ORCA_WEBHOOK_CACHE_GRACE_MILLIS", "0",
        "ORCA_WEBHOOK_CHECK_POD_RIGHTS", "False",
        "ORCA_WEBHOOK_POD_RIGHTS_TIMEOUT_MILLIS", "1500",
        "ORCA_WEBHOOK_SHUTDOWN_DRAIN_SECONDS", "0"));

    assertEquals(9443, config.port());
    assertEquals(Path.of("/certs/serving.crt"), config.tlsCert());
    assertEquals(Path.of("/certs/serving.key"), config.tlsKey());
    assertEquals(Set.of("team-a", "team-b"), config.watchNamespaces());
    assertEquals(1048576, config.maxBodyBytes());
    assertEquals(Duration.ofSeconds(30), config.tlsReloadInterval());
    assertEquals(Duration.ZERO, config.cacheGrace());
    assertFalse(config.checkPodRights());
    assertEquals(Duration.ofMillis(1500), config.podRightsTimeout());
    assertEquals(Duration.ZERO, config.shutdownDrain());
  }

  @Test
  void readsTheLiveReadTimeout() {
    WebhookConfig config = WebhookConfig.fromEnv(Map.of("ORCA_WEBHOOK_LIVE_READ_TIMEOUT_MILLIS", "700"));

    assertEquals(Duration.ofMillis(700), config.liveReadTimeout());
  }

  @Test
  void aMisspeltSwitchDoesNotTurnThePodRightsCheckOff() {
    IllegalArgumentException misspelt = assertThrows(IllegalArgumentException.class,
        () -> WebhookConfig.fromEnv(Map.of("ORCA_WEBHOOK_CHECK_POD_RIGHTS", "flase")));

    assertEquals("ORCA_WEBHOOK_CHECK_POD_RIGHTS=\"flase\" cannot be used: expected true or false",
        misspelt.getMessage());
  }

  @Test
  void namesTheVariableThatCannotBeUsed() {
    IllegalArgumentException notANumber = assertThrows(IllegalArgumentException.class,
        () -> WebhookConfig.fromEnv(Map.of("ORCA_WEBHOOK_PORT", "https")));
    IllegalArgumentException outOfRange = assertThrows(IllegalArgumentException.class,
        () -> WebhookConfig.fromEnv(Map.of("ORCA_WEBHOOK_MAX_BODY_BYTES", "0")));

    assertTrue(notANumber.getMessage().startsWith("ORCA_WEBHOOK_PORT=\"https\" cannot be used"),
        notANumber.getMessage());
    assertTrue(outOfRange.getMessage().contains("body limit must be positive"), outOfRange.getMessage());
  }
}
