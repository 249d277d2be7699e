package cloud.sirocco.orca;

import cloud.sirocco.orca.action.ActionRunner;
import cloud.sirocco.orca.action.ActionRunnerSettings;
import cloud.sirocco.orca.action.PluginRegistry;
import cloud.sirocco.orca.action.RunActionDispatcher;
import cloud.sirocco.orca.cluster.KubernetesCluster;
import cloud.sirocco.orca.concurrent.ShutdownSequence;
import cloud.sirocco.orca.health.HealthServer;
import cloud.sirocco.orca.reconciler.ReconcileMeters;
import cloud.sirocco.orca.reconciler.TaskConverger;
import cloud.sirocco.orca.run.RunLauncher;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts Orca's operator: the Task and Ignitor controllers, the action runtime and the health server. */
public final class OrcaOperator {

  private static final Logger LOG = LoggerFactory.getLogger(OrcaOperator.class);
  /** How long reconciles under way when the operator stops get to finish. */
  private static final Duration RECONCILE_GRACE = Duration.ofSeconds(10);

  private OrcaOperator() {}

  public static void main(String[] args) throws Exception {
    OperatorConfig config = OperatorConfig.fromEnvironment(System.getenv());
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    KubernetesClient client = new KubernetesClientBuilder().build();
    KubernetesCluster cluster = new KubernetesCluster(client, meters);

    ActionRunnerSettings actionSettings = ActionRunnerSettings.DEFAULTS
        .withPluginDir(config.pluginDir())
        .withPollInterval(config.pluginPollInterval())
        .withStaging(config.pluginStagingDir(), config.pluginStagingLimit())
        .withThreads(config.actionThreads())
        .withAttemptTimeout(config.actionTimeout())
        .withAttempts(config.actionAttempts());
    PluginRegistry plugins = PluginRegistry.open(actionSettings);
    plugins.bindTo(meters);
    ActionRunner runner = new ActionRunner(plugins, actionSettings, meters);
    LOG.info("Action plugins from {}: {}", config.pluginDir(), plugins.actionNames());

    Clock clock = Clock.systemUTC();
    RunActionDispatcher actions = new RunActionDispatcher(cluster, runner, plugins, config.logTailLines(),
        RunActionDispatcher.RETENTION);
    TaskConverger converger = new TaskConverger(cluster, new RunLauncher(cluster, meters), actions, meters);

    ShutdownSequence shutdown = new ShutdownSequence();
    Operator operator = new Operator(overrider -> {
      overrider.withKubernetesClient(client)
          .withConcurrentReconciliationThreads(config.reconcileThreads())
          .withUseSSAToPatchPrimaryResource(false)
          .withReconciliationTerminationTimeout(RECONCILE_GRACE)
          // The shutdown closes the client itself, once the last Events are written.
          .withCloseClientOnStop(false)
          .withMetrics(new ReconcileMeters(meters));
      if (!config.leaseNamespace().isEmpty()) {
        overrider.withLeaderElectionConfiguration(leaderElection(config.leaseNamespace(), shutdown));
      }
    });
    OrcaControllers.register(operator, cluster, converger, clock, meters, config.namespaces());

    HealthServer health = new HealthServer(config.httpBindAddress(), config.httpPort(),
        () -> operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy(),
        meters).start();
    // No reconcile hands out new work once the first step is done; each later part finishes what it holds and the
    // Events of it all are written last, while the client is still open.
    shutdown.then("reconciles", operator::stop)
        .then("action dispatch", actions)
        .then("action runner", runner)
        .then("plugins", plugins)
        .then("events", cluster)
        .then("Kubernetes client", client)
        .then("health server", health)
        .runOnExit();
    operator.start();
    LOG.info("Orca operator started: namespaces {}, health and metrics on :{}",
        config.namespaces().isEmpty() ? "all" : config.namespaces(), health.port());
  }

  /**
   * The Lease that lets one replica of two reconcile. Losing it while running ends the process, so that Kubernetes
   * restarts it to compete again, as JOSDK would; but not when the shutdown stops leading: JOSDK would call System.exit
   * from within the shutdown hook, where it blocks for good.
   */
  static LeaderElectionConfiguration leaderElection(String leaseNamespace, ShutdownSequence shutdown) {
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration("orca-operator")
        .withLeaseNamespace(leaseNamespace)
        .withExitOnStopLeading(false)
        .withLeaderCallbacks(new LeaderCallbacks(() -> { }, () -> {
          if (!shutdown.started()) {
            LOG.error("Lost the orca-operator Lease: exiting, so that the restarted operator competes for it again");
            System.exit(1);
          }
        }, leader -> { }))
        .build();
  }
}
