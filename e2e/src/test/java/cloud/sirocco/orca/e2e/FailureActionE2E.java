package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A failed run fires its http failure action once: a receiver on loopback gets one request with the run's data. */
class FailureActionE2E {

  private static LiveCluster cluster;
  private static HttpServer receiver;
  private static final List<String> requests = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startReceiverAndApply() throws IOException {
    cluster = new LiveCluster("e2e-actions");
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/alerts", exchange -> {
      String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
      requests.add(key + "\n" + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
    String manifest = Files.readString(cluster.example("http-action.yaml"))
        .replace("http://127.0.0.1:9099/alerts", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/alerts");
    Path file = Files.createTempFile("http-action", ".yaml");
    Files.writeString(file, manifest);
    cluster.apply(file);
  }

  @AfterAll
  static void cleanUp() {
    receiver.stop(0);
    cluster.close();
  }

  @Test
  void aFailedRunReachesTheReceiverExactlyOnceWithItsData() {
    String run = cluster.awaitFinishedRuns("flaky-report", 1, Duration.ofSeconds(120)).get(0)
        .getMetadata().getName();
    LiveCluster.await("the run's actions to be recorded", Duration.ofSeconds(60), () -> {
      var status = cluster.task("flaky-report").getStatus();
      return status != null && !status.getRuns().isEmpty() && status.getRuns().get(0).getActions() != null;
    });

    assertEquals(1, requests.size(), "requests: " + requests);
    String request = requests.get(0);
    assertTrue(request.startsWith(cluster.namespace + "/" + run + "/page-oncall"), request);
    assertTrue(request.contains("report source unreachable"), request);
    assertEquals("Succeeded", cluster.task("flaky-report").getStatus().getRuns().get(0).getActions().stream()
        .filter(a -> a.getName().equals("page-oncall")).findFirst().orElseThrow().getState());
  }
}
