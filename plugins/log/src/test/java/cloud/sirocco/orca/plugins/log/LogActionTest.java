package cloud.sirocco.orca.plugins.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugins.support.Runs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogActionTest {

  private final List<String> lines = new ArrayList<>();
  private final LogAction action = new LogAction(lines::add);

  @Test
  void writesOneJsonLineWithTheRunsFields() throws Exception {
    ActionResult result = action.execute(Runs.failed().build());

    assertEquals(ActionResult.Status.SUCCEEDED, result.status());
    assertEquals(1, lines.size());
    assertFalse(lines.get(0).contains("\n"), "one line");
    JsonNode line = new ObjectMapper().readTree(lines.get(0));
    assertEquals("team-a", line.get("namespace").textValue());
    assertEquals("nightly-report-7f3k2", line.get("runId").textValue());
    assertEquals("FAILED", line.get("outcome").textValue());
    assertEquals(3, line.get("exitCode").intValue());
    assertEquals("midnight", line.get("initiator").textValue());
    assertEquals("2025-03-01T02:00:00Z", line.get("startedAt").textValue());
  }

  @Test
  void neverWritesTheActionsSecrets() {
    action.execute(Runs.failed().secrets(Map.of("token", "s3cr3t-value")).build());

    assertFalse(lines.get(0).contains("s3cr3t-value"), lines.get(0));
  }
}
