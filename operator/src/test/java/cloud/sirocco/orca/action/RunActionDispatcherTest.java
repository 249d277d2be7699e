package cloud.sirocco.orca.action;

import static cloud.sirocco.orca.action.PluginJar.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.action.testplugins.Echo;
import cloud.sirocco.orca.action.testplugins.Gate;
import cloud.sirocco.orca.action.testplugins.Stubborn;
import cloud.sirocco.orca.model.ActionStatus;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.run.RunPhase;
import cloud.sirocco.orca.run.RunState;
import cloud.sirocco.orca.testing.Eventually;
import cloud.sirocco.orca.testing.InMemoryCluster;
import cloud.sirocco.orca.testing.Workflows;
import cloud.sirocco.orca.validation.Defaults;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunActionDispatcherTest {

  private static final RunState FAILED = new RunState(RunPhase.Failed, "Error", 1, "main", "", Instant.EPOCH,
      Instant.EPOCH, List.of(), 0);

  @TempDir
  Path dir;

  private PluginRegistry plugins;
  private ActionRunner runner;
  private RunActionDispatcher dispatcher;
  /** Released each time the dispatcher says a run's actions moved on: the reconciler's nudge. */
  private final Semaphore nudged = new Semaphore(0);

  @BeforeEach
  void startRunner() throws Exception {
    Gate.reset();
    plugin("test-actions").actions(Echo.class, Stubborn.class).writeTo(dir.resolve("test-actions.jar"));
    plugins = new PluginRegistry(dir);
    // Room for two actions; a stubborn one holds the first place until the gate opens.
    runner = new ActionRunner(plugins, ActionRunnerSettings.DEFAULTS.withPluginDir(dir)
        .withPollInterval(Duration.ZERO).withThreads(1).withQueueSize(1)
        .withAttemptTimeout(Duration.ofMillis(300)).withAttempts(1), new SimpleMeterRegistry());
    dispatcher = new RunActionDispatcher(new InMemoryCluster(), runner, plugins, 10, Clock.systemUTC());
  }

  @AfterEach
  void stopRunner() {
    Gate.open();
    runner.close();
    plugins.close();
  }

  @Test
  void actionsRefusedByAFullRunnerRunLaterAndThoseThatRanDoNotRunAgain() {
    runner.run(List.of(TestRuns.request("stubborn")));
    Task task = Workflows.task("etl").image("busybox:1.36").failureActions("Echo", "Echo2").action("Echo2", "Echo")
        .build();
    Defaults.apply(task);
    Pod run = new PodBuilder().withNewMetadata().withName("etl-1").withNamespace(Workflows.NAMESPACE)
        .withUid("uid-1").addToLabels("app", "etl").endMetadata().build();

    assertEquals(Optional.empty(), progress(task, run), "the first pass only dispatches");
    Eventually.until("the first dispatch to end", () -> nudged.tryAcquire(), () -> "no nudge");
    assertEquals(Optional.empty(), progress(task, run), "Echo2 found no room: it waits for another try");
    assertEquals(2, Gate.entered(), "stubborn and Echo ran, Echo2 did not");

    Gate.open();
    Eventually.until("the second try to end", () -> nudged.tryAcquire(), () -> "no nudge");
    List<ActionStatus> done = progress(task, run).orElseThrow();

    assertEquals(List.of("Echo", "Echo2"), done.stream().map(ActionStatus::getName).toList());
    assertEquals(List.of("Succeeded", "Succeeded"), done.stream().map(ActionStatus::getState).toList());
    assertEquals(3, Gate.entered(), "Echo ran once, Echo2 once, on its second try");
    assertTrue(done.get(1).getMessage().startsWith("SUCCEEDED"), done.get(1).getMessage());
  }

  private Optional<List<ActionStatus>> progress(Task task, Pod run) {
    return dispatcher.progress(task, run, FAILED, nudged::release);
  }
}
