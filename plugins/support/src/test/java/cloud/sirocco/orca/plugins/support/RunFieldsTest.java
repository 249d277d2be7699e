package cloud.sirocco.orca.plugins.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.plugin.api.Incident;
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
  void aRecoveryNamesItsChangeAndTheIncidentItEnds() {
    var run = Runs.succeeded().incident(new Incident(Runs.FINISHED, 5, true)).build();

    Map<String, String> text = RunFields.text(run);

    assertEquals("RECOVERED", text.get("change"));
    assertEquals("5", text.get("incidentFailures"));
    assertEquals("2025-03-01T02:03:30Z", text.get("incidentSince"));
    assertEquals("SUCCEEDED", text.get("outcome"));
  }

  @Test
  void aRunThatChangesNothingHasAnEmptyChangeAndNoIncident() {
    var json = RunFields.json(Runs.failed().build());

    assertEquals("", json.get("change").textValue());
    assertTrue(json.get("incidentFailures").isNull());
  }

  @Test
  void neverCarryTheActionsSettings() {
    var run = Runs.failed().config(Map.of("channel", "#ops")).secrets(Map.of("token", "s3cr3t")).build();

    assertEquals(List.of("namespace", "task", "runId", "workflowRun", "action", "outcome", "exitCode", "reason",
        "message", "initiator", "startedAt", "finishedAt", "attempt", "logTail", "change", "incidentSince",
        "incidentFailures"),
        List.copyOf(RunFields.text(run).keySet()));
    assertFalse(RunFields.json(run).toString().contains("s3cr3t"));
  }
}
