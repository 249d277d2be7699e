package cloud.sirocco.orca.reconciler;

import static cloud.sirocco.orca.reconciler.ConvergerHarness.NS;
import static cloud.sirocco.orca.reconciler.ConvergerHarness.env;
import static cloud.sirocco.orca.reconciler.ConvergerHarness.handled;
import static cloud.sirocco.orca.reconciler.ConvergerHarness.names;
import static cloud.sirocco.orca.testing.Workflows.container;
import static cloud.sirocco.orca.testing.Workflows.ignitor;
import static cloud.sirocco.orca.testing.Workflows.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.ConcurrencyPolicy;
import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.run.RunNames;
import cloud.sirocco.orca.testing.InMemoryCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskConvergerTest {

  private static final String FIRE = "2026-01-01T00:00:00.250Z";
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
    assertEquals(Map.of("ignitor1", FIRE), h.status("task1").getIgnitions());
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
    assertEquals(Map.of("hourly", "2026-01-01T00:00:00Z"), h.status("late").getIgnitions());

    h.cluster.advance(Duration.ofMinutes(30));
    h.fire("hourly", "2026-01-01T01:00:00Z");
    h.pass("late");

    assertEquals(1, h.runs("late").size(), "the next fire after the Task's creation starts it");
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
    assertEquals("Run " + run.getMetadata().getName() + " failed: Error (exit code 3): disk full", failed.message());
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
    assertEquals("2026-01-01T00:05:00.000Z", h.status("task1").getIgnitions().get("ignitor1"));

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
    assertTrue(env(h.onlyRun("task3")).get("ORCA_DATA").startsWith("the pod did not start within 60s"));
  }

  // Validity

  @Test
  void anInvalidTaskNeverRunsAndSaysWhyWithTheFieldPath() {
    h.with(ignitor("ignitor1", "NOW").build())
        .with(task("task1").startOnIgnition("ignitor1", "ghost").image("busybox:1.36").generation(4));
    h.fire("ignitor1", FIRE);

    h.pass("task1");

    assertEquals(List.of(), h.runs("task1"));
    Condition ready = condition(h.status("task1"), "Ready");
    assertEquals("False", ready.getStatus());
    assertEquals("InvalidSpec", ready.getReason());
    assertTrue(ready.getMessage().contains("spec.startOnIgnition[1]: Ignitor \"ghost\" does not exist"),
        ready.getMessage());
    assertEquals(4L, ready.getObservedGeneration());
    assertEquals(4L, h.status("task1").getObservedGeneration());
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
