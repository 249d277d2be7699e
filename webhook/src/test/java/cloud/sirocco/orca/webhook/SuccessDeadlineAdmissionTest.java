package cloud.sirocco.orca.webhook;

import static cloud.sirocco.orca.webhook.AdmissionOverHttpsTest.edit;
import static cloud.sirocco.orca.webhook.testing.RunningWebhook.admissionFile;
import static cloud.sirocco.orca.webhook.testing.Workflows.ignitor;
import static cloud.sirocco.orca.webhook.testing.Workflows.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.webhook.testing.InMemoryWorkflowCache;
import cloud.sirocco.orca.webhook.testing.RunningWebhook;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Task's success deadline within the workflow run through the real webhook: its period checked with its path. */
class SuccessDeadlineAdmissionTest {

  @TempDir
  static Path workDir;
  static RunningWebhook webhook;

  @BeforeAll
  static void start() {
    webhook = RunningWebhook.start(workDir, new InMemoryWorkflowCache().put(
        ignitor("nightly", "0 2 * * *"),
        task("extract", List.of("nightly"), List.of(), List.of())));
  }

  @AfterAll
  static void stop() {
    webhook.close();
  }

  /** The valid Task "report" of the fixture, downstream of the nightly Ignitor, with this success deadline. */
  private static String withDeadline(String field, String period) {
    return edit(admissionFile("create-valid-task.json"), review -> {
      ObjectNode spec = (ObjectNode) review.at("/request/object/spec");
      spec.putObject("successDeadline").put(field, period);
    });
  }

  @Test
  void allowsADeadlineWithinTheWorkflowRunOfAFireUpstream() {
    JsonNode response = webhook.review("/validate", withDeadline("withinWorkflowRun", "2h"));

    assertTrue(response.path("allowed").asBoolean(), response::toString);
  }

  @Test
  void deniesAWithinWorkflowRunThatIsNoPeriodWithItsFieldPath() {
    JsonNode response = webhook.review("/validate", withDeadline("withinWorkflowRun", "2 hours"));

    assertFalse(response.path("allowed").asBoolean(), response::toString);
    assertEquals("spec.successDeadline.withinWorkflowRun", response.at("/status/details/causes/0/field").asText());
    assertTrue(response.at("/status/message").asText().contains("\"2 hours\" is not a period"), response::toString);
  }

  @Test
  void deniesAZeroWithinWorkflowRun() {
    JsonNode response = webhook.review("/validate", withDeadline("withinWorkflowRun", "0m"));

    assertFalse(response.path("allowed").asBoolean(), response::toString);
    assertTrue(response.at("/status/message").asText().contains("must be a positive period"), response::toString);
  }
}
