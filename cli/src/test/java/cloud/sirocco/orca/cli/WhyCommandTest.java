package cloud.sirocco.orca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.Task;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.List;
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
        .withReason("DeadlineMissed").withMessage("no success since 2026-12-02T02:00:00Z").build());
    client.resource(overdue).create();

    Cli.Result result = Cli.run(client, "why", "overdue", "-n", Workflows.NAMESPACE);

    assertTrue(result.out().contains("  - It is overdue: no success since 2026-12-02T02:00:00Z\n"), result.out());
  }

  @Test
  void namesTheTaskAndNamespaceItCannotFind() {
    Cli.Result result = Cli.run(client, "why", "nope", "-n", Workflows.NAMESPACE);

    assertEquals(1, result.exitCode(), result.toString());
    assertEquals("error: Task \"nope\" not found in namespace \"team-a\" (kubectl get tasks -n team-a)\n",
        result.err());
  }
}
