package cloud.sirocco.orca.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.Task;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcileMetersTest {

  private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ReconcileMeters reconciles = new ReconcileMeters(meters);

  @Test
  void exportsZeroErrorsPerKindBeforeAnyPassFails() {
    String scrape = meters.scrape();

    assertTrue(scrape.contains("orca_reconcile_errors_total{kind=\"Task\"} 0.0"), scrape);
    assertTrue(scrape.contains("orca_reconcile_errors_total{kind=\"Ignitor\"} 0.0"), scrape);
  }

  @Test
  void countsEveryFailedPassByTheResourcesKind() {
    reconciles.failedReconciliation(new Task(), new KubernetesClientException("conflict"), Map.of());
    reconciles.failedReconciliation(new Task(), new KubernetesClientException("conflict"), Map.of());

    assertEquals(2.0, meters.get("orca.reconcile.errors").tag("kind", "Task").counter().count());
    assertEquals(0.0, meters.get("orca.reconcile.errors").tag("kind", "Ignitor").counter().count());
  }
}
