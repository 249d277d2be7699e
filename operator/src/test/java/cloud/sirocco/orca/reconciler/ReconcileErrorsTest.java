package cloud.sirocco.orca.reconciler;

import static cloud.sirocco.orca.testing.Workflows.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.testing.InMemoryCluster;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcileErrorsTest {

  private final InMemoryCluster cluster = new InMemoryCluster();
  private final Task task = task("task1").image("busybox:1.36").build();

  {
    task.setStatus(new TaskStatus());
  }

  @Test
  void aFailedPassIsReportedOnceInReadyAndAnEvent() {
    KubernetesClientException error = new KubernetesClientException("the API server is gone");

    assertTrue(ReconcileErrors.report(cluster, task, task.getStatus().getConditions(), error, Instant.EPOCH)
        .getResource().isPresent());
    assertFalse(ReconcileErrors.report(cluster, task, task.getStatus().getConditions(), error, Instant.EPOCH)
        .getResource().isPresent(), "the same error again patches nothing");

    assertEquals(List.of("ReconcileError"), cluster.events().stream().map(InMemoryCluster.RecordedEvent::reason)
        .toList());
    assertEquals("ReconcileError", task.getStatus().getConditions().get(0).getReason());
  }

  @Test
  void aPassInterruptedByTheOperatorStoppingIsNotTheTasksError() {
    KubernetesClientException interrupted = new KubernetesClientException("Operation: [update] failed",
        new InterruptedIOException());

    assertFalse(ReconcileErrors.report(cluster, task, task.getStatus().getConditions(), interrupted, Instant.EPOCH)
        .getResource().isPresent());

    assertEquals(List.of(), cluster.events());
    assertEquals(List.of(), task.getStatus().getConditions());
  }
}
