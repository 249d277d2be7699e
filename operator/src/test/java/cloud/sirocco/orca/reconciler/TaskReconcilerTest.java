package cloud.sirocco.orca.reconciler;

import static cloud.sirocco.orca.testing.Workflows.ignitor;
import static cloud.sirocco.orca.testing.Workflows.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.ConcurrencyPolicy;
import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.RunRequest;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.names.RunNames;
import cloud.sirocco.orca.testing.Eventually;
import cloud.sirocco.orca.testing.OperatorOnMockServer;
import cloud.sirocco.orca.testing.ReconcileLog;
import cloud.sirocco.orca.testing.Workflows;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Task controller wired as in production, on fabric8's mock API server: its event sources (run pods by owner,
 * Ignitors through the trigger index), its status writes through the API, its finalizer and cleanup, and a
 * restart. The trigger rules themselves are TaskConvergerTest's.
 */
class TaskReconcilerTest {

  private static final String NS = Workflows.NAMESPACE;

  @RegisterExtension
  final OperatorOnMockServer orca = new OperatorOnMockServer();

  @Test
  void anIgnitorFireStartsARunPodOwnedByTheTaskWithTheIgnitorsData() {
    create(ignitor("ignitor1", "NOW").data("hello").build());
    Task task1 = create(task("task1").startOnIgnition("ignitor1").image("busybox:1.36").build());

    Pod run = onlyRun("task1");
    assertEquals(Map.of("ORCA_INITIATOR", "ignitor1", "ORCA_DATA", "hello",
        "ORCA_WORKFLOW_RUN", RunNames.workflowRunOf(run)), orcaEnv(run));
    assertEquals("Ignition", run.getMetadata().getLabels().get(RunNames.TRIGGER_LABEL));
    assertEquals(RunNames.MANAGED_BY, run.getMetadata().getLabels().get(RunNames.MANAGED_BY_LABEL));
    assertTrue(run.hasFinalizer(RunNames.FINALIZER), "a new run pod holds " + RunNames.FINALIZER + ": " + run.getMetadata());
    OwnerReference owner = run.getMetadata().getOwnerReferences().get(0);
    assertEquals(List.of("Task", "task1", task1.getMetadata().getUid(), true),
        List.of(owner.getKind(), owner.getName(), owner.getUid(), owner.getController()));

    Ignitor fired = firedIgnitor("ignitor1");
    String fire = fired.getMetadata().getUid() + "/1/" + fired.getStatus().getLastFireTime();
    TaskStatus status = awaitTask("task1", "task1's status to record run " + name(run),
        t -> t.getStatus() != null && t.getStatus().getRuns().stream().anyMatch(r -> name(run).equals(r.getName())))
        .getStatus();
    assertEquals(Map.of("ignitor1", fire), status.getIgnitions());
    assertEquals("Pending", status.getState());
    assertEquals("Pending", status.getRuns().get(0).getPhase());
    assertEquals("True", condition(status, "Ready").getStatus());
  }

  @Test
  void aSucceededRunStartsTheDownstreamTaskWithItsTerminationMessageAndIsLetGo() {
    create(ignitor("ignitor1", "NOW").build());
    create(task("task1").startOnIgnition("ignitor1").image("busybox:1.36").build());
    create(task("task2").startOnSuccess("task1").image("busybox:1.36").build());
    Pod upstream = onlyRun("task1");

    succeed(upstream, "result-42");

    Pod downstream = onlyRun("task2");
    assertEquals(Map.of("ORCA_INITIATOR", "task1", "ORCA_DATA", "result-42",
        "ORCA_WORKFLOW_RUN", RunNames.workflowRunOf(upstream)), orcaEnv(downstream));
    assertEquals("Success", downstream.getMetadata().getLabels().get(RunNames.TRIGGER_LABEL));
    TaskStatus status = awaitTask("task1", "task1's state Succeeded",
        t -> t.getStatus() != null && "Succeeded".equals(t.getStatus().getState())).getStatus();
    assertNotNull(status.getLastSuccess(), "task1's lastSuccess once its run succeeded");
    RunRecord record = status.getRuns().get(0);
    assertEquals(List.of(name(upstream), "Succeeded", "result-42"),
        List.of(record.getName(), record.getPhase(), record.getMessage()));
    Pod handled = awaitPod(name(upstream), "run " + name(upstream) + " marked handled and its finalizer released",
        p -> "true".equals(annotations(p).get(RunNames.HANDLED_ANNOTATION)) && !p.hasFinalizer(RunNames.FINALIZER));
    assertEquals("none", annotations(handled).get(RunNames.ACTIONS_ANNOTATION));
  }

