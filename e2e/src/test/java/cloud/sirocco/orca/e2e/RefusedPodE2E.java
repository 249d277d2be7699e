package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.TaskStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A run pod the API server refuses (here: PodSecurity admission, level restricted) is its Task's failed run, seen in
 * its status and Events, handed to its failure listeners, while the upstream's other listeners run.
 */
class RefusedPodE2E {

  private static LiveCluster cluster;

  @BeforeAll
  static void applyWorkflow() {
    cluster = new LiveCluster("e2e-refused");
    cluster.client.namespaces().withName(cluster.namespace).edit(ns -> {
      ns.getMetadata().getLabels().put("pod-security.kubernetes.io/enforce", "restricted");
      return ns;
    });
    cluster.apply(cluster.manifest("refused-pods.yaml"));
  }

  /** Deleting the namespace finishes: no run pod keeps a finalizer that nobody releases. */
  @AfterAll
  static void cleanUp() {
    cluster.client.namespaces().withName(cluster.namespace).delete();
    LiveCluster.await("namespace " + cluster.namespace + " to be deleted", Duration.ofSeconds(120),
        () -> cluster.client.namespaces().withName(cluster.namespace).get() == null);
    cluster.close();
  }

  @Test
  void theRefusedRunIsInItsTasksStatusAndEventsWhileTheSiblingRuns() {
    Pod sibling = cluster.awaitFinishedRuns("sibling", 1, Duration.ofSeconds(120)).get(0);
    assertEquals("Succeeded", sibling.getStatus().getPhase());

    LiveCluster.await("privileged's status to record its refused run", Duration.ofSeconds(60), () -> {
      TaskStatus status = cluster.task("privileged").getStatus();
      return status != null && !status.getRuns().isEmpty() && status.getRejectedRuns().isEmpty();
    });
    TaskStatus status = cluster.task("privileged").getStatus();
    RunRecord refused = status.getRuns().get(0);
    assertEquals(List.of("Failed", "PodRejected"), List.of(refused.getPhase(), refused.getReason()));
    assertTrue(refused.getMessage().contains("violates PodSecurity \"restricted"), refused.getMessage());
    assertEquals(1, status.getFailuresCount());
    assertEquals(List.of(), cluster.runs("privileged"), "no pod exists for the refused run");

    LiveCluster.await("a RunFailed Warning Event on privileged naming PodRejected", Duration.ofSeconds(30),
        () -> events("privileged").stream().anyMatch(e -> "RunFailed".equals(e.getReason())
            && "Warning".equals(e.getType()) && e.getMessage().contains("PodRejected")));
    Pod onRefusal = cluster.awaitFinishedRuns("on-refusal", 1, Duration.ofSeconds(120)).get(0);
    assertEquals("privileged", LiveCluster.env(onRefusal, "ORCA_INITIATOR"));
    assertEquals("Succeeded", cluster.task("upstream").getStatus().getState());
    assertEquals(1, cluster.task("upstream").getStatus().getRuns().size(), "upstream ran once");
  }

  private List<Event> events(String task) {
    return cluster.client.v1().events().inNamespace(cluster.namespace).list().getItems().stream()
        .filter(e -> task.equals(e.getInvolvedObject().getName())).toList();
  }
}
