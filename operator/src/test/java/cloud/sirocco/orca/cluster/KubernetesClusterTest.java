package cloud.sirocco.orca.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KubernetesClusterTest {

  private static final String SECRET_PATH = "/api/v1/namespaces/team-a/secrets/alert-endpoint";

  private final KubernetesMockServer server = new KubernetesMockServer();
  private KubernetesCluster cluster;

  @BeforeEach
  void start() {
    server.init();
    cluster = new KubernetesCluster(server.createClient(), new SimpleMeterRegistry());
  }

  @AfterEach
  void stop() {
    cluster.close();
    server.destroy();
  }

  @Test
  void aSecretOrcaMayNotReadIsUnavailableWithTheGrantItNeeds() {
    answerSecretWith(403);

    IllegalStateException unavailable = assertThrows(IllegalStateException.class,
        () -> cluster.secretData("team-a", "alert-endpoint"));

    assertEquals("Orca may not read Secret \"alert-endpoint\" in namespace \"team-a\" (forbidden): grant its service "
        + "account get on secrets", unavailable.getMessage());
  }

  @Test
  void aServerErrorReadingASecretReachesTheCallerWithItsCode() {
    answerSecretWith(500);

    KubernetesClientException failed = assertThrows(KubernetesClientException.class,
        () -> cluster.secretData("team-a", "alert-endpoint"));

    assertEquals(500, failed.getCode());
  }

  private void answerSecretWith(int code) {
    server.expect().get().withPath(SECRET_PATH)
        .andReturn(code, new StatusBuilder().withCode(code).withMessage("refused by the test").build()).always();
  }
}
