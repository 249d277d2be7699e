package cloud.sirocco.orca;

import cloud.sirocco.orca.cluster.Cluster;
import cloud.sirocco.orca.informer.LeanItemStore;
import cloud.sirocco.orca.reconciler.IgnitorReconciler;
import cloud.sirocco.orca.reconciler.TaskConverger;
import cloud.sirocco.orca.reconciler.TaskReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Orca's two controllers as they are registered with an operator: the one wiring that production and the tests on a
 * mock API server share, informer caches trimmed and listed in pages included.
 */
public final class OrcaControllers {

  private OrcaControllers() {}

  /** Registers the Task and Ignitor controllers, watching {@code namespaces} (empty: all). */
  public static void register(Operator operator, Cluster cluster, TaskConverger converger, Clock clock,
      MeterRegistry meters, Set<String> namespaces) {
    operator.register(new TaskReconciler(cluster, converger, clock), watched(namespaces));
    operator.register(new IgnitorReconciler(cluster, clock, meters), watched(namespaces));
  }

  private static <R extends HasMetadata> Consumer<ControllerConfigurationOverrider<R>> watched(
      Set<String> namespaces) {
    return overrider -> {
      overrider.withItemStore(new LeanItemStore<>()).withInformerListLimit(LeanItemStore.LIST_PAGE);
      if (!namespaces.isEmpty()) {
        overrider.settingNamespaces(namespaces);
      }
    };
  }
}
