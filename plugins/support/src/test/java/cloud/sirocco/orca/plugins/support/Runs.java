package cloud.sirocco.orca.plugins.support;

import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.RunOutcome;
import java.time.Instant;

/** Finished runs as the operator would describe them to an action. */
public final class Runs {

  public static final Instant STARTED = Instant.parse("2025-03-01T02:00:00Z");
  public static final Instant FINISHED = Instant.parse("2025-03-01T02:03:30Z");

  private Runs() {}

  public static ActionContext.Builder failed() {
    return ActionContext.builder()
        .namespace("team-a")
        .task("nightly-report")
        .runId("nightly-report-7f3k2")
        .actionName("notify")
        .outcome(RunOutcome.FAILED)
        .exitCode(3)
        .reason("Error")
        .terminationMessage("database \"reports\" unreachable")
        .startedAt(STARTED)
        .finishedAt(FINISHED)
        .initiator("midnight")
        .workflowRun("midnight-4c1d0e9a7b")
        .logTail("connecting to reports-db\nretrying\ngiving up");
  }

  public static ActionContext.Builder succeeded() {
    return failed().outcome(RunOutcome.SUCCEEDED).exitCode(0).reason("Completed").terminationMessage("").logTail("");
  }
}
