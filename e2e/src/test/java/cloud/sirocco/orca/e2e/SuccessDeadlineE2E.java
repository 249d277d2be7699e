package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.Overdue;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Task with a 60-second success deadline whose run fails becomes Overdue and calls its receiver exactly once; a
 * success then clears the condition and calls it once more, as a recovery. One that must succeed within 60 seconds
 * of the fire that began its workflow run, and fails there, becomes Overdue naming that workflow run, once.
 */
class SuccessDeadlineE2E {

  private static final String TASK = "export";
  private static final String PER_RUN_TASK = "report";

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
    cluster.applyYaml(ignitor("kick", "1") + "---\n" + task(TASK, "kick", "within: 60s", "exit $ORCA_DATA"));
    cluster.awaitFinishedRuns(TASK, 1, Duration.ofSeconds(60));

    LiveCluster.await("the Task to be overdue and its action done", Duration.ofSeconds(120),
        () -> "True".equals(cluster.condition(TASK, "Overdue").map(Condition::getStatus).orElse(null))
            && episode().getActions() != null);
    List<String> keys = keys(TASK);
    assertEquals(1, keys.size(), "requests: " + keys);
    assertTrue(keys.get(0).startsWith(cluster.namespace + "/" + TASK + "-overdue-"), keys.get(0));
    assertEquals(1, overdueEvents(TASK).size(), "one Overdue Warning Event");

    // A fresh fire whose data makes the run succeed.
    assertEquals(0, cluster.kubectl("delete", "ignitor", "kick").exitCode());
    cluster.applyYaml(ignitor("kick", "0"));
    LiveCluster.await("the success to clear the condition and its recovery to be done", Duration.ofSeconds(90),
        () -> "False".equals(cluster.condition(TASK, "Overdue").map(Condition::getStatus).orElse(null))
            && episode().getRecoveryActions() != null);

    keys = keys(TASK);
    assertEquals(2, keys.size(), "requests: " + keys);
    assertTrue(keys.get(1).startsWith(cluster.namespace + "/" + TASK + "-recovered-"), keys.get(1));
    assertEquals("Succeeded", episode().getRecoveryActions().get(0).getState());
  }

  @Test
  void aWorkflowRunWithNoSuccessOfTheTaskInTimeMakesItOverdueOnce() {
    cluster.applyYaml(ignitor("nightly", "1") + "---\n"
        + task(PER_RUN_TASK, "nightly", "withinWorkflowRun: 60s", "exit 1"));
    cluster.awaitFinishedRuns(PER_RUN_TASK, 1, Duration.ofSeconds(60));
    String workflowRun = cluster.task(PER_RUN_TASK).getStatus().getRuns().get(0).getWorkflowRun();

    LiveCluster.await("the Task to be overdue in workflow run " + workflowRun + " and its action done",
        Duration.ofSeconds(120),
        () -> "True".equals(cluster.condition(PER_RUN_TASK, "Overdue").map(Condition::getStatus).orElse(null))
            && workflowRunEpisode().getActions() != null);

    assertEquals(workflowRun, workflowRunEpisode().getWorkflowRun());
    assertEquals(List.of(cluster.namespace + "/" + PER_RUN_TASK + "-overdue-" + workflowRun + "/page-oncall"),
        keys(PER_RUN_TASK));
    List<String> overdue = overdueEvents(PER_RUN_TASK);
    assertEquals(1, overdue.size(), "one Overdue Warning Event: " + overdue);
    assertTrue(overdue.get(0).startsWith("No successful run in workflow run " + workflowRun + ", begun by the fire"
        + " of Ignitor nightly at "), overdue.get(0));
  }

  private static List<String> keys(String task) {
    return receiver.from(cluster.namespace).stream().map(LoopbackReceiver.Request::key)
        .filter(key -> key.startsWith(cluster.namespace + "/" + task + "-")).toList();
  }

  private static List<String> overdueEvents(String task) {
    return cluster.client.v1().events().inNamespace(cluster.namespace).list().getItems().stream()
        .filter(e -> "Overdue".equals(e.getReason()) && task.equals(e.getInvolvedObject().getName()))
        .map(Event::getMessage).toList();
  }

  private static Overdue episode() {
    Overdue overdue = cluster.task(TASK).getStatus().getOverdue();
    return overdue == null ? new Overdue() : overdue;
  }

  private static Overdue workflowRunEpisode() {
    List<Overdue> episodes = cluster.task(PER_RUN_TASK).getStatus().getOverdueWorkflowRuns();
    return episodes.isEmpty() ? new Overdue() : episodes.get(0);
  }

  private static String ignitor(String name, String data) {
    return """
        apiVersion: sirocco.cloud/v1alpha1
        kind: Ignitor
        metadata:
          name: %s
        spec:
          scheduled: "NOW"
          data: "%s"
        """.formatted(name, data);
  }

  /** A Task started by {@code ignitor}, running {@code command}, with this success deadline's period. */
  private static String task(String name, String ignitor, String period, String command) {
    return """
        apiVersion: sirocco.cloud/v1alpha1
        kind: Task
        metadata:
          name: %s
        spec:
          startOnIgnition: [%s]
          successDeadline:
            %s
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
                - name: main
                  image: busybox:1.36
                  command: ["sh", "-c", "%s"]
        """.formatted(name, ignitor, period, receiver.url(), command);
  }
}
