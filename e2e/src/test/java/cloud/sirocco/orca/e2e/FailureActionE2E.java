package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A failed run fires its http failure action once: a receiver on loopback gets one request with the run's data. */
class FailureActionE2E {

  private static LiveCluster cluster;
  private static LoopbackReceiver receiver;

  @BeforeAll
  static void startReceiverAndApply() throws IOException {
    cluster = new LiveCluster("e2e-actions");
    receiver = new LoopbackReceiver();
    cluster.applyYaml(receiver.addressedHere(cluster.example("http-action.yaml")));
  }

  @AfterAll
  static void cleanUp() {
    receiver.close();
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

    List<LoopbackReceiver.Request> requests = receiver.from(cluster.namespace);
    assertEquals(1, requests.size(), "requests: " + requests);
    LoopbackReceiver.Request request = requests.get(0);
    assertEquals(cluster.namespace + "/" + run + "/page-oncall", request.key());
    assertTrue(request.body().contains("report source unreachable"), request.body());
    assertEquals("Succeeded", cluster.task("flaky-report").getStatus().getRuns().get(0).getActions().stream()
        .filter(a -> a.getName().equals("page-oncall")).findFirst().orElseThrow().getState());
  }
}
