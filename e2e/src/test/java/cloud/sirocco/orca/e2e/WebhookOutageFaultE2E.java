package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.Task;
import io.fabric8.kubernetes.api.model.Condition;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Promise: with the webhook down and {@code failurePolicy: Fail}, {@code kubectl apply} is refused with a message
 * naming the webhook that could not be called, and nothing is stored; once the webhook is back, applies work
 * again. A Task admitted while the webhook was bypassed altogether (its configurations deleted) that breaks a rule
 * is caught by the operator's second guard: {@code Ready} is False naming the field (UnresolvedReference: the Task
 * it names does not exist), and it never runs.
 */
class WebhookOutageFaultE2E {

  private static LiveCluster cluster;

  @BeforeAll
  static void createNamespace() {
    cluster = new LiveCluster("e2e-fault-webhook");
  }

  @AfterAll
  static void cleanUp() {
    // Whatever happened above, leave the webhook running and registered for the rest of the suite.
    cluster.orca("start");
    cluster.close();
  }

  @Test
  void aDownWebhookRefusesAppliesWithItsNameAndTheyWorkAgainOnceItIsBack() {
    Path probe = cluster.manifest("fault-webhook-probe.yaml");
    LiveCluster.Result stopped = cluster.orca("stop-webhook");
    assertEquals(0, stopped.exitCode(), stopped.toString());

    LiveCluster.Result refused = cluster.kubectl("apply", "-f", probe.toString());

    assertNotEquals(0, refused.exitCode(), refused.toString());
    assertTrue(refused.err().contains("failed calling webhook \"mutate.orca.sirocco.cloud\""), refused.toString());
    assertTrue(refused.err().contains("https://127.0.0.1:8443/mutate"), refused.toString());
    assertNull(cluster.ignitor("webhook-probe"), "nothing stored while the webhook is down");
    System.out.printf("webhook outage fault: kubectl apply refused with: %s%n", refused.err().strip());

    LiveCluster.Result started = cluster.orca("start-webhook");
    assertEquals(0, started.exitCode(), started.toString());
    cluster.apply(probe);
    assertEquals("UTC", cluster.ignitor("webhook-probe").getSpec().getTimeZone(),
        "stored with the mutator's defaults");
    System.out.println("webhook outage fault: applies tried 2, refused while down 1, stored once back 1");
  }

  @Test
  void anInvalidTaskAdmittedWhileTheWebhookWasBypassedIsNotReadyAndNeverRuns() {
    LiveCluster.Result unregistered = cluster.orca("unregister-webhook");
    assertEquals(0, unregistered.exitCode(), unregistered.toString());
    LiveCluster.Result applied;
    try {
      applied = cluster.kubectl("apply", "-f", cluster.manifest("fault-bypassed-invalid.yaml").toString());
    } finally {
      LiveCluster.Result registered = cluster.orca("start");
      assertEquals(0, registered.exitCode(), registered.toString());
    }
    assertEquals(0, applied.exitCode(), "stored without admission: " + applied);

    LiveCluster.await("bypass-invalid's Ready condition to be False/UnresolvedReference", Duration.ofSeconds(60),
        () -> cluster.condition("bypass-invalid", "Ready").filter(c -> "UnresolvedReference".equals(c.getReason()))
            .isPresent());
    // The valid Task on the same Ignitor fire has run: the fire was delivered, so the invalid one was held back.
    cluster.awaitFinishedRuns("bypass-valid", 1, Duration.ofSeconds(90));

    Condition condition = cluster.condition("bypass-invalid", "Ready").orElseThrow();
    Task invalid = cluster.task("bypass-invalid");
    int runs = cluster.runs("bypass-invalid").size() + invalid.getStatus().getRuns().size();
    System.out.printf("webhook bypass fault: invalid Tasks admitted 1, caught by the operator %d, ran %d;"
        + " Ready=%s/%s: %s%n", "False".equals(condition.getStatus()) ? 1 : 0, runs, condition.getStatus(),
        condition.getReason(), condition.getMessage());
    assertEquals("False", condition.getStatus());
    assertTrue(condition.getMessage().contains("spec.startOnSuccess[0]"), condition.getMessage());
    assertTrue(condition.getMessage().contains("no-such-task"), condition.getMessage());
    assertEquals(0, runs, "pods and recorded runs of bypass-invalid");
    // Its pod has finished; the operator records the success a moment later.
    LiveCluster.await("bypass-valid's status to record its success", Duration.ofSeconds(30),
        () -> cluster.task("bypass-valid").getStatus().getLastSuccess() != null);
  }
}
