package cloud.sirocco.orca.testing;

import cloud.sirocco.orca.OrcaControllers;
import cloud.sirocco.orca.action.RunActions;
import cloud.sirocco.orca.cluster.KubernetesCluster;
import cloud.sirocco.orca.model.ActionStatus;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.reconciler.TaskConverger;
import cloud.sirocco.orca.run.RunLauncher;
import cloud.sirocco.orca.run.RunState;
import cloud.sirocco.orca.status.Incidents;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * Orca's operator as {@code OrcaOperator.main} wires it (both controllers registered by {@link OrcaControllers}, a
 * {@link KubernetesCluster}, the run launcher), started in the test's JVM on a {@link MockApiServer}. Two things differ: runs have no actions (every
 * finished run's actions are done at once, with none), and the configuration suits the mock server, which speaks
 * neither server-side apply nor CRD checks. Stopping it leaves the client open, so another can start on the same
 * server: a restart.
 */
public final class TestOperator implements AutoCloseable {

  private final Operator operator;
  private final KubernetesCluster cluster;
  private final ReconcileLog reconciles;

  private TestOperator(Operator operator, KubernetesCluster cluster, ReconcileLog reconciles) {
    this.operator = operator;
    this.cluster = cluster;
    this.reconciles = reconciles;
  }

  public static TestOperator start(KubernetesClient client) {
    ReconcileLog reconciles = new ReconcileLog();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    KubernetesCluster cluster = new KubernetesCluster(client, meters);
    Clock clock = Clock.systemUTC();
    TaskConverger converger = new TaskConverger(cluster, new RunLauncher(cluster, meters), new NoActions(), meters);
    Operator operator = new Operator(overrider -> overrider
        .withKubernetesClient(client)
        .withMetrics(reconciles)
        .withUseSSAToPatchPrimaryResource(false)
        .withSSABasedCreateUpdateMatchForDependentResources(false)
        .checkingCRDAndValidateLocalModel(false)
        .withCloseClientOnStop(false));
    OrcaControllers.register(operator, cluster, converger, clock, meters, Set.of());
    operator.start();
    return new TestOperator(operator, cluster, reconciles);
  }

  public ReconcileLog reconciles() {
    return reconciles;
  }

  /** For failure messages: the reconciles that threw, which usually say why nothing happened. */
  public String diagnostics() {
    List<String> failures = reconciles.failures();
    return failures.isEmpty() ? "no reconcile failed" : "failed reconciles: " + failures;
  }

  @Override
  public void close() {
    operator.stop();
    cluster.close();
  }

  private static final class NoActions implements RunActions {
    @Override
    public Optional<List<ActionStatus>> progress(Task task, Pod pod, RunState state,
        Optional<Incidents.Notice> notice, Runnable whenDone) {
      return Optional.of(List.of());
    }

    @Override
    public Optional<List<ActionStatus>> notify(Task task, Pod standIn, RunState state, List<String> names,
        Optional<Incidents.Notice> notice, Runnable whenDone) {
      return Optional.of(List.of());
    }

    @Override
    public List<String> unknown(Task task) {
      return List.of();
    }

    @Override
    public SortedMap<String, String> pluginFilesNotLoaded() {
      return Collections.emptySortedMap();
    }
  }
}
