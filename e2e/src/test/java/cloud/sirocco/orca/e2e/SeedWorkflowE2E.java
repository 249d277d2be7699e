package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.Task;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ORCA's own example workflow, applied as a user would, runs on the real cluster. */
class SeedWorkflowE2E {

  private static LiveCluster cluster;

  @BeforeAll
  static void applyTheSeedWorkflow() {
    cluster = new LiveCluster("e2e-seed");
    cluster.apply(cluster.example("hello-workflow.yaml"));
  }

  @AfterAll
  static void cleanUp() {
    cluster.close();
  }

  @Test
  void task2StartsAfterTask1SucceedsWithItsTerminationMessageAndInitiator() {
    Pod task2 = cluster.awaitFinishedRuns("task2", 1, Duration.ofSeconds(120)).get(0);
    Pod task1 = cluster.awaitFinishedRuns("task1", 1, Duration.ofSeconds(5)).get(0);

    assertEquals("Succeeded", task1.getStatus().getPhase());
    assertEquals("ignitor1", LiveCluster.env(task1, "ORCA_INITIATOR"));
    assertEquals("hello from ignitor1", LiveCluster.env(task1, "ORCA_DATA"));
    assertEquals("task1", LiveCluster.env(task2, "ORCA_INITIATOR"));
    assertEquals("greetings from task1", LiveCluster.env(task2, "ORCA_DATA"));
    assertEquals("task2 read: greetings from task1", LiveCluster.terminationMessage(task2));
  }

  @Test
  void eachTaskRanExactlyOnce() {
    cluster.awaitFinishedRuns("task2", 1, Duration.ofSeconds(120));
    LiveCluster.await("task2's status to record its run", Duration.ofSeconds(30),
        () -> "Succeeded".equals(cluster.task("task2").getStatus().getState()));
    assertEquals(1, cluster.runs("task1").size());
    assertEquals(1, cluster.runs("task2").size());
  }

  @Test
  void kubectlGetTasksShowsTheSeedColumnsWithRealValues() {
    cluster.awaitFinishedRuns("task2", 1, Duration.ofSeconds(120));
    LiveCluster.await("both Tasks to show Succeeded", Duration.ofSeconds(30),
        () -> List.of("task1", "task2").stream().map(cluster::task).map(Task::getStatus)
            .allMatch(s -> s != null && "Succeeded".equals(s.getState())));

    LiveCluster.Result table = cluster.kubectl("get", "tasks");

    assertEquals(0, table.exitCode(), table.toString());
    String header = table.out().lines().findFirst().orElseThrow();
    assertTrue(header.matches("NAME\\s+STATE\\s+LASTSUCCESS\\s+LASTFAILURE\\s+FAILURESCOUNT\\s+IGNITORS\\s+"
        + "ONSUCCESSTASK\\s+ONFAILURETASK\\s+START\\s+DURATION\\s*"), header);
    String task1 = table.out().lines().filter(l -> l.startsWith("task1 ")).findFirst().orElseThrow();
    assertTrue(task1.matches("task1\\s+Succeeded\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\s+(<none>\\s+)?0\\s+"
        + "\\[\"?ignitor1\"?]\\s+(\\[]\\s+)?\\[\"?task1\"?]\\s+.*"), task1);
  }
}