  @Test
  void aTaskNamingAMissingUpstreamTaskIsNotReadyAndDoesNotRun() {
    create(ignitor("ignitor1", "NOW").build());
    create(task("sibling").startOnIgnition("ignitor1").image("busybox:1.36").build());
    // The sibling's run proves the fire is in the operator's caches before the invalid Task arrives, which a
    // one-shot fire would start if it were valid.
    onlyRun("sibling");

    create(task("orphan").startOnIgnition("ignitor1").startOnSuccess("missing").image("busybox:1.36").build());

    TaskStatus status = awaitTask("orphan", "orphan's Ready condition", t -> t.getStatus() != null
        && t.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()))).getStatus();
    Condition ready = condition(status, "Ready");
    assertEquals(List.of("False", "UnresolvedReference"), List.of(ready.getStatus(), ready.getReason()));
    assertTrue(ready.getMessage().contains("spec.startOnSuccess[0] names Task \"missing\""),
        ready.getMessage());
    assertEquals(List.of(), runs("orphan"));
    assertEquals(Map.of(), status.getIgnitions());
  }

  @Test
  void aWaitingTaskInARetryLoopIsNotReconciledOverAndOver() {
    create(task("waiting").startOnSuccess("missing").startOnFailure("waiting").image("busybox:1.36").build());
    awaitTask("waiting", "waiting's Ready condition False", t -> "False".equals(readyStatus(t)));
    // Each Task created after it and reconciled to Ready shows that the operator handled what came meanwhile: the
    // first lets the waiting Task's own writes come back, the second is the time looked at.
    create(task("first").image("busybox:1.36").build());
    awaitTask("first", "first's Ready condition True", t -> "True".equals(readyStatus(t)));
    long settled = orca.operator().reconciles().finished("Task", "waiting");
    create(task("second").image("busybox:1.36").build());
    awaitTask("second", "second's Ready condition True", t -> "True".equals(readyStatus(t)));

    long since = orca.operator().reconciles().finished("Task", "waiting") - settled;
    assertTrue(since <= 1, () -> "waiting was reconciled " + since + " more times with nothing new to see");
  }

  @Test
  void creatingTheMissingUpstreamTaskMakesTheWaitingTaskReadyAndRun() {
    create(ignitor("ignitor1", "NOW").build());
    create(task("orphan").startOnIgnition("ignitor1").startOnSuccess("missing").image("busybox:1.36").build());
    awaitTask("orphan", "orphan's Ready condition False", t -> "False".equals(readyStatus(t)));

    create(task("missing").image("busybox:1.36").build());

    awaitTask("orphan", "orphan's Ready condition True once Task \"missing\" exists",
        t -> "True".equals(readyStatus(t)));
    onlyRun("orphan");
  }

  @Test
  void creatingTheMissingIgnitorMakesTheWaitingTaskReadyAndItsOneShotFireStartsIt() {
    create(task("early").startOnIgnition("late-ignitor").image("busybox:1.36").build());
    awaitTask("early", "early's Ready condition False", t -> "False".equals(readyStatus(t)));

    create(ignitor("late-ignitor", "NOW").build());

    awaitTask("early", "early's Ready condition True once Ignitor \"late-ignitor\" exists",
        t -> "True".equals(readyStatus(t)));
    onlyRun("early");
  }

  @Test
  void deletingTheUpstreamTaskMakesTheDownstreamTaskNotReady() {
    create(task("upstream").image("busybox:1.36").build());
    create(task("downstream").startOnSuccess("upstream").image("busybox:1.36").build());
    awaitTask("downstream", "downstream's Ready condition True", t -> "True".equals(readyStatus(t)));
    Task upstream = awaitTask("upstream", "upstream's Ready condition True", t -> "True".equals(readyStatus(t)));
    assertEquals(List.of(RunNames.TASK_FINALIZER), upstream.getMetadata().getFinalizers(),
        "the finalizer comes with the first status");

    orca.client().resources(Task.class).inNamespace(NS).withName("upstream").delete();

    Task waiting = awaitTask("downstream", "downstream's Ready condition False once Task \"upstream\" is deleted",
        t -> "False".equals(readyStatus(t)));
    assertEquals("UnresolvedReference", condition(waiting.getStatus(), "Ready").getReason(),
        "the same condition as for a Task applied before its upstream");
  }

  @Test
  void deletingATaskReleasesItsRunPods() {
    create(ignitor("ignitor1", "NOW").build());
    create(task("task1").startOnIgnition("ignitor1").image("busybox:1.36").build());
    Pod run = onlyRun("task1");
    assertTrue(run.hasFinalizer(RunNames.FINALIZER), "a new run pod holds " + RunNames.FINALIZER);

    orca.client().resources(Task.class).inNamespace(NS).withName("task1").delete();

    // The mock server collects no garbage: the released pod stays, where a cluster would now remove it.
    awaitPod(name(run), "run " + name(run) + " to lose its finalizer once its Task is deleted",
        p -> !p.hasFinalizer(RunNames.FINALIZER));
    Eventually.until("Task task1 to be gone (the operator's own finalizer removed after cleanup)",
        () -> orca.client().resources(Task.class).inNamespace(NS).withName("task1").get() == null,
        orca.operator()::diagnostics);
  }

  @Test
  void aTaskDeletedAndCreatedAgainRunsItsOneShotFireAndTakesNoneOfTheOldRuns() {
    create(ignitor("ignitor1", "NOW").build());
    create(task("task1").startOnIgnition("ignitor1").image("busybox:1.36").build());
    Pod old = onlyRun("task1");
    succeed(old, "from the first task1");
    awaitPod(name(old), "run " + name(old) + " handled and let go",
        p -> annotations(p).containsKey(RunNames.HANDLED_ANNOTATION) && !p.hasFinalizer(RunNames.FINALIZER));
    // The new Task arrives while the framework runs the pass for the old one's deletion (the pass over task1 once
    // it is gone from the API), as a quick `kubectl delete` and `kubectl apply` can make it do.
    ReconcileLog.Hold deletionPass = orca.operator().reconciles().holdNextPass(t -> "task1".equals(
        t.getMetadata().getName()) && t.isMarkedForDeletion()
        && orca.client().resources(Task.class).inNamespace(NS).withName("task1").get() == null);
    orca.client().resources(Task.class).inNamespace(NS).withName("task1").delete();
    Eventually.until("the pass for task1's deletion to start",
        deletionPass::holding, orca.operator()::diagnostics);

    // The mock server collects no garbage: the old run stays, as it does on a cluster until the collector gets to it.
    Task again = create(task("task1").startOnIgnition("ignitor1").image("busybox:1.36").build());
    Eventually.until("the operator to receive the new task1",
        () -> orca.operator().reconciles().announced(again.getMetadata().getUid()), orca.operator()::diagnostics);
    deletionPass.release();

    Pod run = Eventually.await("a run pod of the new task1", () -> runs("task1").stream()
        .filter(p -> again.getMetadata().getUid().equals(p.getMetadata().getOwnerReferences().get(0).getUid()))
        .findFirst(), orca.operator()::diagnostics);
    assertTrue(run.hasFinalizer(RunNames.FINALIZER), "the new run holds " + RunNames.FINALIZER);
    TaskStatus status = awaitTask("task1", "the new task1's status to record run " + name(run),
        t -> t.getStatus() != null && t.getStatus().getRuns().stream().anyMatch(r -> name(run).equals(r.getName())))
        .getStatus();
    assertEquals(List.of(name(run)), status.getRuns().stream().map(RunRecord::getName).toList(),
        "runs in the new task1's status");
  }

  @Test
  void aRestartedOperatorFinishesWhatHappenedWhileItWasDownWithoutRepeatingWhatItHadDone() {
    create(ignitor("ignitor1", "NOW").build());
    create(task("task1").startOnIgnition("ignitor1").image("busybox:1.36").build());
    create(task("task2").startOnSuccess("task1").image("busybox:1.36").build());
    create(task("task3").startOnSuccess("task2").image("busybox:1.36").build());
    Pod first = onlyRun("task1");
    succeed(first, "from-task1");
    Pod second = onlyRun("task2");
    awaitPod(name(first), "run " + name(first) + " handled before the restart",
        p -> annotations(p).containsKey(RunNames.HANDLED_ANNOTATION) && !p.hasFinalizer(RunNames.FINALIZER));
    String fire = firedIgnitor("ignitor1").getStatus().getLastFireTime();

    orca.stopOperator();
    long announced = events("task1", "RunSucceeded");
    succeed(second, "from-task2");
    orca.startOperator();

    Pod third = onlyRun("task3");
    assertEquals("from-task2", orcaEnv(third).get("ORCA_DATA"));
    awaitPod(name(second), "run " + name(second) + ", finished while the operator was down, to be handled",
        p -> annotations(p).containsKey(RunNames.HANDLED_ANNOTATION) && !p.hasFinalizer(RunNames.FINALIZER));
    Eventually.until("the restarted operator to reconcile task1 and ignitor1",
        () -> orca.operator().reconciles().finished("Task", "task1") > 0
            && orca.operator().reconciles().finished("Ignitor", "ignitor1") > 0,
        orca.operator()::diagnostics);
    assertEquals(List.of(name(first)), names(runs("task1")), "task1's runs after the restart");
    assertEquals(List.of(name(second)), names(runs("task2")), "task2's runs after the restart");
    Ignitor ignitor1 = firedIgnitor("ignitor1");
    assertEquals(List.of(fire, 1), List.of(ignitor1.getStatus().getLastFireTime(),
        ignitor1.getStatus().getFireCount()), "ignitor1's fire after the restart");
    orca.stopOperator(); // which writes the Events it still holds
    assertEquals(announced, events("task1", "RunSucceeded"),
        "RunSucceeded Events of task1: the restarted operator does not handle its run again");
  }

  @Test
  void aRunRequestStartsItsTaskOnceAndRecordsTheRunInItsStatus() {
    create(task("task1").image("busybox:1.36").build());
    RunRequest request = new RunRequest();
    request.getMetadata().setName("now-1");
    request.getMetadata().setNamespace(NS);
    request.getSpec().setTask("task1");
    request.getSpec().setData("by hand");
    create(request);

    Pod run = onlyRun("task1");
    assertEquals("by hand", orcaEnv(run).get("ORCA_DATA"));
    RunRequest done = Eventually.await("now-1's status", () -> Optional.ofNullable(orca.client()
        .resources(RunRequest.class).inNamespace(NS).withName("now-1").get())
        .filter(r -> r.getStatus() != null && r.getStatus().getPhase() != null), orca.operator()::diagnostics);
    assertEquals(List.of("Started", name(run), RunNames.workflowRunOf(run)), List.of(done.getStatus().getPhase(),
        done.getStatus().getRun(), done.getStatus().getWorkflowRun()));
    assertEquals(List.of(name(run)), names(runs("task1")), "one run for one request");
  }

  @Test
  void aRequestWhoseStatusCannotBeWrittenHoldsUpNeitherTheOtherRequestsNorTheTask() {
    create(task("task1").image("busybox:1.36").concurrencyPolicy(ConcurrencyPolicy.Allow).build());
    String path = "/apis/sirocco.cloud/v1alpha1/namespaces/" + NS + "/runrequests/now-1/status";
    Status trouble = new StatusBuilder().withCode(500).withMessage("etcd is unhappy").build();
    orca.server().expect().put().withPath(path).andReturn(500, trouble).always();
    orca.server().expect().patch().withPath(path).andReturn(500, trouble).always();
    create(runRequest("now-1", "task1"));
    create(runRequest("now-2", "task1"));

    RunRequest second = awaitRequest("now-2", "now-2's status although now-1's cannot be written",
        r -> r.getStatus() != null && r.getStatus().getPhase() != null);
    assertEquals("Started", second.getStatus().getPhase());
    assertEquals(2, runs("task1").size(), "one run for each request, now-1's started once");
    Eventually.await("a Warning Event on now-1 saying its status is not written",
        () -> Optional.of(events("now-1", "RequestNotHandled")).filter(n -> n > 0), orca.operator()::diagnostics);
    orca.stopOperator(); // which writes the Events it still holds
    assertEquals(0, events("task1", "ReconcileError"), "the Task's passes complete");
    assertEquals("True", readyStatus(orca.client().resources(Task.class).inNamespace(NS).withName("task1").get()));
  }

  @Test
  void runRequestsAreOwnedByTheirTaskAndOnlyItsLatestFinishedOnesAreKept() {
    Task task1 = create(task("task1").image("busybox:1.36").build());
    List<String> names = IntStream.rangeClosed(1, TaskRunRequests.KEPT + 2)
        .mapToObj(i -> String.format("now-%02d", i)).toList();
    names.forEach(name -> create(runRequest(name, "task1")));

    List<RunRequest> kept = Eventually.await("only the latest " + TaskRunRequests.KEPT + " finished requests",
        () -> Optional.of(orca.client().resources(RunRequest.class).inNamespace(NS).list().getItems())
            .filter(all -> all.size() == TaskRunRequests.KEPT && all.stream().allMatch(r -> r.getStatus() != null
                && r.getStatus().getPhase() != null && !r.getMetadata().getOwnerReferences().isEmpty())),
        orca.operator()::diagnostics);
    assertEquals(names.subList(2, names.size()), kept.stream().map(r -> r.getMetadata().getName()).sorted().toList());
    kept.forEach(r -> assertEquals(List.of("Task", "task1", task1.getMetadata().getUid()),
        List.of(r.getMetadata().getOwnerReferences().get(0).getKind(),
            r.getMetadata().getOwnerReferences().get(0).getName(),
            r.getMetadata().getOwnerReferences().get(0).getUid())));
  }

  @Test
  void aReplayWhoseStartFailsTransientlyKeepsTheRunItReplaysBeyondTheHistoryLimitUntilItStarts() {
    create(task("task1").image("busybox:1.36").concurrencyPolicy(ConcurrencyPolicy.Allow).historyLimits(3, 1)
        .build());
    create(runRequest("first", "task1"));
    Pod replayed = onlyRun("task1");
    fail(replayed, "flaky");
    awaitPod(name(replayed), "run " + name(replayed) + " handled and let go",
        p -> annotations(p).containsKey(RunNames.HANDLED_ANNOTATION) && !p.hasFinalizer(RunNames.FINALIZER));
    // History trimming orders runs by creationTimestamp, which has seconds only.
    Instant created = Instant.parse(replayed.getMetadata().getCreationTimestamp());
    Eventually.until("a second after run " + name(replayed) + " was created, for the next run to be newer",
        () -> Instant.now().truncatedTo(ChronoUnit.SECONDS).isAfter(created), orca.operator()::diagnostics);
    create(runRequest("second", "task1"));
    Pod newer = Eventually.await("second's run", () -> runs("task1").stream()
        .filter(p -> !name(p).equals(name(replayed))).findFirst(), orca.operator()::diagnostics);
    orca.server().expect().post().withPath("/api/v1/namespaces/" + NS + "/pods").andReturn(503,
        new StatusBuilder().withCode(503).withMessage("the server is currently unable to handle the request")
            .build()).always();
    RunRequest replay = runRequest("again", "task1");
    replay.getSpec().setData(null);
    replay.getSpec().setReplay(name(replayed));
    create(replay);
    Eventually.until("a Warning Event on again saying its run could not start",
        () -> events("again", "RequestNotHandled") > 0, orca.operator()::diagnostics);

    // The newer failed run leaves the replayed one beyond failedRunsHistoryLimit 1, in a pass whose start of the
    // replay fails again.
    fail(newer, "flaky too");
    Eventually.until("a pass over task1 after the one that recorded the end of run " + name(newer),
        () -> orca.operator().reconciles().finished("Task", "task1", t -> recorded((Task) t, name(newer), "Failed"))
            > 0, orca.operator()::diagnostics);
    orca.recoverServer();

    RunRequest started = awaitRequest("again", "again's status once the API server recovers",
        r -> r.getStatus() != null && r.getStatus().getPhase() != null);
    assertEquals("Started", started.getStatus().getPhase(), () -> "again's phase; its message: "
        + started.getStatus().getMessage());
    Pod again = awaitPod(started.getStatus().getRun(), "the replay's run", p -> true);
    assertEquals(List.of("first", "by hand"), List.of(orcaEnv(again).get("ORCA_INITIATOR"),
        orcaEnv(again).get("ORCA_DATA")), "the replay's initiator and data, as the replayed run had them");
    Eventually.until("run " + name(replayed) + " trimmed once again has started",
        () -> orca.client().pods().inNamespace(NS).withName(name(replayed)).get() == null,
        orca.operator()::diagnostics);
    Eventually.until("a RunKept Event on task1 saying why run " + name(replayed) + " stayed",
        () -> events("task1", "RunKept") > 0, orca.operator()::diagnostics);
  }

  private static boolean recorded(Task task, String run, String phase) {
    return task.getStatus() != null && task.getStatus().getRuns().stream()
        .anyMatch(r -> run.equals(r.getName()) && phase.equals(r.getPhase()));
  }

  private static RunRequest runRequest(String name, String task) {
    RunRequest request = new RunRequest();
    request.getMetadata().setName(name);
    request.getMetadata().setNamespace(NS);
    request.getSpec().setTask(task);
    request.getSpec().setData("by hand");
    return request;
  }

  private RunRequest awaitRequest(String name, String what, Predicate<RunRequest> condition) {
    return Eventually.await(what,
        () -> Optional.ofNullable(orca.client().resources(RunRequest.class).inNamespace(NS).withName(name).get())
            .filter(condition),
        orca.operator()::diagnostics);
  }

  @Test
  void aDownstreamPodRefusedByTheApiServerIsThatTasksFailedRunInItsOwnStatus() {
    String quota = "pods is forbidden: exceeded quota: compute, requested: pods=1, used: pods=1, limited: pods=1";
    create(ignitor("ignitor1", "NOW").build());
    create(task("task1").startOnIgnition("ignitor1").image("busybox:1.36").build());
    create(task("task2").startOnSuccess("task1").image("busybox:1.36").build());
    Pod first = onlyRun("task1");
    refusePodCreates(403, quota, 1);
    succeed(first, "out");

    Task task2 = awaitTask("task2", "task2 to record its refused run",
        t -> t.getStatus() != null && !t.getStatus().getRuns().isEmpty()
            && t.getStatus().getRejectedRuns().isEmpty());

    RunRecord refused = task2.getStatus().getRuns().get(0);
    assertEquals(List.of("Failed", "PodRejected", quota), List.of(refused.getPhase(), refused.getReason(),
        refused.getMessage()));
    assertEquals(1, task2.getStatus().getFailuresCount());
    awaitPod(name(first), "task1's run handled although its downstream pod was refused",
        p -> annotations(p).containsKey(RunNames.HANDLED_ANNOTATION) && !p.hasFinalizer(RunNames.FINALIZER));
    assertEquals(List.of(), runs("task2"));
  }

  @Test
  void aPassThatKeepsFailingSaysSoInTheReadyConditionUntilOneCompletes() {
    create(ignitor("ignitor1", "NOW").build());
    refusePodCreates(503, "the server is currently unable to handle the request", 3);
    create(task("task1").startOnIgnition("ignitor1").image("busybox:1.36").build());

    Task failing = awaitTask("task1", "task1's Ready condition to report the failing pass",
        t -> ready(t).filter(c -> "ReconcileError".equals(c.getReason())).isPresent());
    assertEquals("False", ready(failing).orElseThrow().getStatus());
    assertTrue(ready(failing).orElseThrow().getMessage().contains("unable to handle the request"),
        ready(failing).orElseThrow().getMessage());

    onlyRun("task1");
    awaitTask("task1", "Ready again once a pass completes",
        t -> ready(t).filter(c -> "True".equals(c.getStatus())).isPresent());
    orca.stopOperator(); // which writes the Events it still holds
    assertEquals(1, events("task1", "ReconcileError"), () -> "one Event for one error, however often the pass is "
        + "retried: " + orca.client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> "ReconcileError".equals(e.getReason())).map(e -> e.getMessage()).toList());
    assertEquals(1, runs("task1").size());
  }

  @Test
  void theLastUpstreamsRecordedSuccessWakesTheJoinThatStartsOnceWithBothMessages() {
    create(ignitor("ignitor1", "NOW").build());
    create(task("left").startOnIgnition("ignitor1").image("busybox:1.36").build());
    create(task("right").startOnIgnition("ignitor1").image("busybox:1.36").build());
    create(task("join").startOnAllSucceeded("left", "right").image("busybox:1.36").build());

    succeed(onlyRun("left"), "l");
    awaitTask("join", "join's status to show its join Waiting", t -> t.getStatus() != null
        && t.getStatus().getJoins().stream().anyMatch(j -> "Waiting".equals(j.getState())));
    assertEquals(List.of(), runs("join"));
    succeed(onlyRun("right"), "r");

    Pod joined = onlyRun("join");
    assertEquals("{\"left\":\"l\",\"right\":\"r\"}", orcaEnv(joined).get("ORCA_DATA"));
    assertEquals("r", orcaEnv(joined).get("ORCA_DATA_RIGHT"));
  }

  private static Optional<Condition> ready(Task task) {
    return task.getStatus() == null ? Optional.empty()
        : task.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
  }

  /** The next {@code times} pod creations in the namespace are answered with {@code code}. */
  private void refusePodCreates(int code, String message, int times) {
    orca.server().expect().post().withPath("/api/v1/namespaces/" + NS + "/pods")
        .andReturn(code, new StatusBuilder().withCode(code).withMessage(message).build()).times(times);
  }

  // The API, as a user (kubectl) and the kubelet would use it.

  private <T extends HasMetadata> T create(T object) {
    object.getMetadata().setUid(null);
    object.getMetadata().setCreationTimestamp(null);
    object.getMetadata().setGeneration(null);
    return orca.client().resource(object).create();
  }

  /** Finishes a run as the kubelet would: phase Succeeded, its container terminated with {@code message}. */
  private void succeed(Pod pod, String message) {
    finish(pod, 0, message);
  }

  /** Ends a run as the kubelet would: phase Failed, its container terminated with exit code 1. */
  private void fail(Pod pod, String message) {
    finish(pod, 1, message);
  }

  private void finish(Pod pod, int exitCode, String message) {
    String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(2).toString();
    String finished = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    orca.client().pods().inNamespace(NS).withName(name(pod)).editStatus(current -> new PodBuilder(current)
        .withNewStatus()
        .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
        .withStartTime(started)
        .addNewContainerStatus()
        .withName("main")
        .withNewState()
        .withNewTerminated()
        .withExitCode(exitCode)
        .withReason(exitCode == 0 ? "Completed" : "Error")
        .withMessage(message)
        .withStartedAt(started)
        .withFinishedAt(finished)
        .endTerminated()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build());
  }

  private List<Pod> runs(String task) {
    return orca.client().pods().inNamespace(NS).withLabel(RunNames.TASK_LABEL, task).list().getItems();
  }

  /** The Task's one run pod, once it exists; fails if a second appears meanwhile. */
  private Pod onlyRun(String task) {
    Pod run = Eventually.await("a run pod of " + task,
        () -> runs(task).stream().findFirst(), orca.operator()::diagnostics);
    assertEquals(List.of(name(run)), names(runs(task)), "run pods of " + task);
    return run;
  }

  private Pod awaitPod(String name, String what, Predicate<Pod> condition) {
    return Eventually.await(what,
        () -> Optional.ofNullable(orca.client().pods().inNamespace(NS).withName(name).get()).filter(condition),
        () -> "pod as last seen: " + orca.client().pods().inNamespace(NS).withName(name).get() + "; "
            + orca.operator().diagnostics());
  }

  private Task awaitTask(String name, String what, Predicate<Task> condition) {
    return Eventually.await(what,
        () -> Optional.ofNullable(orca.client().resources(Task.class).inNamespace(NS).withName(name).get())
            .filter(condition),
        () -> "Task as last seen: " + asJson(orca.client().resources(Task.class).inNamespace(NS).withName(name).get())
            + "; " + orca.operator().diagnostics());
  }

  private String asJson(Object object) {
    return orca.client().getKubernetesSerialization().asJson(object);
  }

  private Ignitor firedIgnitor(String name) {
    return Eventually.await("Ignitor " + name + " to record its fire",
        () -> Optional.ofNullable(orca.client().resources(Ignitor.class).inNamespace(NS).withName(name).get())
            .filter(i -> i.getStatus() != null && i.getStatus().getLastFireTime() != null),
        orca.operator()::diagnostics);
  }

  private long events(String involved, String reason) {
    return orca.client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> involved.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
        .count();
  }

  private static String readyStatus(Task task) {
    return task.getStatus() == null ? null : task.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType())).map(Condition::getStatus).findFirst().orElse(null);
  }

  private static Condition condition(TaskStatus status, String type) {
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " condition in " + status.getConditions()));
  }

  private static Map<String, String> orcaEnv(Pod pod) {
    return pod.getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getName().startsWith("ORCA_"))
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }


  private static Map<String, String> annotations(Pod pod) {
    return pod.getMetadata().getAnnotations() == null ? Map.of() : pod.getMetadata().getAnnotations();
  }

  private static String name(Pod pod) {
    return pod.getMetadata().getName();
  }

  private static List<String> names(List<Pod> pods) {
    return pods.stream().map(TaskReconcilerTest::name).sorted().toList();
  }
}
