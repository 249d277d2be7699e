package cloud.sirocco.orca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UnreachableApiServerTest {

  @Test
  void saysWhyItCouldNotReachTheApiServerWithinSeconds() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
        .withMasterUrl("http://127.0.0.1:" + closedPort).build()).build()) {
      Instant start = Instant.now();

      Cli.Result result = Cli.run(unreachable, "graph", "-n", "team-a");

      Duration took = Duration.between(start, Instant.now());
      assertEquals(1, result.exitCode(), result.toString());
      assertTrue(result.err().startsWith("error: could not reach the API server at http://127.0.0.1:" + closedPort
          + "/ (java.net.ConnectException"), result.err());
      assertTrue(result.err().endsWith("): is the cluster up, and is this the kubeconfig context you meant?\n"),
          result.err());
      assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "took " + took);
    }
  }
}
