package cloud.sirocco.orca.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/**
 * The reconciles an operator has finished and the ones that failed, as JOSDK reports them through its metrics
 * hook: what a test waits on when the proof of a reconcile is that nothing changed.
 */
public final class ReconcileLog implements Metrics {

  private final ConcurrentLinkedQueue<HasMetadata> finished = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

  @Override
  public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
    finished.add(resource);
  }

  @Override
  public void failedReconciliation(HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    failures.add(resource.getKind() + " " + ResourceID.fromResource(resource) + ": " + exception);
  }

  /** How many reconciles of this kind and name finished with the resource as {@code seen} describes it. */
  public long finished(String kind, String name, Predicate<HasMetadata> seen) {
    return finished.stream()
        .filter(r -> kind.equals(r.getKind()) && name.equals(r.getMetadata().getName()))
        .filter(seen)
        .count();
  }

  public long finished(String kind, String name) {
    return finished(kind, name, r -> true);
  }

  /** Failed reconciles, oldest first, for a failure message. */
  public List<String> failures() {
    return List.copyOf(failures);
  }
}
