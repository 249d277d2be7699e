package cloud.sirocco.orca.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes a resource's status only when it changed, with optimistic locking, and puts the result into the
 * controller's cache so that the next reconcile starts from it rather than from an older copy.
 */
final class StatusWrites {

  private StatusWrites() {}

  static <P extends HasMetadata> void writeIfChanged(P stored, Object storedStatus, Object status,
      Context<P> context, Consumer<P> setStatus) {
    if (Objects.equals(TaskConverger.SERIALIZATION.asJson(status),
        TaskConverger.SERIALIZATION.asJson(storedStatus))) {
      return;
    }
    PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(stored, context, fresh -> {
      setStatus.accept(fresh);
      return fresh;
    });
  }
}
