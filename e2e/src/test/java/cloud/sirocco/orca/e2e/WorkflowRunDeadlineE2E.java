package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * A Task that must succeed within 60 seconds of the fire that began its workflow run, and whose run fails, becomes
 * Overdue naming that workflow run, and calls its receiver exactly once.
 */
class WorkflowRunDeadlineE2E {

  private static final String TASK = "report";

  private static LiveCluster cluster;
  private static LoopbackReceiver receiver;

  @BeforeAll
  static void startReceiver() throws IOException {
    cluster = new LiveCluster("e2e-workflow-run-deadline");
    receiver = new LoopbackReceiver();
  }

  @AfterAll
  static void cleanUp() {
    receiver.close();
    cluster.close();
  }

  @Test
  void aWorkflowRunWithNoSuccessOfTheTaskInTimeMakesItOverdueOnce() {
    cluster.applyYaml(ignitor() + "---\n" + task());
    cluster.awaitFinishedRuns(TASK, 1, Duration.ofSeconds(60));
    String workflowRun = cluster.task(TASK).getStatus().getRuns().get(0).getWorkflowRun();

    LiveCluster.await("the Task to be overdue in workflow run " + workflowRun + " and its action done",
        Duration.ofSeconds(120),
        () -> "True".equals(cluster.condition(TASK, "Overdue").map(Condition::getStatus).orElse(null))
            && episode().getActions() != null);

    assertEquals(workflowRun, episode().getWorkflowRun());
    assertEquals(List.of(cluster.namespace + "/" + TASK + "-overdue-" + workflowRun + "/page-oncall"),
        receiver.from(cluster.namespace).stream().map(LoopbackReceiver.Request::key).toList());
    List<String> overdue = cluster.client.v1().events().inNamespace(cluster.namespace).list().getItems().stream()
        .filter(e -> "Overdue".equals(e.getReason())).map(Event::getMessage).toList();
    assertEquals(1, overdue.size(), "one Overdue Warning Event: " + overdue);
    assertEquals(true, overdue.get(0).startsWith("No successful run in workflow run " + workflowRun + ", begun by the"
        + " fire of Ignitor kick at "), overdue.get(0));
  }

  private static Overdue episode() {
    List<Overdue> episodes = cluster.task(TASK).getStatus().getOverdueWorkflowRuns();
    return episodes.isEmpty() ? new Overdue() : episodes.get(0);
  }

  private static String ignitor() {
    return """
        apiVersion: sirocco.cloud/v1alpha1
        kind: Ignitor
        metadata:
          name: kick
        spec:
          scheduled: "NOW"
        """;
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
            withinWorkflowRun: 60s
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
                - name: report
                  image: busybox:1.36
                  command: ["sh", "-c", "exit 1"]
        """.formatted(TASK, receiver.url());
  }
}
