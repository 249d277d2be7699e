package cloud.sirocco.orca.webhook;

import static cloud.sirocco.orca.webhook.AdmissionOverHttpsTest.edit;
import static cloud.sirocco.orca.webhook.testing.RunningWebhook.JSON;
import static cloud.sirocco.orca.webhook.testing.RunningWebhook.admissionFile;
import static cloud.sirocco.orca.webhook.testing.Workflows.ignitor;
import static cloud.sirocco.orca.webhook.testing.Workflows.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.webhook.testing.InMemoryWorkflowCache;
import cloud.sirocco.orca.webhook.testing.RunningWebhook;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Task's startOnAllSucceeded through the real webhook: refused, warned of and defaulted as the other triggers. */
class JoinAdmissionTest {

  @TempDir
  static Path workDir;
  static RunningWebhook webhook;

  @BeforeAll
  static void start() {
    webhook = RunningWebhook.start(workDir, new InMemoryWorkflowCache().put(
        ignitor("nightly", "0 2 * * *"),
        ignitor("hourly", "0 * * * *"),
        task("extract", List.of("nightly"), List.of(), List.of()),
        task("sync", List.of("hourly"), List.of(), List.of())));
  }

  @AfterAll
  static void stop() {
    webhook.close();
  }

  /** The valid Task "report" of the fixture, starting on the join of {@code upstreams} only. */
  private static String joining(String path, String... upstreams) {
    return edit(admissionFile(path), review -> {
      ObjectNode spec = (ObjectNode) review.at("/request/object/spec");
      spec.putArray("startOnSuccess");
      ArrayNode join = spec.putArray("startOnAllSucceeded");
      List.of(upstreams).forEach(join::add);
    });
  }

  @Test
  void deniesAJoinNamingAnUnknownTaskWithItsFieldPath() {
    JsonNode response = webhook.review("/validate", joining("create-valid-task.json", "extract", "trasnform"));

    assertFalse(response.path("allowed").asBoolean(), response::toString);
    assertEquals("spec.startOnAllSucceeded[1]", response.at("/status/details/causes/0/field").asText());
    assertTrue(response.at("/status/message").asText().contains("Task \"trasnform\" does not exist"),
        response::toString);
  }

  @Test
  void allowsAJoinWhoseTasksShareNoOriginWithAWarning() {
    JsonNode response = webhook.review("/validate", joining("create-valid-task.json", "extract", "sync"));

    assertTrue(response.path("allowed").asBoolean(), response::toString);
    assertTrue(response.path("warnings").toString().contains("have no Ignitor or Task upstream of them all"),
        response::toString);
  }

  @Test
  void mutationDefaultsAJoinsTimeoutAndFailureActions() throws IOException {
    String review = joining("mutate-task-needing-nothing.json", "extract", "sync");
    JsonNode response = webhook.review("/mutate", review);

    JsonNode patch = JSON.readTree(Base64.getDecoder().decode(response.path("patch").asText()));
    JsonNode spec = JsonPatch.apply(patch, JSON.readTree(review).at("/request/object")).path("spec");
    assertEquals(3600, spec.path("joinTimeoutSeconds").asInt());
    assertFalse(spec.path("failureActionsOnJoinClosed").asBoolean(true));
  }
}
