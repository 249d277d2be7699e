package cloud.sirocco.orca.action;

import static cloud.sirocco.orca.action.PluginJar.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.action.testplugins.Echo;
import cloud.sirocco.orca.action.testplugins.Gate;
import cloud.sirocco.orca.action.testplugins.Stubborn;
import cloud.sirocco.orca.action.testplugins.WorkflowRunTeller;
import cloud.sirocco.orca.cluster.Cluster;
import cloud.sirocco.orca.model.ActionStatus;
import cloud.sirocco.orca.model.Defaults;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.names.RunNames;
import cloud.sirocco.orca.run.RunPhase;
import cloud.sirocco.orca.run.RunState;
import cloud.sirocco.orca.status.Incidents;
import cloud.sirocco.orca.testing.Eventually;
import cloud.sirocco.orca.testing.InMemoryCluster;
import cloud.sirocco.orca.testing.Workflows;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunActionDispatcherTest {

  private static final RunState FAILED = new RunState(RunPhase.Failed, "Error", 1, "main", "", Instant.EPOCH,
      Instant.EPOCH, List.of(), 0);
  private static final RunState SUCCEEDED = new RunState(RunPhase.Succeeded, "Completed", 0, "main", "",
      Instant.EPOCH, Instant.EPOCH, List.of(), 0);

  @TempDir
  Path dir;

  private final FlakyCluster cluster = new FlakyCluster();
  private PluginRegistry plugins;
  private ActionRunner runner;
  private RunActionDispatcher dispatcher;
  /** Released each time the dispatcher says a run's actions moved on: the reconciler's nudge. */
  private final Semaphore nudged = new Semaphore(0);

  @BeforeEach
  void startRunner() throws Exception {
    Gate.reset();
    plugin("test-actions").actions(Echo.class, Stubborn.class, WorkflowRunTeller.class)
        .writeTo(dir.resolve("test-actions.jar"));
    plugins = new PluginRegistry(dir);
    // Room for two actions; a stubborn one holds the first place until the gate opens.
    runner = new ActionRunner(plugins, ActionRunnerSettings.DEFAULTS.withPluginDir(dir)
        .withPollInterval(Duration.ZERO).withThreads(1).withQueueSize(1)
        .withAttemptTimeout(Duration.ofMillis(300)).withAttempts(1), new SimpleMeterRegistry());
    dispatcher = new RunActionDispatcher(cluster, runner, plugins, 10, RunActionDispatcher.RETENTION);
  }

  @AfterEach
  void stopRunner() {
    Gate.open();
    dispatcher.close();
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

  @Test
  void anActionIsToldTheWorkflowRunOfItsRun() {
    Task task = Workflows.task("etl").image("busybox:1.36").failureActions("workflow-run-teller").build();
    Defaults.apply(task);
    Pod run = new PodBuilder(run("uid-1")).editMetadata()
        .addToLabels(RunNames.WORKFLOW_RUN_LABEL, "nightly-0a1b2c3d4e").endMetadata().build();

    progress(task, run);
    Eventually.until("the dispatch to end", () -> nudged.tryAcquire(), () -> "no nudge");

    assertEquals("SUCCEEDED: workflow run nightly-0a1b2c3d4e", progress(task, run).orElseThrow().get(0).getMessage());
  }

  @Test
  void aSecretThatCannotBeReadFailsItsActionAndTheOthersRun() {
    cluster.secretFailure = serverError();
    Task task = pagingTask();

    progress(task, run("uid-1"));
    Eventually.until("the dispatch to end", () -> nudged.tryAcquire(), () -> "no nudge");
    List<ActionStatus> done = progress(task, run("uid-1")).orElseThrow();

    assertEquals(List.of("Succeeded", "Failed"), done.stream().map(ActionStatus::getState).toList());
    assertEquals("FAILED: could not read Secret \"alert-endpoint\": KubernetesClientException: Internal error "
        + "occurred: unable to transform key; the action did not run", done.get(1).getMessage());
    assertEquals(0, done.get(1).getAttempts());
    assertEquals(1, Gate.entered(), "Echo ran, Page did not");
    assertTrue(cluster.memory.events().stream().anyMatch(e -> e.reason().equals("SecretUnavailable")
        && e.message().contains("unable to transform key")), cluster.memory.events().toString());
  }

  @Test
  void aSecretThatCannotBeReadWhenARejectedActionIsRetriedFailsThatAction() {
    cluster.memory.putSecret(Workflows.NAMESPACE, "alert-endpoint", Map.of("token", "s3cret"));
    runner.run(List.of(TestRuns.request("stubborn")));
    Task task = pagingTask();

    assertEquals(Optional.empty(), progress(task, run("uid-1")), "the first pass only dispatches");
    Eventually.until("the first dispatch to end", () -> nudged.tryAcquire(), () -> "no nudge");
    cluster.secretFailure = serverError();
    assertEquals(Optional.empty(), progress(task, run("uid-1")), "Page found no room: it waits for another try");
    Eventually.until("the second try to end", () -> nudged.tryAcquire(), () -> "no nudge");
    List<ActionStatus> done = progress(task, run("uid-1")).orElseThrow();

    assertEquals(List.of("Echo", "Page"), done.stream().map(ActionStatus::getName).toList());
    assertEquals(List.of("Succeeded", "Failed"), done.stream().map(ActionStatus::getState).toList());
    assertTrue(done.get(1).getMessage().startsWith("FAILED: could not read Secret \"alert-endpoint\""),
        done.get(1).getMessage());
    assertEquals(messages(done), messages(progress(task, run("uid-1")).orElseThrow()), "asked again: the same");
  }

  @Test
  void theApiServerIsReadOffTheReconcileThreadAndOffTheCommonPool() {
    cluster.memory.putSecret(Workflows.NAMESPACE, "alert-endpoint", Map.of("token", "s3cret"));
    runner.run(List.of(TestRuns.request("stubborn")));
    Task task = pagingTask();

    progress(task, run("uid-1"));
    Eventually.until("the first dispatch to end", () -> nudged.tryAcquire(), () -> "no nudge");
    progress(task, run("uid-1"));
    Eventually.until("the retry to end", () -> nudged.tryAcquire(), () -> "no nudge");

    assertEquals(List.of("logTail", "secretData", "logTail", "secretData"),
        cluster.reads.stream().map(Read::call).toList(), "the first dispatch and the retry read the log and Secret");
    String caller = Thread.currentThread().getName();
    for (Read read : cluster.reads) {
      assertFalse(read.thread().equals(caller) || read.thread().startsWith("ForkJoinPool.commonPool"),
          read + " ran on " + read.thread());
    }
  }

  @Test
  void finishedDispatchesAreForgottenAfterTheRetentionThoughNobodyAsksAgain() {
    dispatcher.close();
    dispatcher = new RunActionDispatcher(cluster, runner, plugins, 10, Duration.ofMillis(200));
    Task task = Workflows.task("etl").image("busybox:1.36").failureActions("Echo").build();
    Defaults.apply(task);

    for (int i = 0; i < 20; i++) {
      // Each run's Task is deleted while its actions run: no pass asks for their outcome.
      progress(task, run("uid-" + i));
      Eventually.until("the actions of run " + i + " to end", () -> nudged.tryAcquire(), () -> "no nudge");
    }

    Eventually.until("every finished dispatch to be forgotten", () -> dispatcher.held() == 0,
        () -> dispatcher.held() + " still held");
  }

  @Test
  void anOnChangeActionRunsOnTheFailureThatOpensAnIncidentAndIsPassedOverOnItsRepeats() {
    Task task = onChangeTask();

    List<ActionStatus> first = done(task, run("uid-1"), FAILED, Optional.of(new Incidents.Notice(Instant.EPOCH, 1,
        false)));
    List<ActionStatus> repeat = done(task, run("uid-2"), FAILED, Optional.empty());

    assertEquals(List.of("Succeeded", "Succeeded"), first.stream().map(ActionStatus::getState).toList());
    assertTrue(first.get(1).getMessage().endsWith("about Incident[since=1970-01-01T00:00:00Z, failures=1,"
        + " recovered=false]"), first.get(1).getMessage());
    assertEquals(List.of("Echo", "Page"), repeat.stream().map(ActionStatus::getName).toList());
    assertEquals(List.of("Succeeded", "Skipped"), repeat.stream().map(ActionStatus::getState).toList());
    assertEquals(3, Gate.entered(), "Echo ran twice, Page once");
  }

  @Test
  void anOnChangeFailureActionRunsAsARecoveryOnTheSuccessThatEndsTheIncidentOnly() {
    Task task = onChangeTask();

    List<ActionStatus> plain = done(task, run("uid-1"), SUCCEEDED, Optional.empty());
    List<ActionStatus> recovery = done(task, run("uid-2"), SUCCEEDED, Optional.of(new Incidents.Notice(Instant.EPOCH,
        5, true)));

    assertEquals(List.of(), plain, "a success that ends no incident notifies nothing");
    assertEquals(List.of("Page"), recovery.stream().map(ActionStatus::getName).toList());
    assertTrue(recovery.get(0).getMessage().endsWith("failures=5, recovered=true]"), recovery.get(0).getMessage());
    assertEquals(1, Gate.entered());
  }

  @Test
  void aNoticeWithoutARunRunsTheActionsItNamesForItsStandIn() {
    Task task = onChangeTask();
    Pod standIn = new PodBuilder().withNewMetadata().withName("etl-overdue-60").withNamespace(Workflows.NAMESPACE)
        .withUid("uid-etl/overdue/60").addToLabels("app", "etl").endMetadata().build();
    RunState overdue = new RunState(RunPhase.Failed, "Overdue", null, null, "no success", Instant.EPOCH,
        Instant.EPOCH.plusSeconds(60), List.of(), 0);
    Optional<Incidents.Notice> notice = Optional.of(new Incidents.Notice(Instant.EPOCH.plusSeconds(60), 0, false));

    Optional<List<ActionStatus>> first = dispatcher.notify(task, standIn, overdue, List.of("Echo"), notice,
        nudged::release);
    Eventually.until("the notice's actions to end", () -> nudged.tryAcquire(), () -> "no nudge");
    List<ActionStatus> done = dispatcher.notify(task, standIn, overdue, List.of("Echo"), notice, nudged::release)
        .orElseThrow();

    assertEquals(Optional.empty(), first, "the first pass only dispatches");
    assertEquals(List.of("Echo"), done.stream().map(ActionStatus::getName).toList());
    assertTrue(done.get(0).getMessage().contains("echo hello from etl-overdue-60 about Incident[since="
        + "1970-01-01T00:01:00Z"), done.get(0).getMessage());
    assertEquals(1, Gate.entered(), "asked twice, run once");
  }

  @Test
  void aNoticeWithoutARunThatCarriesNoIncidentNoticePassesOverOnChangeActions() {
    Task task = onChangeTask();
    Pod standIn = new PodBuilder().withNewMetadata().withName("etl-join-closed").withNamespace(Workflows.NAMESPACE)
        .withUid("uid-etl/join-closed/nightly").addToLabels("app", "etl").endMetadata().build();

    List<ActionStatus> done = Eventually.await("the notice's actions to end", () -> dispatcher.notify(task, standIn,
        FAILED, List.of("Echo", "Page"), Optional.empty(), nudged::release), () -> "still in flight");

    assertEquals(List.of("Echo", "Page"), done.stream().map(ActionStatus::getName).toList());
    assertEquals(List.of("Succeeded", "Skipped"), done.stream().map(ActionStatus::getState).toList());
    assertEquals(1, Gate.entered(), "Echo ran, Page did not");
  }

  private static Task onChangeTask() {
    Task task = Workflows.task("etl").image("busybox:1.36").failureActions("Echo", "Page")
        .onChangeAction("Page", "Echo").build();
    Defaults.apply(task);
    return task;
  }

  private static Task pagingTask() {
    Task task = Workflows.task("etl").image("busybox:1.36").failureActions("Echo", "Page").action("Page", "Echo")
        .build();
    task.getSpec().getActions().get(0).setSecretRef(new LocalObjectReference("alert-endpoint"));
    Defaults.apply(task);
    return task;
  }

  private static Pod run(String uid) {
    return new PodBuilder().withNewMetadata().withName("etl-" + uid).withNamespace(Workflows.NAMESPACE)
        .withUid(uid).addToLabels("app", "etl").endMetadata().build();
  }

  /** What an API server answers when it cannot decrypt a stored Secret: a 500 that no retry mends. */
  private static KubernetesClientException serverError() {
    return new KubernetesClientException("Internal error occurred: unable to transform key", 500, null);
  }

  private static List<String> messages(List<ActionStatus> statuses) {
    return statuses.stream().map(ActionStatus::getMessage).toList();
  }

  private Optional<List<ActionStatus>> progress(Task task, Pod run) {
    return dispatcher.progress(task, run, FAILED, Optional.empty(), nudged::release);
  }

  /**
   * The final statuses of the run's actions, asking again, as passes do, until its dispatch has ended: a nudge left
   * by an earlier run's dispatch must not be taken for this one's end.
   */
  private List<ActionStatus> done(Task task, Pod run, RunState state, Optional<Incidents.Notice> notice) {
    return Eventually.await("the actions of " + run.getMetadata().getName() + " to end",
        () -> dispatcher.progress(task, run, state, notice, nudged::release), () -> "still in flight");
  }

  /** A call to the API server and the thread that made it. */
  private record Read(String call, String thread) {}

  /** The in-memory cluster, except that Secret reads fail while {@link #secretFailure} is set; notes every read. */
  private static final class FlakyCluster implements Cluster {
    final InMemoryCluster memory = new InMemoryCluster();
    final List<Read> reads = new CopyOnWriteArrayList<>();
    volatile RuntimeException secretFailure;

    @Override
    public Created create(Pod pod) {
      return memory.create(pod);
    }

    @Override
    public void delete(String namespace, String name) {
      memory.delete(namespace, name);
    }

    @Override
    public void annotate(Pod pod, Map<String, String> annotations) {
      memory.annotate(pod, annotations);
    }

    @Override
    public void annotateAndRelease(Pod pod, Map<String, String> annotations) {
      memory.annotateAndRelease(pod, annotations);
    }

    @Override
    public Optional<String> logTail(String namespace, String pod, String container, int lines) {
      reads.add(new Read("logTail", Thread.currentThread().getName()));
      return memory.logTail(namespace, pod, container, lines);
    }

    @Override
    public Map<String, String> secretData(String namespace, String name) {
      reads.add(new Read("secretData", Thread.currentThread().getName()));
      if (secretFailure != null) {
        throw secretFailure;
      }
      return memory.secretData(namespace, name);
    }

    @Override
    public void event(HasMetadata object, String type, String reason, String message) {
      memory.event(object, type, reason, message);
    }
  }
}
