package cloud.sirocco.orca.reconciler;

import static cloud.sirocco.orca.reconciler.ConvergerHarness.env;
import static cloud.sirocco.orca.testing.Workflows.ignitor;
import static cloud.sirocco.orca.testing.Workflows.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.ConcurrencyPolicy;
import cloud.sirocco.orca.model.RunRequest;
import cloud.sirocco.orca.model.RunRequestSpec;
import cloud.sirocco.orca.model.RunRequestStatus;
import cloud.sirocco.orca.names.RunNames;
import cloud.sirocco.orca.status.RunHistory;
import cloud.sirocco.orca.testing.Workflows;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a RunRequest starts, through the TaskConverger as TaskReconciler calls it for each request not done yet. */
class RunRequestsTest {

  private final ConvergerHarness h = new ConvergerHarness();

  /** ignitor1 starts task1; task2 starts on its success. */
  private void givenPipeline() {
    h.with(ignitor("ignitor1", "NOW").data("from the schedule").build())
        .with(task("task1").startOnIgnition("ignitor1").image("busybox:1.36"),
            task("task2").startOnSuccess("task1").image("busybox:1.36"));
  }

  /** task1's run, started by ignitor1's fire, failed and handed on. */
  private Pod aFailedRunOfTask1() {
    givenPipeline();
    h.fire("ignitor1", "2026-01-01T00:00:00.250Z");
    h.pass("task1");
    Pod failed = h.onlyRun("task1");
    h.run(failed, Duration.ofSeconds(5), 1, "flaky");
    h.pass("task1");
    return failed;
  }

  private static RunRequest request(String name, String task, String data, String replay) {
    RunRequest request = new RunRequest();
    request.getMetadata().setName(name);
    request.getMetadata().setNamespace(Workflows.NAMESPACE);
    request.getMetadata().setUid("uid-" + name);
    request.getMetadata().setAnnotations(Map.of(RunRequest.REQUESTED_BY_ANNOTATION, "alice"));
    RunRequestSpec spec = new RunRequestSpec();
    spec.setTask(task);
    spec.setData(data);
    spec.setReplay(replay);
    request.setSpec(spec);
    return request;
  }

  private RunRequestStatus start(RunRequest request) {
    return h.converger.startRequested(h.task(request.getSpec().getTask()), request, h.cluster, h.namespace,
        h.cluster.now());
  }

  @Test
  void aManualRunStartsTheTaskWithTheRequestsDataAsANewWorkflowRunWhoseDownstreamFollows() {
    givenPipeline();

    RunRequestStatus status = start(request("now-1", "task1", "by hand", null));

    Pod run = h.onlyRun("task1");
    assertEquals("Started", status.getPhase());
    assertEquals(run.getMetadata().getName(), status.getRun());
    assertEquals("by hand", env(run).get("ORCA_DATA"));
    assertEquals("now-1", env(run).get("ORCA_INITIATOR"));
    assertEquals("Manual", run.getMetadata().getLabels().get(RunNames.TRIGGER_LABEL));
    assertTrue(status.getWorkflowRun().startsWith("now-1-"), status.getWorkflowRun());
    assertEquals(status.getWorkflowRun(), RunNames.workflowRunOf(run));
    assertTrue(h.events("RunStarted").stream().anyMatch(e -> "now-1".equals(e.object())
        && e.message().contains("requested by alice")), h.cluster.events().toString());

    h.run(run, Duration.ofSeconds(5), 0, "done by hand");
    h.pass("task1");
    Pod downstream = h.onlyRun("task2");
    assertEquals("done by hand", env(downstream).get("ORCA_DATA"));
    assertEquals(status.getWorkflowRun(), RunNames.workflowRunOf(downstream));
  }

  @Test
  void aRequestAskedAgainBeforeItsStatusWasWrittenStartsNoSecondRun() {
    givenPipeline();
    RunRequest request = request("now-1", "task1", "by hand", null);

    RunRequestStatus first = start(request);
    RunRequestStatus again = start(request);

    assertEquals(1, h.runs("task1").size());
    assertEquals(first.getRun(), again.getRun());
    assertEquals("Started", again.getPhase());
  }

  @Test
  void aReplayHandsTheSameDataAndInitiatorAgainInTheSameWorkflowRunAndContinuesDownstream() {
    Pod failed = aFailedRunOfTask1();

    RunRequestStatus status = start(request("again", "task1", null, failed.getMetadata().getName()));

    Pod replay = h.latestRun("task1");
    assertNotEquals(failed.getMetadata().getName(), replay.getMetadata().getName());
    assertEquals("Started", status.getPhase());
    assertEquals(Map.of("ORCA_INITIATOR", "ignitor1", "ORCA_DATA", "from the schedule"),
        Map.of("ORCA_INITIATOR", env(replay).get("ORCA_INITIATOR"), "ORCA_DATA", env(replay).get("ORCA_DATA")));
    assertEquals(RunNames.workflowRunOf(failed), RunNames.workflowRunOf(replay));
    assertEquals(RunNames.workflowRunOf(failed), status.getWorkflowRun());

    h.run(replay, Duration.ofSeconds(5), 0, "fixed");
    h.pass("task1");
    assertEquals(RunNames.workflowRunOf(failed), RunNames.workflowRunOf(h.onlyRun("task2")));
  }

