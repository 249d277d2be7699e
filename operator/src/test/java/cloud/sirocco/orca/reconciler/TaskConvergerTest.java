package cloud.sirocco.orca.reconciler;

import cloud.sirocco.orca.action.RunActions;
import static cloud.sirocco.orca.reconciler.ConvergerHarness.NS;
import static cloud.sirocco.orca.reconciler.ConvergerHarness.env;
import static cloud.sirocco.orca.reconciler.ConvergerHarness.handled;
import static cloud.sirocco.orca.reconciler.ConvergerHarness.names;
import static cloud.sirocco.orca.testing.Workflows.container;
import static cloud.sirocco.orca.testing.Workflows.ignitor;
import static cloud.sirocco.orca.testing.Workflows.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.ConcurrencyPolicy;
import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.Incident;
import cloud.sirocco.orca.model.RejectedRun;
import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.names.RunNames;
import cloud.sirocco.orca.status.Incidents;
import cloud.sirocco.orca.testing.InMemoryCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskConvergerTest {

  private static final String FIRE = "2026-01-01T00:00:00.250Z";
  private static final String ONCE = "2026-01-01T00:00:00Z";
  private final ConvergerHarness h = new ConvergerHarness();

  /** ignitor1 (NOW, data "hello") starts task1; task2 starts on its success, task3 on its failure. */
  private void givenPipeline() {
    h.with(ignitor("ignitor1", "NOW").data("hello").build())
        .with(task("task1").startOnIgnition("ignitor1").image("busybox:1.36"),
            task("task2").startOnSuccess("task1").image("busybox:1.36"),
            task("task3").startOnFailure("task1").image("busybox:1.36"));
  }

  /** Fires ignitor1 and lets task1 start its run. */
  private Pod task1Started() {
    h.fire("ignitor1", FIRE);
    h.pass("task1");
    return h.onlyRun("task1");
  }

  private static Condition condition(TaskStatus status, String type) {
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  // Ignitions

  @Test
  void anIgnitorFireStartsTheTaskOnceWithTheIgnitorsData() {
    givenPipeline();

    Pod run = task1Started();
    h.pass("task1");

    assertEquals(1, h.runs("task1").size());
    assertEquals("ignitor1", env(run).get("ORCA_INITIATOR"));
    assertEquals("hello", env(run).get("ORCA_DATA"));
    assertEquals("Ignition", run.getMetadata().getLabels().get(RunNames.TRIGGER_LABEL));
    assertEquals(Map.of("ignitor1", "uid-ignitor-ignitor1/1/" + FIRE), h.status("task1").getIgnitions());
    assertEquals("Pending", h.status("task1").getState());
  }

  @Test
  void anIgnitorThatHasNotFiredStartsNothing() {
    givenPipeline();

    h.pass("task1");

    assertEquals(List.of(), h.runs("task1"));
    assertEquals(Map.of(), h.status("task1").getIgnitions());
  }

  @Test
  void eachNewFireStartsOneMoreRun() {
    givenPipeline();
    h.run(task1Started(), Duration.ofSeconds(5), 0, "");
    h.pass("task1");

    h.fire("ignitor1", "2026-01-01T00:10:00.000Z");
    h.pass("task1");
    h.pass("task1");

    assertEquals(2, h.runs("task1").size());
  }

  @Test
  void aTaskCreatedAfterAOneShotFireStillRunsOnce() {
    h.with(ignitor("ignitor1", "NOW").firedAt(FIRE).build());
    h.cluster.advance(Duration.ofHours(1));
    h.with(task("late").startOnIgnition("ignitor1").image("busybox:1.36").createdAt(h.cluster.now()));

    h.pass("late");
    h.pass("late");

    assertEquals(1, h.runs("late").size());
  }

  @Test
  void aCronFireOlderThanTheTaskIsNotDelivered() {
    h.with(ignitor("hourly", "0 * * * *").firedAt("2026-01-01T00:00:00Z").build());
    h.cluster.advance(Duration.ofMinutes(30));
    h.with(task("late").startOnIgnition("hourly").image("busybox:1.36").createdAt(h.cluster.now()));

    h.pass("late");

    assertEquals(List.of(), h.runs("late"));
    assertEquals(Map.of("hourly", "uid-ignitor-hourly/1/2026-01-01T00:00:00Z"), h.status("late").getIgnitions());

    h.cluster.advance(Duration.ofMinutes(30));
    h.fire("hourly", "2026-01-01T01:00:00Z");
    h.pass("late");

    assertEquals(1, h.runs("late").size(), "the next fire after the Task's creation starts it");
  }

  /** Task task1 starts on Ignitor "once", at a time; it has fired and task1's run of it has succeeded. */
  private Pod task1RanTheAtFire() {
    h.with(ignitor("once", ONCE).data("v1").build())
        .with(task("task1").startOnIgnition("once").image("busybox:1.36"));
    h.fire("once", ONCE);
    h.pass("task1");
    Pod first = h.onlyRun("task1");
    h.run(first, Duration.ofSeconds(5), 0, "");
    h.pass("task1");
    return first;
  }

  @Test
  void anAtIgnitorFiringAgainInANewGenerationStartsTheTaskAgain() {
    Pod first = task1RanTheAtFire();

    Ignitor edited = h.ignitor("once");
    edited.getSpec().setData("v2");
    edited.getMetadata().setGeneration(2L);
    h.fire("once", ONCE);
    h.pass("task1");
    h.pass("task1");

    assertEquals(2, h.runs("task1").size(), "runs of task1: " + names(h.runs("task1")));
    Pod second = h.latestRun("task1");
    assertNotEquals(first.getMetadata().getName(), second.getMetadata().getName());
    assertEquals("v2", env(second).get("ORCA_DATA"));
  }

  @Test
  void anAtIgnitorDeletedAndAppliedAgainStartsTheTaskAgain() {
    task1RanTheAtFire();

    h.with(ignitor("once", ONCE).data("v2").uid("uid-ignitor-once-again").createdAt(h.cluster.now()).build());
    h.fire("once", ONCE);
    h.pass("task1");
    h.pass("task1");

    assertEquals(2, h.runs("task1").size(), "runs of task1: " + names(h.runs("task1")));
    assertEquals("v2", env(h.latestRun("task1")).get("ORCA_DATA"));
  }

  @Test
  void aFireRecordedByItsTimeAloneIsNotRunAgainButTheIgnitorsNextGenerationIs() {
    h.with(ignitor("once", ONCE).build())
        .with(task("task1").startOnIgnition("once").image("busybox:1.36"));
    h.fire("once", ONCE);
    TaskStatus recorded = new TaskStatus();
    recorded.getIgnitions().put("once", ONCE);
    h.task("task1").setStatus(recorded);

    h.pass("task1");

    assertEquals(List.of(), h.runs("task1"));

    h.ignitor("once").getMetadata().setGeneration(2L);
    h.fire("once", ONCE);
    h.pass("task1");

    assertEquals(1, h.runs("task1").size());
  }

  // A Task deleted and created again under its name, while the old Task's pods are being collected

  /** Replaces task1 by a new Task object of the same name (a new uid), created now. */
  private void task1CreatedAgain() {
    h.with(task("task1").startOnIgnition("ignitor1").image("busybox:1.36").uid("uid-task-task1-again")
        .createdAt(h.cluster.now()));
  }

  private List<Pod> runsOfTheNewTask1() {
    return h.runs("task1").stream()
        .filter(p -> p.getMetadata().getOwnerReferences().get(0).getUid().equals("uid-task-task1-again"))
        .toList();
  }

  @Test
  void aTaskCreatedAgainUnderItsNameRunsTheOneShotFireTheOldTaskHadRun() {
    givenPipeline();
    Pod old = task1Started();
    h.run(old, Duration.ofSeconds(5), 0, "");
    h.pass("task1");
    h.cluster.advance(Duration.ofMinutes(1));

    task1CreatedAgain();
    h.pass("task1");
    h.pass("task1");

    assertEquals(1, runsOfTheNewTask1().size(), "runs of the new task1");
    Pod run = runsOfTheNewTask1().get(0);
    assertNotEquals(old.getMetadata().getName(), run.getMetadata().getName());
    assertEquals("hello", env(run).get("ORCA_DATA"));
    assertEquals(List.of(run.getMetadata().getName()),
        h.status("task1").getRuns().stream().map(RunRecord::getName).toList(),
        "the old Task's run is not the new Task's");
    assertEquals(1, h.runs("task2").size(), "the old run's success was handed downstream once, by the old Task");
  }

  @Test
  void theOldTasksRunningPodBeingCollectedIsNotAFailureOfTheNewTask() {
    givenPipeline();
    Pod old = task1Started();
    h.cluster.start(NS, old.getMetadata().getName());
    h.cluster.advance(Duration.ofMinutes(1));
    // Deleting task1 lets go of its run; the garbage collector then deletes it, and it stops for a while.
    h.cluster.annotateAndRelease(old, Map.of());
    h.cluster.beginTermination(NS, old.getMetadata().getName());

    task1CreatedAgain();
    h.pass("task1");
    h.pass("task1");

    assertEquals(List.of(), h.events("RunFailed"));
    assertEquals(List.of(), h.runs("task3"), "no failure edge fires");
    assertNull(h.status("task1").getFailuresCount());
    assertEquals(1, runsOfTheNewTask1().size(), "the new Task runs the one-shot fire");
  }

  // Success and failure triggers

  @Test
  void aSuccessStartsTheSuccessTaskWithTheTerminationMessageAsData() {
    givenPipeline();
    h.run(task1Started(), Duration.ofSeconds(65), 0, "s3://bucket/out");

    h.pass("task1");

    Pod downstream = h.onlyRun("task2");
    assertEquals("s3://bucket/out", env(downstream).get("ORCA_DATA"));
    assertEquals("task1", env(downstream).get("ORCA_INITIATOR"));
    assertEquals("Success", downstream.getMetadata().getLabels().get(RunNames.TRIGGER_LABEL));
    assertEquals(List.of(), h.runs("task3"));
  }

  @Test
  void aFailingRunStartsTheFailureTaskAndCountsTheFailure() {
    givenPipeline();
    Pod run = task1Started();
    h.run(run, Duration.ofSeconds(5), 3, "disk full");

    h.pass("task1");

    Pod downstream = h.onlyRun("task3");
    assertEquals("disk full", env(downstream).get("ORCA_DATA"));
    assertEquals("Failure", downstream.getMetadata().getLabels().get(RunNames.TRIGGER_LABEL));
    assertEquals(List.of(), h.runs("task2"));
    TaskStatus status = h.status("task1");
    assertEquals(1, status.getFailuresCount());
    assertEquals("Failed", status.getState());
    assertEquals("2026-01-01T00:00:05Z", status.getLastFailure());
    RunRecord record = status.getRuns().get(0);
    assertEquals(3, record.getExitCode());
    assertEquals("Error", record.getReason());
    InMemoryCluster.RecordedEvent failed = h.events("RunFailed").get(0);
    assertEquals("Run " + run.getMetadata().getName() + " (workflow run " + workflowRun(run)
        + ") failed: Error (exit code 3): disk full", failed.message());
  }

  // Workflow runs

  private static String workflowRun(Pod run) {
    return run.getMetadata().getLabels().get(RunNames.WORKFLOW_RUN_LABEL);
  }

  @Test
  void eachFireBeginsAWorkflowRunThatItsDownstreamRunsInheritThroughSuccessAndFailure() {
    givenPipeline();
    h.with(task("task4").startOnFailure("task2").image("busybox:1.36"));
    Pod first = task1Started();
    h.run(first, Duration.ofSeconds(5), 0, "");
    h.pass("task1");
    h.run(h.onlyRun("task2"), Duration.ofSeconds(5), 1, "");
    h.pass("task2");

    String id = workflowRun(first);
    assertTrue(id.startsWith("ignitor1-"), id);
    assertEquals(id, env(first).get("ORCA_WORKFLOW_RUN"));
    assertEquals(id, workflowRun(h.onlyRun("task2")));
    assertEquals(id, workflowRun(h.onlyRun("task4")));
    assertEquals(id, env(h.onlyRun("task4")).get("ORCA_WORKFLOW_RUN"));
    assertEquals(id, h.status("task2").getRuns().get(0).getWorkflowRun());

    h.fire("ignitor1", "2026-01-01T01:00:00.000Z");
    h.pass("task1");
    assertNotEquals(id, workflowRun(h.latestRun("task1")), "the next fire begins another workflow run");
  }

  @Test
  void eventsNameTheWorkflowRunOfTheRun() {
    givenPipeline();
    Pod run = task1Started();
    h.run(run, Duration.ofSeconds(5), 0, "");

    h.pass("task1");

    String id = workflowRun(run);
    assertTrue(h.events("RunStarted").stream().allMatch(e -> e.message().contains("(workflow run " + id + ")")),
        "every start: " + h.events("RunStarted"));
    assertEquals("Run " + run.getMetadata().getName() + " (workflow run " + id + ") succeeded",
        h.events("RunSucceeded").get(0).message());
  }

  @Test
  void aRunStartedBeforeRunsCarriedTheirWorkflowRunBeginsOneNamedAfterItsPod() {
    givenPipeline();
    Pod old = task1Started();
    h.cluster.removeLabel(NS, old.getMetadata().getName(), RunNames.WORKFLOW_RUN_LABEL);
    h.run(old, Duration.ofSeconds(5), 0, "");

    h.pass("task1");

    assertEquals(old.getMetadata().getName(), workflowRun(h.onlyRun("task2")));
  }

  @Test
  void aSuccessResetsTheFailureCount() {
    givenPipeline();
    h.run(task1Started(), Duration.ofSeconds(5), 1, "");
    h.pass("task1");

    h.fire("ignitor1", "2026-01-01T01:00:00.000Z");
    h.pass("task1");
    h.run(h.latestRun("task1"), Duration.ofSeconds(5), 0, "");
    h.pass("task1");

    assertEquals(0, h.status("task1").getFailuresCount());
    assertEquals("Succeeded", h.status("task1").getState());
  }

  @Test
  void aRepeatedPassBeforeAnyWriteStartsNothingTwice() {
    givenPipeline();
    h.run(task1Started(), Duration.ofSeconds(5), 3, "");

    TaskConverger.Outcome first = h.decide("task1");
    TaskConverger.Outcome second = h.decide("task1");

    assertEquals(1, h.runs("task3").size());
    assertEquals(1, first.status().getFailuresCount());
    assertEquals(1, second.status().getFailuresCount());
  }

  @Test
  void aPassRepeatedAfterTheStatusWasPersistedButBeforeThePodsWereMarkedCountsNothingTwice() {
    givenPipeline();
    h.run(task1Started(), Duration.ofSeconds(5), 3, "");
    h.persist("task1", h.decide("task1"));

    h.pass("task1");
    h.pass("task1");

    TaskStatus status = h.status("task1");
    assertEquals(1, status.getFailuresCount());
    assertEquals(1, status.getRuns().size());
    assertEquals(1, h.runs("task3").size());
    assertTrue(handled(h.onlyRun("task1")));
  }

  @Test
  void marksTheRunHandledAndReleasesItsFinalizerOnlyOnceItsActionsAreDone() {
    givenPipeline();
    h.actions.inFlight();
    Pod run = task1Started();
    h.run(run, Duration.ofSeconds(5), 0, "");

    h.pass("task1");

    Pod waiting = h.refreshed(run);
    assertTrue(handled(waiting));
    assertTrue(waiting.hasFinalizer(RunNames.FINALIZER), "the finalizer stays while actions are in flight");
    assertFalse(waiting.getMetadata().getAnnotations().containsKey(RunNames.ACTIONS_ANNOTATION));
    assertEquals(1, h.runs("task2").size(), "downstream does not wait for actions");

    h.actions.done(StubRunActions.status("notify", "Succeeded"));
    h.pass("task1");

    Pod done = h.refreshed(run);
    assertFalse(done.hasFinalizer(RunNames.FINALIZER));
    assertEquals("notify=Succeeded", done.getMetadata().getAnnotations().get(RunNames.ACTIONS_ANNOTATION));
    assertEquals("notify", h.status("task1").getRuns().get(0).getActions().get(0).getName());
    assertEquals(1, h.runs("task2").size());

    h.pass("task1");
    assertEquals(2, h.actions.progressed().size(), "a run whose actions are done is not asked about again");
  }

  @Test
  void aRunWithoutActionsIsReleasedInTheSamePass() {
    givenPipeline();
    Pod run = task1Started();
    h.run(run, Duration.ofSeconds(5), 0, "");

    h.pass("task1");

    assertEquals("none", h.refreshed(run).getMetadata().getAnnotations().get(RunNames.ACTIONS_ANNOTATION));
    assertFalse(h.refreshed(run).hasFinalizer(RunNames.FINALIZER));
  }

  @Test
  void anUnfinishedRunIsNeitherMarkedNorHandedDownstream() {
    givenPipeline();
    Pod run = task1Started();
    h.cluster.start(NS, run.getMetadata().getName());

    TaskConverger.Outcome outcome = h.pass("task1");

    assertEquals(List.of(), outcome.marks());
    assertEquals(List.of(), h.runs("task2"));
    assertEquals("Running", h.status("task1").getState());
  }

  // Concurrency

  @Test
  void forbidSkipsAFireWhileARunIsInFlightAndRecordsTriggerSkipped() {
    givenPipeline();
    Pod first = task1Started();
    h.cluster.start(NS, first.getMetadata().getName());

    h.fire("ignitor1", "2026-01-01T00:05:00.000Z");
    h.pass("task1");

    assertEquals(List.of(first.getMetadata().getName()), names(h.runs("task1")));
    assertEquals(1, h.events("TriggerSkipped").size());
    assertEquals("task1", h.events("TriggerSkipped").get(0).object());
    assertEquals("uid-ignitor-ignitor1/1/2026-01-01T00:05:00.000Z", h.status("task1").getIgnitions().get("ignitor1"));

    h.cluster.finish(NS, first.getMetadata().getName(), 0, "");
    h.pass("task1");
    assertEquals(1, h.runs("task1").size(), "a skipped fire is not started later");
  }

  @Test
  void allowStartsASecondRunBesideTheFirst() {
    givenPipeline();
    h.task("task1").getSpec().setConcurrencyPolicy(ConcurrencyPolicy.Allow);
    Pod first = task1Started();
    h.cluster.start(NS, first.getMetadata().getName());

    h.fire("ignitor1", "2026-01-01T00:05:00.000Z");
    h.pass("task1");

    List<Pod> runs = h.runs("task1");
    assertEquals(2, runs.size());
    runs.forEach(p -> assertNull(p.getMetadata().getDeletionTimestamp()));
    assertEquals(List.of(), h.events("TriggerSkipped"));
  }

  @Test
  void replaceDeletesTheRunningRunAndStartsTheNewOne() {
    Pod first = task1ReplacedWhileRunning();

    assertNotNull(h.refreshed(first).getMetadata().getDeletionTimestamp());
    Pod second = h.latestRun("task1");
    assertNull(second.getMetadata().getDeletionTimestamp());

    h.pass("task1");

    assertEquals(List.of(second.getMetadata().getName()), names(h.runs("task1")),
        "the replaced run's pod goes once its end is recorded");
  }

  @Test
  void aReplacedRunIsNotCountedAsAFailure() {
    task1ReplacedWhileRunning();

    h.pass("task1");

    assertEquals(0, Optional.ofNullable(h.status("task1").getFailuresCount()).orElse(0));
    assertEquals(List.of(), h.runs("task3"));
  }

  /** Starts task1 (concurrencyPolicy Replace), then fires again while it runs; returns the first run's pod. */
  private Pod task1ReplacedWhileRunning() {
    givenPipeline();
    h.task("task1").getSpec().setConcurrencyPolicy(ConcurrencyPolicy.Replace);
    Pod first = task1Started();
    h.cluster.start(NS, first.getMetadata().getName());
    h.cluster.advance(Duration.ofMinutes(5));
    h.fire("ignitor1", "2026-01-01T00:05:00.000Z");
    h.pass("task1");
    return first;
  }

  // Retries

  private void givenSelfRetryingTask(int retryLimit) {
    h.with(ignitor("ignitor1", "NOW").build())
        .with(task("flaky").startOnIgnition("ignitor1").startOnFailure("flaky").retryLimit(retryLimit)
            .image("busybox:1.36"));
    h.fire("ignitor1", FIRE);
    h.pass("flaky");
  }

  @Test
  void retriesAFailedRunAfterItsBackoffDoublingItEachTime() {
    givenSelfRetryingTask(3);
    Pod first = h.onlyRun("flaky");
    h.run(first, Duration.ofSeconds(5), 1, "");
    Instant finished = h.cluster.now();

    TaskConverger.Outcome postponed = h.pass("flaky");

    assertEquals(Optional.of(finished.plusSeconds(10)), postponed.revisit());
    assertEquals(1, h.events("RunFailed").size(), "the failure is announced while its retry waits");
    assertEquals(1, h.runs("flaky").size());
    assertFalse(handled(h.refreshed(first)), "the run stays unhandled until its retry starts");

    h.cluster.advance(Duration.ofSeconds(10));
    h.pass("flaky");

    assertEquals(2, h.runs("flaky").size());
    Pod retry = h.latestRun("flaky");
    assertEquals("flaky", env(retry).get("ORCA_INITIATOR"));
    assertEquals("Failure", retry.getMetadata().getLabels().get(RunNames.TRIGGER_LABEL));
    assertTrue(handled(h.refreshed(first)));

    h.run(retry, Duration.ofSeconds(5), 1, "");
    Instant retryFinished = h.cluster.now();
    assertEquals(Optional.of(retryFinished.plusSeconds(20)), h.pass("flaky").revisit());
  }

  @Test
  void onlyTheFailureThatOpensAnIncidentAndTheSuccessThatEndsItCarryANotice() {
    givenSelfRetryingTask(5);
    List<String> runs = new ArrayList<>();
    for (int failure = 1; failure <= 5; failure++) {
      Pod run = h.latestRun("flaky");
      runs.add(run.getMetadata().getName());
      h.run(run, Duration.ofSeconds(5), 1, "");
      h.pass("flaky");
      h.cluster.advance(Duration.ofMinutes(5));
      h.pass("flaky");
    }
    Pod recovery = h.latestRun("flaky");
    runs.add(recovery.getMetadata().getName());
    h.run(recovery, Duration.ofSeconds(5), 0, "");
    // Stopped after its status write, as a killed operator would: the next pass asks again, with the same notice.
    h.passBeforeItsPodMarks("flaky");
    h.pass("flaky");

    Incident incident = h.status("flaky").getIncident();
    assertEquals(Map.of(runs.get(0), new Incidents.Notice(Instant.parse(incident.getSince()), 1, false),
        runs.get(5), new Incidents.Notice(Instant.parse(incident.getSince()), 5, true)), h.actions.notices());
    assertEquals(runs.get(0), incident.getOpenedBy());
    assertEquals(runs.get(5), incident.getRecoveredBy());
    assertEquals(7, h.actions.progressed().size(), "every run's actions were asked about, the recovery's twice");
  }

  @Test
  void stopsRetryingAfterTheRetryLimitAndSaysSo() {
    givenSelfRetryingTask(1);
    h.run(h.onlyRun("flaky"), Duration.ofSeconds(5), 1, "");
    h.pass("flaky");
    h.cluster.advance(Duration.ofSeconds(10));
    h.pass("flaky");
    Pod retry = h.latestRun("flaky");
    h.run(retry, Duration.ofSeconds(5), 1, "");

    TaskConverger.Outcome outcome = h.pass("flaky");
    h.cluster.advance(Duration.ofMinutes(10));
    h.pass("flaky");

    assertEquals(2, h.runs("flaky").size());
    assertEquals(Optional.empty(), outcome.revisit());
    assertTrue(handled(h.refreshed(retry)));
    assertEquals(List.of("Not started again after 2 consecutive failures of flaky (retryLimit 1)"),
        h.events("RetryLimitReached").stream().map(InMemoryCluster.RecordedEvent::message).toList());
  }

  @Test
  void aSuccessDuringARetryBackoffLeavesTheRetryDueOnItsOwnFailureCount() {
    h.with(ignitor("hourly", "0 * * * *").build())
        .with(task("flaky").startOnIgnition("hourly").startOnFailure("flaky").image("busybox:1.36"));
    h.fire("hourly", "2026-01-01T00:00:00Z");
    h.pass("flaky");
    Pod failed = h.onlyRun("flaky");
    h.run(failed, Duration.ofSeconds(5), 1, "");
    Instant finished = h.cluster.now();
    h.pass("flaky");
    h.fire("hourly", "2026-01-01T01:00:00Z");
    h.pass("flaky");
    h.run(h.latestRun("flaky"), Duration.ofSeconds(1), 0, "");

    TaskConverger.Outcome afterSuccess = h.pass("flaky");

    assertEquals(0, h.status("flaky").getFailuresCount());
    assertEquals(Optional.of(finished.plusSeconds(10)), afterSuccess.revisit(),
        "the retry keeps the backoff of its own failure, the first");
    h.cluster.advance(Duration.ofSeconds(10));
    h.pass("flaky");
    assertEquals(3, h.runs("flaky").size(), "the retry started");
    assertTrue(handled(h.refreshed(failed)), "the failed run is handled and let go");
    assertEquals(1, h.status("flaky").getRuns().stream().filter(r -> failed.getMetadata().getName()
        .equals(r.getName())).findFirst().orElseThrow().getConsecutiveFailures());
  }

  @Test
  void aFailureListenerIsStartedOnceWhileTheRetryWaitsEvenIfItsRunIsGone() {
    h.with(ignitor("ignitor1", "NOW").build())
        .with(task("flaky").startOnIgnition("ignitor1").startOnFailure("flaky").image("busybox:1.36"),
            task("alert").startOnFailure("flaky").historyLimits(0, 0).image("busybox:1.36"));
    h.fire("ignitor1", FIRE);
    h.pass("flaky");
    h.run(h.onlyRun("flaky"), Duration.ofSeconds(5), 1, "");
    h.pass("flaky");
    h.run(h.onlyRun("alert"), Duration.ofSeconds(1), 0, "");
    h.pass("alert");
    assertEquals(List.of(), h.runs("alert"), "the alert's run is collected at once (history limit 0)");

    h.cluster.advance(Duration.ofSeconds(3));
    h.pass("flaky");
    h.cluster.advance(Duration.ofSeconds(8));
    h.pass("flaky");

    assertEquals(1, h.events("RunStarted").stream().filter(e -> "alert".equals(e.object())).count(),
        "one failure, one alert");
    assertEquals(2, h.runs("flaky").size(), "the retry started once it was due");
  }

  @Test
  void aRunIsCountedOnceEvenWhenItsRecordIsTrimmedFromStatus() {
    h.with(ignitor("hourly", "0 * * * *").build())
        .with(task("task1").startOnIgnition("hourly").historyLimits(15, 15).image("busybox:1.36"));
    for (int i = 0; i < 12; i++) {
      h.fire("hourly", String.format("2026-01-01T%02d:00:00Z", i));
      h.pass("task1");
      h.run(h.latestRun("task1"), Duration.ofMinutes(1), 1, "");
      h.pass("task1");
      h.cluster.advance(Duration.ofHours(1));
    }
    h.pass("task1");
    TaskStatus settled = Copies.deepCopy(h.status("task1"));

    h.pass("task1");
    h.pass("task1");

    assertEquals(12, h.status("task1").getFailuresCount());
    assertTrue(Copies.sameContent(settled, h.status("task1")),
        "an idle pass changes nothing, so the Task is not written again");
    assertEquals(12, h.runs("task1").size());
  }

  @Test
  void retriesARunWhosePodWasDeletedWhileRunning() {
    givenSelfRetryingTask(3);
    Pod first = h.onlyRun("flaky");
    h.cluster.start(NS, first.getMetadata().getName());
    h.cluster.delete(NS, first.getMetadata().getName());
    h.pass("flaky");

    h.cluster.advance(Duration.ofSeconds(11));
    h.pass("flaky");

    assertEquals(1, h.runs("flaky").stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).count(),
        "the retry runs");
    assertEquals(Optional.empty(), h.cluster.pod(NS, first.getMetadata().getName()),
        "the deleted run's pod is released");
  }

  @Test
  void retriesARunThatNeverStarted() {
    h.with(ignitor("ignitor1", "NOW").build())
        .with(task("flaky").startOnIgnition("ignitor1").startOnFailure("flaky").startTimeoutSeconds(60)
            .image("registry.invalid/nope:1"));
    h.fire("ignitor1", FIRE);
    h.pass("flaky");
    Pod stuck = h.onlyRun("flaky");
    h.cluster.advance(Duration.ofSeconds(61));
    h.pass("flaky");

    h.cluster.advance(Duration.ofSeconds(11));
    h.pass("flaky");

    assertEquals(List.of("Failure"), h.runs("flaky").stream()
        .map(p -> p.getMetadata().getLabels().get(RunNames.TRIGGER_LABEL)).toList(), "only the retry is left");
    assertEquals(Optional.empty(), h.cluster.pod(NS, stuck.getMetadata().getName()), "the stuck pod is deleted");
  }

  // Refused pods

  private static final String QUOTA = "pods \"task2-x\" is forbidden: exceeded quota: pods, requested: pods=1";

  @Test
  void aRefusedPodIsItsTasksFailedRunWhileTheOtherListenersStart() {
    givenPipeline();
    h.with(task("task4").startOnSuccess("task1").image("busybox:1.36"),
        task("task5").startOnFailure("task2").image("busybox:1.36"));
    h.cluster.refusePods("task2", QUOTA);
    Pod upstream = task1Started();
    h.run(upstream, Duration.ofSeconds(5), 0, "out");

    TaskConverger.Outcome outcome = h.pass("task1");

    assertEquals(Optional.empty(), outcome.transientError());
    assertTrue(handled(h.refreshed(upstream)), "the upstream's outcome is handled");
    assertEquals(1, h.runs("task4").size(), "a listener sorted after the refused one starts");

    h.pass("task2");
    h.pass("task2");

    TaskStatus status = h.status("task2");
    RunRecord record = status.getRuns().get(0);
    assertEquals("Failed", record.getPhase());
    assertEquals(RejectedRun.REASON, record.getReason());
    assertEquals(QUOTA, record.getMessage());
    assertEquals(1, status.getFailuresCount());
    assertEquals(List.of(), status.getRejectedRuns(), "handled, so no longer waiting");
    assertEquals(1, h.runs("task5").size(), "the refused run's failure listener starts once");
    assertEquals(QUOTA, env(h.onlyRun("task5")).get("ORCA_DATA"));
    assertEquals(workflowRun(upstream), record.getWorkflowRun(), "the refused run keeps its workflow run");
    assertEquals(workflowRun(upstream), workflowRun(h.onlyRun("task5")), "and hands it on");
    assertTrue(h.events("RunFailed").stream().anyMatch(e -> "task2".equals(e.object())
        && e.message().contains("PodRejected")));
  }

  @Test
  void aRefusedRunIsNotAskedForAgainByAPassThatDoesNotSeeItsUpstreamHandedOnYet() {
    givenPipeline();
    h.cluster.refusePods("task2", QUOTA);
    h.run(task1Started(), Duration.ofSeconds(5), 0, "out");
    h.passBeforeItsPodMarks("task1");
    h.cluster.acceptPods("task2");

    h.pass("task1");

    assertEquals(List.of(), h.runs("task2"), "the trigger's run is the refused one: no second run");
  }

  @Test
  void aRefusedPodRunsItsTasksFailureActions() {
    h.with(ignitor("ignitor1", "NOW").build())
        .with(task("task1").startOnIgnition("ignitor1").failureActions("log").image("busybox:1.36"));
    h.cluster.refusePods("task1", QUOTA);
    h.fire("ignitor1", FIRE);

    h.pass("task1");
    h.pass("task1");

    assertEquals(List.of(), h.runs("task1"));
    assertEquals(RejectedRun.REASON, h.status("task1").getRuns().get(0).getReason());
    assertEquals(1, h.status("task1").getRuns().size());
    assertEquals(Map.of("ignitor1", "uid-ignitor-ignitor1/1/" + FIRE), h.status("task1").getIgnitions(),
        "the fire is consumed");
    assertEquals(1, h.actions.progressed().stream().distinct().count(), "its failure actions ran");
    assertEquals(List.of(), h.status("task1").getRejectedRuns());
  }

  @Test
  void aRefusedRunWaitingForItsRetryIsCountedOnceEvenWhenItsRecordIsTrimmed() {
    h.with(ignitor("often", "* * * * *").build())
        .with(task("flaky").startOnIgnition("often").startOnFailure("flaky").retryLimit(20)
            .retryBackoffSeconds(300).image("busybox:1.36"));
    h.cluster.refusePods("flaky", QUOTA);
    for (int i = 0; i < 12; i++) {
      h.fire("often", String.format("2026-01-01T00:%02d:00Z", i));
      h.pass("flaky");
      h.cluster.advance(Duration.ofSeconds(1));
    }

    h.pass("flaky");
    h.pass("flaky");

    assertEquals(12, h.status("flaky").getRejectedRuns().size(), "all 12 wait for their retry's backoff");
    assertEquals(12, h.events("RunFailed").size(), "12 refused runs, each announced once");
    assertEquals(12, h.status("flaky").getFailuresCount(), "12 refused runs, each counted once");
  }

  @Test
  void aRefusedRunHandledInThePassThatTrimsItsRecordIsNotBroughtBackByTheStatusWrite() {
    h.with(ignitor("hourly", "0 * * * *").build())
        .with(task("flaky").startOnIgnition("hourly").startOnFailure("flaky").historyLimits(15, 15)
            .retryBackoffSeconds(60).image("busybox:1.36"));
    h.pass("flaky");
    h.addRejectedRun("flaky", "flaky-refused");
    h.passWritingOverTheStoredStatus("flaky");
    h.cluster.advance(Duration.ofSeconds(1));
    for (int i = 1; i <= 10; i++) {
      h.fire("hourly", String.format("2026-01-01T%02d:00:00Z", i));
      h.passWritingOverTheStoredStatus("flaky");
      h.run(h.latestRun("flaky"), Duration.ofSeconds(2), 0, "");
      h.passWritingOverTheStoredStatus("flaky");
    }
    h.cluster.advance(Duration.ofSeconds(40));

    h.passWritingOverTheStoredStatus("flaky");
    h.passWritingOverTheStoredStatus("flaky");

    assertEquals(List.of(), h.status("flaky").getRejectedRuns(), "handled, so gone");
    assertEquals(1, h.events("RunFailed").size(), "one refused run, announced once");
  }

  @Test
  void replaceUnderAFullPodQuotaWaitsForTheReplacedPodInsteadOfFailingTheNewRun() {
    h.with(ignitor("hourly", "0 * * * *").build())
        .with(task("task1").startOnIgnition("hourly").concurrencyPolicy(ConcurrencyPolicy.Replace)
            .image("busybox:1.36"));
    h.cluster.podQuota(1);
    h.fire("hourly", "2026-01-01T00:00:00Z");
    h.pass("task1");
    h.cluster.start(NS, h.onlyRun("task1").getMetadata().getName());
    h.cluster.advance(Duration.ofMinutes(5));
    h.fire("hourly", "2026-01-01T01:00:00Z");

    TaskConverger.Outcome replacing = h.pass("task1");
    h.pass("task1");
    h.pass("task1");

    assertTrue(replacing.transientError().isPresent(), "refused while the replaced run still counts: tried again");
    Pod second = h.onlyRun("task1");
    assertEquals(List.of(), h.status("task1").getRejectedRuns());
    assertTrue(h.status("task1").getRuns().stream().noneMatch(r -> RejectedRun.REASON.equals(r.getReason())));
    assertEquals(null, second.getMetadata().getDeletionTimestamp(), "the second fire's run runs");
  }

  @Test
  void aTransientErrorLeavesOnlyThatStartToARetryOfThePass() {
    givenPipeline();
    h.with(task("task4").startOnSuccess("task1").image("busybox:1.36"));
    h.cluster.failPodsTransiently("task2", 1);
    Pod upstream = task1Started();
    h.run(upstream, Duration.ofSeconds(5), 0, "out");

    TaskConverger.Outcome failed = h.pass("task1");

    assertTrue(failed.transientError().isPresent(), "the pass fails, to be retried with backoff");
    assertEquals("ReconcileError", condition(h.status("task1"), "Ready").getReason(),
        "the pass's own status says it failed, as the error report will");
    assertEquals(1, h.runs("task4").size(), "the other listener starts regardless");
    assertFalse(handled(h.refreshed(upstream)));

    h.pass("task1");

    assertEquals(1, h.runs("task2").size());
    assertEquals(1, h.runs("task4").size(), "started once");
    assertTrue(handled(h.refreshed(upstream)));
    assertEquals(1, h.events("RunSucceeded").size(), "announced once, as soon as it is recorded");
  }

  // Start timeout

  @Test
  void aRunThatNeverStartsFailsWithStartTimeoutAndItsPodIsDeleted() {
    h.with(ignitor("ignitor1", "NOW").build())
        .with(task("task1").startOnIgnition("ignitor1").startTimeoutSeconds(60).image("registry.invalid/nope:1"),
            task("task3").startOnFailure("task1").image("busybox:1.36"));
    h.fire("ignitor1", FIRE);
    h.pass("task1");
    Pod stuck = h.onlyRun("task1");
    Instant created = Instant.parse(stuck.getMetadata().getCreationTimestamp());

    assertEquals(Optional.of(created.plusSeconds(60)), h.pass("task1").revisit(),
        "a pending run is looked at again when its start timeout is up");

    h.cluster.advance(Duration.ofSeconds(61));
    h.pass("task1");

    assertEquals(List.of(), h.runs("task1"), "the stuck pod is deleted");
    RunRecord record = h.status("task1").getRuns().get(0);
    assertEquals("StartTimeout", record.getReason());
    assertTrue(env(h.onlyRun("task3")).get("ORCA_DATA").startsWith("container \"main\" did not start within 60s"));
  }

  // Validity

  @Test
  void anInvalidTaskNeverRunsAndSaysWhyWithTheFieldPath() {
    h.with(ignitor("ignitor1", "NOW").build())
        .with(task("task1").startOnIgnition("ignitor1", "ghost").steps().generation(4));
    h.fire("ignitor1", FIRE);

    h.pass("task1");

    assertEquals(List.of(), h.runs("task1"));
    Condition ready = condition(h.status("task1"), "Ready");
    assertEquals("False", ready.getStatus());
    assertEquals("InvalidSpec", ready.getReason());
    assertTrue(ready.getMessage().contains("spec.steps: at least one step is required"), ready.getMessage());
    assertTrue(ready.getMessage().contains("spec.startOnIgnition[1]: Ignitor \"ghost\" does not exist"),
        ready.getMessage());
    assertEquals(4L, ready.getObservedGeneration());
    assertEquals(4L, h.status("task1").getObservedGeneration());
  }

  @Test
  void aTaskNamingMissingObjectsWaitsUnresolvedNamingEachUntilTheyExistThenTakesTheOneShotFire() {
    h.with(ignitor("ignitor1", "NOW").build())
        .with(task("task1").startOnIgnition("ignitor1", "ghost").startOnSuccess("later").image("busybox:1.36"));
    h.fire("ignitor1", FIRE);

    h.pass("task1");

    assertEquals(List.of(), h.runs("task1"));
    Condition waiting = condition(h.status("task1"), "Ready");
    assertEquals(List.of("False", "UnresolvedReference", "The Task does not run until what its triggers name "
            + "exists: spec.startOnIgnition[1] names Ignitor \"ghost\"; spec.startOnSuccess[0] names Task \"later\""),
        List.of(waiting.getStatus(), waiting.getReason(), waiting.getMessage()));

    h.with(ignitor("ghost", "0 2 * * *").build()).with(task("later").image("busybox:1.36"));
    h.pass("task1");

    assertEquals("True", condition(h.status("task1"), "Ready").getStatus());
    assertEquals(1, h.runs("task1").size(), "ignitor1's one-shot fire reaches the Task once it is ready");
  }

  @Test
  void anInvalidDownstreamTaskIsNotStartedAndIsToldWhy() {
    givenPipeline();
    h.task("task2").getSpec().setSteps(List.of(container("one", "busybox:1.36")));
    h.run(task1Started(), Duration.ofSeconds(5), 0, "");

    h.pass("task1");

    assertEquals(List.of(), h.runs("task2"));
    assertEquals("task2", h.events("TriggerIgnored").get(0).object());
  }

  @Test
  void aValidTaskIsReadyAndItsActionsResolved() {
    givenPipeline();

    h.pass("task1");

    assertEquals("True", condition(h.status("task1"), "Ready").getStatus());
    assertEquals("True", condition(h.status("task1"), "ActionsResolved").getStatus());
  }

  @Test
  void unknownActionsAreNamedInTheActionsResolvedCondition() {
    givenPipeline();
    h.actions.unknown("slak");

    h.pass("task1");

    Condition resolved = condition(h.status("task1"), "ActionsResolved");
    assertEquals("False", resolved.getStatus());
    assertEquals("UnknownAction", resolved.getReason());
    assertTrue(resolved.getMessage().contains("No action or installed plugin is named slak"), resolved.getMessage());
  }

  @Test
  void theActionsResolvedConditionSaysWhichPluginFilesAreNotLoadedAndWhy() {
    givenPipeline();
    h.actions.unknown("slack");
    h.actions.notLoaded("slack.jar", "too large to stage: it needs 80 MiB");

    h.pass("task1");

    String message = condition(h.status("task1"), "ActionsResolved").getMessage();
    assertTrue(message.contains("Plugin file slack.jar is not loaded: too large to stage: it needs 80 MiB"), message);
  }

  // History and summary

  @Test
  void historyCleanupDeletesTheOldestFinishedRunsBeyondTheLimitsOnlyOnceReleased() {
    h.with(ignitor("hourly", "0 * * * *").build())
        .with(task("task1").startOnIgnition("hourly").historyLimits(1, 1).image("busybox:1.36"));
    String[] outcomes = new String[4];
    int[] exits = {0, 1, 0, 0};
    for (int i = 0; i < 3; i++) {
      h.fire("hourly", "2026-01-01T0" + i + ":00:00Z");
      h.pass("task1");
      Pod run = h.latestRun("task1");
      outcomes[i] = run.getMetadata().getName();
      h.run(run, Duration.ofMinutes(1), exits[i], "");
      h.pass("task1");
      h.cluster.advance(Duration.ofHours(1));
    }

    assertEquals(List.of(outcomes[1], outcomes[2]), names(h.runs("task1")),
        "the oldest success goes; the one failure and the newest success stay");

    h.actions.inFlight();
    h.fire("hourly", "2026-01-01T03:00:00Z");
    h.pass("task1");
    Pod unreleased = h.latestRun("task1");
    h.run(unreleased, Duration.ofMinutes(1), exits[3], "");
    h.pass("task1");

    assertTrue(names(h.runs("task1")).contains(outcomes[2]), "kept while the newer run still holds its finalizer");

    h.actions.done();
    h.pass("task1");

    assertEquals(List.of(outcomes[1], unreleased.getMetadata().getName()), names(h.runs("task1")));
  }

  @Test
  void fillsThePrinterColumnsInRfc3339AndGoDurations() {
    givenPipeline();
    Pod run = task1Started();
    h.cluster.start(NS, run.getMetadata().getName());
    h.pass("task1");
    assertEquals("Running", h.status("task1").getState());

    h.cluster.advance(Duration.ofSeconds(65));
    h.cluster.finish(NS, run.getMetadata().getName(), 0, "");
    h.pass("task1");

    TaskStatus status = h.status("task1");
    assertEquals("Succeeded", status.getState());
    assertEquals("2026-01-01T00:01:05Z", status.getLastSuccess());
    assertNull(status.getLastFailure());
    assertEquals(0, status.getFailuresCount());
    assertEquals("2026-01-01T00:00:00Z", status.getStartTime());
    assertEquals("1m5s", status.getDuration());
  }

  @Test
  void aStepsTaskRecordsEachStepOfItsRun() {
    h.with(ignitor("ignitor1", "NOW").build())
        .with(task("pipeline").startOnIgnition("ignitor1")
            .steps(container("fetch", "git:1"), container("build", "maven:3")));
    h.fire("ignitor1", FIRE);
    h.pass("pipeline");
    Pod run = h.onlyRun("pipeline");
    assertEquals(List.of("fetch"), run.getSpec().getInitContainers().stream().map(c -> c.getName()).toList());

    h.run(run, Duration.ofSeconds(5), 0, "");
    h.pass("pipeline");

    List<String> steps = h.status("pipeline").getRuns().get(0).getSteps().stream()
        .map(s -> s.getName() + "=" + s.getState()).toList();
    assertEquals(List.of("fetch=Waiting", "build=Succeeded"), steps);
  }
}
