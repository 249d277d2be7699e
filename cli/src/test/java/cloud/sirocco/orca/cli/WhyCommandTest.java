package cloud.sirocco.orca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.Incident;
import cloud.sirocco.orca.model.RunRequest;
import cloud.sirocco.orca.model.RunRequestStatus;
import cloud.sirocco.orca.model.Task;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WhyCommandTest extends SampleWorkflowTest {

  @Test
  void explainsARetryLoopThatGaveUpWithItsTriggersAndEvents() {
    Cli.Result result = Cli.run(client, "why", "report", "-n", Workflows.NAMESPACE);

    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("""
        Task report in namespace team-a: its last run, report-9f8e7d6c5b, Failed 2026-12-03T02:03:14Z, took 4s: \
        Error, exit code 1 (started by the failure of report).

        What stands in its way:
          - Its retry loop gave up: it failed 4 times in a row, more than retryLimit 3, so the failure of report does \
        not start it again; a trigger from outside the loop will.

        What starts it:
          - the success of extract: extract is Succeeded, last run Succeeded 2026-12-03T02:00:08Z, took 7s
          - the failure of report: report is Failed, last run Failed 2026-12-03T02:03:14Z, took 4s: Error, exit code 1

        Recent events, newest first:
          2026-12-03T02:03:15Z  ! The retry loop stopped: retryLimit reached: Not started again after 4 consecutive \
        failures of report (retryLimit 3)
          2026-12-03T02:00:12Z  ! A trigger was skipped, as a run was still in flight: Skipped the success of extract \
        (run extract-77): run report-0a1b2c3d4e is still in flight and concurrencyPolicy is Forbid
        """, result.out());
  }

  @Test
  void saysAnInvalidTaskNeverRunsAndWhatIsWrong() {
    Task broken = Workflows.task("broken", List.of("no-such-ignitor"), List.of(), List.of());
    broken.setStatus(Workflows.status("Pending", 0));
    broken.getStatus().setConditions(List.of(new ConditionBuilder().withType("Ready").withStatus("False")
        .withReason("InvalidSpec").withMessage("spec.startOnIgnition[0]: Ignitor \"no-such-ignitor\" does not exist")
        .build()));
    client.resource(broken).create();

    Cli.Result result = Cli.run(client, "why", "broken", "-n", Workflows.NAMESPACE);

    assertEquals(0, result.exitCode(), result.toString());
    assertTrue(result.out().startsWith("Task broken in namespace team-a: it has never run.\n"), result.out());
    assertTrue(result.out().contains("  - Its spec breaks Orca's rules, so it never runs until fixed: "
        + "spec.startOnIgnition[0]: Ignitor \"no-such-ignitor\" does not exist\n"), result.out());
    assertTrue(result.out().contains("  - Ignitor no-such-ignitor, which does not exist\n"), result.out());
    assertTrue(result.out().contains("  none (the API server keeps Events for an hour by default)\n"), result.out());
  }

  @Test
  void showsAConditionTypeItDoesNotKnowInGeneralWords() {
    Task late = Workflows.task("late", List.of("nightly"), List.of(), List.of());
    late.setStatus(Workflows.status("Succeeded", 0));
    late.getStatus().getConditions().add(new ConditionBuilder().withType("Degraded").withStatus("True")
        .withReason("SlowRuns").withMessage("runs take twice as long as last week").build());
    client.resource(late).create();

    Cli.Result result = Cli.run(client, "why", "late", "-n", Workflows.NAMESPACE);

    assertTrue(result.out().contains(
        "  - Condition Degraded is True (SlowRuns): runs take twice as long as last week\n"), result.out());
  }

  @Test
  void explainsAnOverdueTask() {
    Task overdue = Workflows.task("overdue", List.of("nightly"), List.of(), List.of());
    overdue.setStatus(Workflows.status("Succeeded", 0));
    overdue.getStatus().getConditions().add(new ConditionBuilder().withType("Overdue").withStatus("True")
        .withReason("NoSuccessInTime").withMessage("No successful run since 2026-12-02T02:00:08Z: it must succeed "
            + "within 26h, and was due by 2026-12-03T04:00:08Z").build());
    client.resource(overdue).create();

    Cli.Result result = Cli.run(client, "why", "overdue", "-n", Workflows.NAMESPACE);

    assertTrue(result.out().contains("  - It is overdue: No successful run since 2026-12-02T02:00:08Z: it must "
        + "succeed within 26h, and was due by 2026-12-03T04:00:08Z\n"), result.out());
  }

  @Test
  void saysSinceWhenAnIncidentIsOpenAndWhichRunOpenedIt() {
    Task failing = Workflows.task("failing", List.of("nightly"), List.of(), List.of());
    failing.setStatus(Workflows.status("Failed", 2));
    Incident incident = new Incident();
    incident.setSince("2026-12-02T02:00:09Z");
    incident.setFailures(2);
    incident.setOpenedBy("failing-0a1b2c3d4e");
    failing.getStatus().setIncident(incident);
    client.resource(failing).create();

    Cli.Result result = Cli.run(client, "why", "failing", "-n", Workflows.NAMESPACE);

    assertTrue(result.out().startsWith("Task failing in namespace team-a: it has never run.\nAn incident is open "
        + "since 2026-12-02T02:00:09Z: 2 failed runs, opened by run failing-0a1b2c3d4e; it ends with the next "
        + "successful run.\n"), result.out());
  }

  @Test
  void showsRunRequestsThatStartedNoRunAndWhy() {
    client.resource(Workflows.task("manual", List.of(), List.of(), List.of())).create();
    request("manual-run-aaaaa", "2026-12-03T09:00:00Z", null, "Skipped",
        "no run started: see the Events of Task manual");
    request("manual-replay-bbbbb", "2026-12-03T09:30:00Z", "manual-0a1b2c3d4e", "Failed",
        "run manual-0a1b2c3d4e of Task manual has no pod any more (successfulRunsHistoryLimit, "
            + "failedRunsHistoryLimit), so its data is gone");

    Cli.Result result = Cli.run(client, "why", "manual", "-n", Workflows.NAMESPACE);

    assertTrue(result.out().contains("""

        Run requests, newest first:
          2026-12-03T09:30:00Z  ! manual-replay-bbbbb by alice: replay run manual-0a1b2c3d4e of Task manual: failed: \
        run manual-0a1b2c3d4e of Task manual has no pod any more (successfulRunsHistoryLimit, \
        failedRunsHistoryLimit), so its data is gone
          2026-12-03T09:00:00Z  ! manual-run-aaaaa by alice: run Task manual: skipped, as a run was in flight and \
        concurrencyPolicy is Forbid: no run started: see the Events of Task manual
        """), result.out());
  }

  private static void request(String name, String answered, String replay, String phase, String message) {
    RunRequest request = new RunRequest();
    request.getMetadata().setName(name);
    request.getMetadata().setNamespace(Workflows.NAMESPACE);
    request.getMetadata().setAnnotations(Map.of(RunRequest.REQUESTED_BY_ANNOTATION, "alice"));
    request.getSpec().setTask("manual");
    request.getSpec().setReplay(replay);
    RunRequestStatus status = new RunRequestStatus();
    status.setPhase(phase);
    status.setMessage(message);
    status.setTime(answered);
    request.setStatus(status);
    client.resource(request).create();
  }

  @Test
  void namesTheTaskAndNamespaceItCannotFind() {
    Cli.Result result = Cli.run(client, "why", "nope", "-n", Workflows.NAMESPACE);

    assertEquals(1, result.exitCode(), result.toString());
    assertEquals("error: Task \"nope\" not found in namespace \"team-a\" (kubectl get tasks -n team-a)\n",
        result.err());
  }
}
