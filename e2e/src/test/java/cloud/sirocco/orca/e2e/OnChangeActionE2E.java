package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.Incident;
import cloud.sirocco.orca.model.TaskStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An action set to notify on changes (examples/alert-once-per-incident.yaml), over five failed runs and a success,
 * reaches its receiver exactly twice: the first failure, and the recovery. So it does with the operator SIGKILLed
 * between the third and the fourth failure.
 */
class OnChangeActionE2E {

  private static final String TASK = "flaky-sync";
  private static final Duration INCIDENT = Duration.ofSeconds(150);

  private static LoopbackReceiver receiver;

  @BeforeAll
  static void startReceiver() throws IOException {
    receiver = new LoopbackReceiver();
  }

  @AfterAll
  static void stopReceiver() {
    receiver.close();
  }

  @Test
  void fiveFailuresAndASuccessReachTheReceiverTwice() throws IOException {
    try (LiveCluster cluster = new LiveCluster("e2e-on-change")) {
      cluster.applyYaml(receiver.addressedHere(cluster.example("alert-once-per-incident.yaml")));

      TaskStatus status = awaitRecovery(cluster);

      assertNoticedTwice(cluster, status);
    }
  }

  @Test
  void theOperatorKilledBetweenTheThirdAndFourthFailureRepeatsAndLosesNoNotice() throws IOException {
    try (LiveCluster cluster = new LiveCluster("e2e-on-change-kill")) {
      cluster.applyYaml(receiver.addressedHere(cluster.example("alert-once-per-incident.yaml")));
      LiveCluster.await("the third failure to be recorded", INCIDENT, () -> failures(cluster) >= 3);

      try {
        LiveCluster.Result killed = cluster.orca("kill-operator");
        assertEquals(0, killed.exitCode(), killed.toString());
        assertEquals(3, failures(cluster), "killed between the third and the fourth failure");
      } finally {
        LiveCluster.Result started = cluster.orca("start-operator");
        assertEquals(0, started.exitCode(), started.toString());
      }

      assertNoticedTwice(cluster, awaitRecovery(cluster));
    }
  }

  /** The Task's status once its recovery is recorded and the recovering run's actions are done. */
  private static TaskStatus awaitRecovery(LiveCluster cluster) {
    LiveCluster.await("the recovery's actions to be recorded", INCIDENT, () -> {
      TaskStatus status = cluster.task(TASK).getStatus();
      return status != null && status.getIncident() != null && status.getIncident().getRecoveredBy() != null
          && status.getRuns().stream().anyMatch(r -> r.getName().equals(status.getIncident().getRecoveredBy())
              && r.getActions() != null);
    });
    return cluster.task(TASK).getStatus();
  }

  private static void assertNoticedTwice(LiveCluster cluster, TaskStatus status) {
    Incident incident = status.getIncident();
    assertEquals(5, incident.getFailures());
    List<LoopbackReceiver.Request> mine = receiver.from(cluster.namespace);
    assertEquals(2, mine.size(), "requests: " + mine);
    assertEquals(cluster.namespace + "/" + incident.getOpenedBy() + "/page-oncall", mine.get(0).key());
    assertTrue(mine.get(0).body().contains(TASK + ": FAILED after 1 failed run(s) since " + incident.getSince()),
        mine.get(0).body());
    assertEquals(cluster.namespace + "/" + incident.getRecoveredBy() + "/page-oncall", mine.get(1).key());
    assertTrue(mine.get(1).body().contains(TASK + ": RECOVERED after 5 failed run(s) since " + incident.getSince()),
        mine.get(1).body());
    List<String> states = status.getRuns().stream().filter(r -> "Failed".equals(r.getPhase()))
        .filter(r -> !r.getName().equals(incident.getOpenedBy()))
        .map(r -> r.getActions() == null ? "none" : r.getActions().get(0).getState()).toList();
    assertTrue(states.stream().allMatch("Skipped"::equals), "the repeated failures pass the action over: " + states);
  }

  private static int failures(LiveCluster cluster) {
    TaskStatus status = cluster.task(TASK).getStatus();
    return status == null || status.getIncident() == null ? 0 : status.getIncident().getFailures();
  }
}
