package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.names.RunNames;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deleting Tasks with kubectl on the real cluster: each holds a finalizer until the operator has let go of its run
 * pods, which the garbage collector then removes; one that never ran goes at once.
 */
class TaskDeletionE2E {

  private static LiveCluster cluster;

  @BeforeAll
  static void runTheSeedWorkflow() {
    cluster = new LiveCluster("e2e-deletion");
    cluster.apply(cluster.example("hello-workflow.yaml"));
    cluster.awaitFinishedRuns("task2", 1, Duration.ofSeconds(120));
  }

  @AfterAll
  static void cleanUp() {
    cluster.close();
  }

  @Test
  void deletedTasksLetGoOfTheirRunsAndGo() {
    cluster.apply(cluster.manifest("idle-task.yaml"));
    LiveCluster.await("the operator's first status of the idle Task", Duration.ofSeconds(30),
        () -> cluster.task("idle").getStatus().getObservedGeneration() != null);
    assertEquals(List.of(RunNames.TASK_FINALIZER), finalizers("task1"));
    assertEquals(List.of(RunNames.TASK_FINALIZER), finalizers("idle"), "the finalizer comes with the first status");
    assertEquals(1, cluster.runs("task1").size());

    LiveCluster.Result deleted = cluster.kubectl("delete", "task", "task1", "idle", "--timeout=60s");

    assertEquals(0, deleted.exitCode(), deleted.toString());
    assertNull(cluster.task("task1"));
    assertNull(cluster.task("idle"));
    LiveCluster.await("task1's run pod to be removed by the garbage collector", Duration.ofSeconds(60),
        () -> cluster.runs("task1").isEmpty());
    assertEquals(1, cluster.runs("task2").size(), "task2's run is task2's: it stays");
  }

  private static List<String> finalizers(String task) {
    return Optional.ofNullable(cluster.task(task)).map(Task::getMetadata).map(ObjectMeta::getFinalizers)
        .orElse(List.of());
  }
}
