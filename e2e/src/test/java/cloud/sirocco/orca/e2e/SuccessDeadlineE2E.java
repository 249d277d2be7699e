package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.Overdue;
import io.fabric8.kubernetes.api.model.Condition;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Task with a 60-second success deadline whose run fails becomes Overdue and calls its receiver exactly once; a
 * success then clears the condition and calls it once more, as a recovery.
 */
class SuccessDeadlineE2E {

  private static final String TASK = "export";

  private static LiveCluster cluster;
  private static LoopbackReceiver receiver;

  @BeforeAll
  static void startReceiver() throws IOException {
    cluster = new LiveCluster("e2e-success-deadline");
    receiver = new LoopbackReceiver();
  }

  @AfterAll
  static void cleanUp() {
    receiver.close();
    cluster.close();
  }

  @Test
  void aTaskThatOnlyFailsIsOverdueOnceAndASuccessClearsItWithOneRecovery() {
    cluster.applyYaml(ignitor("1") + "---\n" + task());
    cluster.awaitFinishedRuns(TASK, 1, Duration.ofSeconds(60));

    LiveCluster.await("the Task to be overdue and its action done", Duration.ofSeconds(120),
        () -> "True".equals(cluster.condition(TASK, "Overdue").map(Condition::getStatus).orElse(null))
            && episode().getActions() != null);
    List<String> keys = keys();
    assertEquals(1, keys.size(), "requests: " + keys);
    assertTrue(keys.get(0).startsWith(cluster.namespace + "/" + TASK + "-overdue-"), keys.get(0));
    assertEquals(1, cluster.client.v1().events().inNamespace(cluster.namespace).list().getItems().stream()
        .filter(e -> "Overdue".equals(e.getReason())).count(), "one Overdue Warning Event");

    // A fresh fire whose data makes the run succeed.
    assertEquals(0, cluster.kubectl("delete", "ignitor", "kick").exitCode());
    cluster.applyYaml(ignitor("0"));
    LiveCluster.await("the success to clear the condition and its recovery to be done", Duration.ofSeconds(90),
        () -> "False".equals(cluster.condition(TASK, "Overdue").map(Condition::getStatus).orElse(null))
            && episode().getRecoveryActions() != null);

    keys = keys();
    assertEquals(2, keys.size(), "requests: " + keys);
    assertTrue(keys.get(1).startsWith(cluster.namespace + "/" + TASK + "-recovered-"), keys.get(1));
    assertEquals("Succeeded", episode().getRecoveryActions().get(0).getState());
  }

  private static List<String> keys() {
    return receiver.from(cluster.namespace).stream().map(LoopbackReceiver.Request::key).toList();
  }

  private static Overdue episode() {
    Overdue overdue = cluster.task(TASK).getStatus().getOverdue();
    return overdue == null ? new Overdue() : overdue;
  }

  private static String ignitor(String exitCode) {
    return """
        apiVersion: sirocco.cloud/v1alpha1
        kind: Ignitor
        metadata:
          name: kick
        spec:
          scheduled: "NOW"
          data: "%s"
        """.formatted(exitCode);
  }

  private static String task() {
    return """
        apiVersion: sirocco.cloud/v1alpha1
        kind: Task
        metadata:
          name: %s
        spec:
          startOnIgnition: [kick]
          successDeadline:
            within: 60s
            actions: [page-oncall]
          actions:
            - name: page-oncall
              plugin: http
              config:
                url: %s
                method: POST
          template:
            spec:
              terminationGracePeriodSeconds: 0
              containers:
                - name: export
                  image: busybox:1.36
                  command: ["sh", "-c", "exit $ORCA_DATA"]
        """.formatted(TASK, receiver.url());
  }
}
