package cloud.sirocco.orca.reconciler;

import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.Task;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/**
 * The framework's report of reconcile passes as {@code orca_reconcile_errors_total{kind}}: passes that ended in an
 * error, each retry counted (the resource's Ready condition and Events say which one and why). Both kinds are
 * registered from the start, so that a rate reads zero rather than nothing.
 */
public final class ReconcileMeters implements Metrics {

  private final MeterRegistry meters;

  public ReconcileMeters(MeterRegistry meters) {
    this.meters = meters;
    errors(HasMetadata.getKind(Task.class));
    errors(HasMetadata.getKind(Ignitor.class));
  }

  @Override
  public void failedReconciliation(HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    errors(HasMetadata.getKind(resource.getClass())).increment();
  }

  private Counter errors(String kind) {
    return Counter.builder("orca.reconcile.errors")
        .description("Reconcile passes that ended in an error, retries included")
        .tag("kind", kind)
        .register(meters);
  }
}
