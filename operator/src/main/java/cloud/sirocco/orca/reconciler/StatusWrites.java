package cloud.sirocco.orca.reconciler;

import cloud.sirocco.orca.model.RejectedRun;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.status.RejectedRuns;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.net.HttpURLConnection;
import java.util.function.Consumer;

/**
 * Writes a resource's status only when it changed, with optimistic locking, and puts the result into the
 * controller's cache so that the next reconcile starts from it rather than from an older copy. Also adds the refused
 * runs of another Task to that Task's status, the one write a pass makes to a resource other than its own.
 */
final class StatusWrites {

  private static final int CONFLICT_ATTEMPTS = 5;

  private StatusWrites() {}

  /**
   * Adds a refused run to {@code target}'s status, read afresh and written with optimistic locking, unless it is
   * known there already or the Task is gone or being deleted (a Task re-created under the same name is another).
   */
  static void addRejectedRun(KubernetesClient client, Task target, RejectedRun run) {
    for (int attempt = 1; ; attempt++) {
      Task fresh = client.resources(Task.class).inNamespace(target.getMetadata().getNamespace())
          .withName(target.getMetadata().getName()).get();
      if (fresh == null || fresh.isMarkedForDeletion()
          || !fresh.getMetadata().getUid().equals(target.getMetadata().getUid())) {
        return;
      }
      if (fresh.getStatus() == null) {
        fresh.setStatus(new TaskStatus());
      }
      if (!RejectedRuns.add(fresh.getStatus(), run)) {
        return;
      }
      try {
        client.resource(fresh).updateStatus();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == CONFLICT_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  static <P extends HasMetadata> void writeIfChanged(P stored, Object storedStatus, Object status,
      Context<P> context, Consumer<P> setStatus) {
    if (Copies.sameContent(status, storedStatus)) {
      return;
    }
    PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(stored, context, fresh -> {
      setStatus.accept(fresh);
      return fresh;
    });
  }
}