  @Test
  void aReplayOfARunWhosePodIsGoneFailsAndSaysWhy() {
    Pod failed = aFailedRunOfTask1();
    h.cluster.delete(Workflows.NAMESPACE, failed.getMetadata().getName());

    RunRequestStatus status = start(request("again", "task1", null, failed.getMetadata().getName()));

    assertEquals("Failed", status.getPhase());
    assertTrue(status.getMessage().contains("run " + failed.getMetadata().getName() + " of Task task1 has no pod "
        + "any more"), status.getMessage());
    assertEquals(0, h.runs("task1").size());
    assertEquals("Warning", h.events("RunNotStarted").get(0).type());
  }

  @Test
  void aRunThatAReplayNotDoneYetReadsKeepsItsPodAndRecordBeyondTheHistoryLimitsUntilTheReplayIsDone() {
    h.with(task("task1").image("busybox:1.36").historyLimits(1, 1));
    start(request("first", "task1", "one", null));
    Pod replayed = h.onlyRun("task1");
    String name = replayed.getMetadata().getName();
    h.run(replayed, Duration.ofSeconds(5), 1, "");
    h.pass("task1");
    h.pins.put(name, "again");

    for (int i = 0; i < RunHistory.MAX_RECORDS; i++) {
      start(request("later-" + i, "task1", "later", null));
      h.run(h.latestRun("task1"), Duration.ofSeconds(5), 1, "");
      h.pass("task1");
    }

    assertEquals(2, h.runs("task1").size(), "the pinned run and the newest, failedRunsHistoryLimit 1");
    assertTrue(h.cluster.pod(Workflows.NAMESPACE, name).isPresent(), "the pinned run's pod");
    assertTrue(RunHistory.find(h.status("task1"), name).isPresent(), "the pinned run's record, beyond "
        + RunHistory.MAX_RECORDS + " newer ones");
    assertTrue(h.events("RunKept").stream().anyMatch(e -> e.message().equals("Kept run " + name
        + " beyond failedRunsHistoryLimit 1: RunRequest again replays it and has not started yet")),
        h.cluster.events().toString());
    RunRequestStatus again = start(request("again", "task1", null, name));
    assertEquals(List.of("Started", "one"), List.of(again.getPhase(), env(h.latestRun("task1")).get("ORCA_DATA")));

    h.pins.clear();
    h.pass("task1");

    assertTrue(h.cluster.pod(Workflows.NAMESPACE, name).isEmpty(), "the run's pod, once no replay pins it");
    assertTrue(RunHistory.find(h.status("task1"), name).isEmpty(), "the run's record, once no replay pins it");
  }

  @Test
  void aRequestWhileARunIsInFlightUnderForbidIsSkippedForGood() {
    h.with(task("task1").image("busybox:1.36").concurrencyPolicy(ConcurrencyPolicy.Forbid));
    start(request("now-1", "task1", "one", null));

    RunRequestStatus second = start(request("now-2", "task1", "two", null));

    assertEquals("Skipped", second.getPhase());
    assertEquals(1, h.runs("task1").size());
    assertEquals(1, h.events("TriggerSkipped").size());
  }

  @Test
  void aRequestWithDataAndReplayThatBypassedTheWebhookFailsWithTheViolationAndStartsNothing() {
    Pod past = aFailedRunOfTask1();

    RunRequestStatus status = start(request("both", "task1", "mine", past.getMetadata().getName()));

    assertEquals("Failed", status.getPhase());
    assertTrue(status.getMessage().contains("spec.data: cannot be used with spec.replay"), status.getMessage());
    assertEquals(1, h.runs("task1").size());
    assertTrue(h.events("RunNotStarted").get(0).message().contains("spec.data"), h.cluster.events().toString());
  }

  @Test
  void aRequestWhoseNameDoesNotFitTheInitiatorLabelFailsBeforeItsPodIsRefused() {
    givenPipeline();

    RunRequestStatus status = start(request("now-" + "x".repeat(60), "task1", "by hand", null));

    assertEquals("Failed", status.getPhase());
    assertTrue(status.getMessage().contains("metadata.name: must be at most 63 characters"), status.getMessage());
    assertEquals(0, h.runs("task1").size());
  }
}
