package cloud.sirocco.orca.plugins.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunFieldsTest {

  @Test
  void jsonHoldsTheRunsFieldsWithTypedValues() {
    var json = RunFields.json(Runs.failed().build());

    assertEquals(3, json.get("exitCode").intValue());
    assertEquals("2025-03-01T02:03:30Z", json.get("finishedAt").textValue());
    assertEquals("nightly-report-7f3k2", json.get("runId").textValue());
  }

  @Test
  void anAlertTemplateSaysWhichWorkflowRunFailed() {
    var run = Runs.failed().build();

    assertEquals("nightly-report failed in workflow run midnight-4c1d0e9a7b",
        Template.render("${task} failed in workflow run ${workflowRun}", RunFields.text(run)));
    assertEquals("midnight-4c1d0e9a7b", RunFields.json(run).get("workflowRun").textValue());
  }

  @Test
  void unknownExitCodeAndTimesAreNullInJsonAndEmptyInText() {
    var run = Runs.failed().exitCode(null).startedAt(null).build();

    assertTrue(RunFields.json(run).get("exitCode").isNull());
    assertEquals("", RunFields.text(run).get("startedAt"));
  }

  @Test
  void neverCarryTheActionsSettings() {
    var run = Runs.failed().config(Map.of("channel", "#ops")).secrets(Map.of("token", "s3cr3t")).build();

    assertEquals(List.of("namespace", "task", "runId", "workflowRun", "action", "outcome", "exitCode", "reason",
        "message", "initiator", "startedAt", "finishedAt", "attempt", "logTail"),
        List.copyOf(RunFields.text(run).keySet()));
    assertFalse(RunFields.json(run).toString().contains("s3cr3t"));
  }
}
