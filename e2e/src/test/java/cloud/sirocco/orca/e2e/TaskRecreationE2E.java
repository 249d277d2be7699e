package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.TaskStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Task deleted while it runs and applied again at once, on the real cluster: the new Task is another object
 * (another uid), which runs its one-shot fire beside the old run the garbage collector is still removing, and is
 * not blamed for that run's deletion.
 */
class TaskRecreationE2E {

  private static LiveCluster cluster;

  @BeforeAll
  static void createNamespace() {
    cluster = new LiveCluster("e2e-recreation");
  }

  @AfterAll
  static void cleanUp() {
    cluster.close();
  }

  @Test
  void aTaskDeletedWhileRunningAndAppliedAgainRunsItsOneShotFireAndIsNotBlamedForTheOldRun() {
    cluster.apply(cluster.manifest("recreated-task.yaml"));
    LiveCluster.await("the first run of slow to be running", Duration.ofSeconds(120),
        () -> cluster.runs("slow").stream().anyMatch(p -> "Running".equals(p.getStatus().getPhase())));
    String oldRun = cluster.runs("slow").get(0).getMetadata().getName();
    String oldUid = cluster.task("slow").getMetadata().getUid();

    LiveCluster.Result deleted = cluster.kubectl("delete", "task", "slow", "--timeout=60s");
    assertEquals(0, deleted.exitCode(), deleted.toString());
    cluster.apply(cluster.manifest("recreated-task.yaml"));

    assertNotNull(pod(oldRun), "the old run is still there, being collected, when the Task is applied again");
    String newUid = cluster.task("slow").getMetadata().getUid();
    assertNotEquals(oldUid, newUid);
    LiveCluster.await("a run of the new slow", Duration.ofSeconds(30), () -> runOf(newUid).isPresent());
    String newRun = runOf(newUid).orElseThrow().getMetadata().getName();
    LiveCluster.await("the old run " + oldRun + " to be removed by the garbage collector", Duration.ofSeconds(90),
        () -> pod(oldRun) == null);
    LiveCluster.await("the new slow's run to succeed", Duration.ofSeconds(90),
        () -> "Succeeded".equals(status().getState()));

    assertEquals(List.of(newRun), status().getRuns().stream().map(RunRecord::getName).toList(),
        "runs in the new slow's status");
    assertEquals(0, status().getFailuresCount());
    assertEquals(List.of(), cluster.runs("alert"), "alert's runs: no failure of slow");
    assertEquals(List.of(), cluster.client.v1().events().inNamespace(cluster.namespace).list().getItems().stream()
        .filter(e -> newUid.equals(e.getInvolvedObject().getUid()) && "RunFailed".equals(e.getReason()))
        .map(e -> e.getMessage()).toList(), "RunFailed Events of the new slow");
  }

  private static Optional<Pod> runOf(String taskUid) {
    return cluster.runs("slow").stream()
        .filter(p -> taskUid.equals(p.getMetadata().getOwnerReferences().get(0).getUid()))
        .findFirst();
  }

  private static Pod pod(String name) {
    return cluster.client.pods().inNamespace(cluster.namespace).withName(name).get();
  }

  private static TaskStatus status() {
    return Optional.ofNullable(cluster.task("slow").getStatus()).orElseGet(TaskStatus::new);
  }
}
