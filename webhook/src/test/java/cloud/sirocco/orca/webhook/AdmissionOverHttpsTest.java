package cloud.sirocco.orca.webhook;

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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real AdmissionReviews, as the API server sends them, through the real HTTPS server. */
class AdmissionOverHttpsTest {

  @TempDir
  static Path workDir;
  static RunningWebhook webhook;

  @BeforeAll
  static void start() {
    InMemoryWorkflowCache cache = new InMemoryWorkflowCache().put(
        ignitor("nightly", "0 2 * * *"),
        task("extract", List.of("nightly"), List.of(), List.of()),
        task("report", List.of(), List.of("extract"), List.of()),
        // With c (startOnSuccess b) these close c -> a -> b -> c, every edge on success.
        task("a", List.of(), List.of("c"), List.of()),
        task("b", List.of(), List.of("a"), List.of()));
    webhook = RunningWebhook.start(workDir, cache);
  }

  @AfterAll
  static void stop() {
    webhook.close();
  }

  @Test
  void allowsAValidTaskWithoutWarningsOrPatch() {
    JsonNode response = webhook.review("/validate", admissionFile("create-valid-task.json"));

    assertTrue(response.path("allowed").asBoolean(), response::toString);
    assertTrue(response.path("warnings").isMissingNode(), response::toString);
    assertTrue(response.path("patch").isMissingNode(), response::toString);
  }

  @Test
  void deniesAnUnknownStartOnSuccessNamingTheFieldAndTheFix() {
    JsonNode response = webhook.review("/validate", admissionFile("create-task-unknown-start-on-success.json"));

    assertFalse(response.path("allowed").asBoolean(), response::toString);
    JsonNode status = response.path("status");
    assertEquals(422, status.path("code").asInt());
    assertEquals("Invalid", status.path("reason").asText());
    String message = status.path("message").asText();
    assertTrue(message.startsWith("Task \"report\" is invalid (1 problem)"), message);
    assertTrue(message.contains("spec.startOnSuccess[1]: Task \"trasnform\" does not exist in namespace "
        + "\"orca-demo\"; create upstream Tasks first"), message);
    assertEquals("spec.startOnSuccess[1]", status.at("/details/causes/0/field").asText());
    assertEquals("FieldValueInvalid", status.at("/details/causes/0/reason").asText());
    assertEquals("report", status.at("/details/name").asText());
    assertEquals("Task", status.at("/details/kind").asText());
  }

  @Test
  void deniesAnAllSuccessCycleWithItsPath() {
    JsonNode response = webhook.review("/validate", admissionFile("create-task-success-cycle.json"));

    assertFalse(response.path("allowed").asBoolean(), response::toString);
    String message = response.at("/status/message").asText();
    assertTrue(message.contains("spec.startOnSuccess[0]: trigger cycle with no failure handling: c -> a -> b -> c"),
        message);
  }

  @Test
  void deniesAnIgnitorWithAnImpossibleCronField() {
    JsonNode response = webhook.review("/validate", admissionFile("create-ignitor-bad-cron.json"));

    assertFalse(response.path("allowed").asBoolean(), response::toString);
    assertEquals("spec.scheduled", response.at("/status/details/causes/0/field").asText());
    assertTrue(response.at("/status/message").asText().startsWith("Ignitor \"hourly\" is invalid"),
        response::toString);
  }

  @Test
  void warnsAboutAnIgnitorThatNoTaskStartsOn() {
    String review = edit(admissionFile("create-ignitor-bad-cron.json"),
        r -> ((ObjectNode) r.at("/request/object/spec")).put("scheduled", "5 * * * *"));

    JsonNode response = webhook.review("/validate", review);

    assertTrue(response.path("allowed").asBoolean(), response::toString);
    assertTrue(warnings(response).stream().anyMatch(w -> w.contains("no Task names Ignitor \"hourly\"")),
        response::toString);
  }

  @Test
  void allowsDeletingATaskAndWarnsAboutTheTasksItStillStarts() {
    JsonNode response = webhook.review("/validate", admissionFile("delete-task-with-dependents.json"));

    assertTrue(response.path("allowed").asBoolean(), response::toString);
    assertEquals(List.of("Task \"extract\" still starts report; they will not run until their triggers name an "
        + "existing object"), warnings(response));
  }

  @Test
  void judgesAnUpdateByTheNewObject() {
    JsonNode allowed = webhook.review("/validate", admissionFile("update-task-adds-retry-loop.json"));
    JsonNode denied = webhook.review("/validate", edit(admissionFile("update-task-adds-retry-loop.json"),
        review -> ((ArrayNode) review.at("/request/object/spec/startOnFailure")).set(0, "ghost")));

    assertTrue(allowed.path("allowed").asBoolean(), allowed::toString);
    assertFalse(denied.path("allowed").asBoolean(), denied::toString);
    assertEquals("spec.startOnFailure[0]", denied.at("/status/details/causes/0/field").asText(), denied::toString);
  }

  @Test
  void allowsAMetadataOnlyUpdateEvenWhenAnUpstreamHasGoneSince() {
    String review = edit(admissionFile("update-task-adds-retry-loop.json"), r -> {
      ((ObjectNode) r.at("/request/oldObject/spec")).putArray("startOnSuccess").add("deleted-upstream");
      ((ObjectNode) r.at("/request/object")).set("spec", r.at("/request/oldObject/spec").deepCopy());
      ((ObjectNode) r.at("/request/object/metadata")).putObject("labels").put("team", "data");
    });

    JsonNode response = webhook.review("/validate", review);

    assertTrue(response.path("allowed").asBoolean(), response::toString);
  }

  @Test
  void allowsFinishingTheDeletionOfATaskThatNoLongerPassesTheRules() {
    String review = edit(admissionFile("update-task-adds-retry-loop.json"), r -> {
      ((ObjectNode) r.at("/request/object/spec")).putArray("startOnSuccess").add("deleted-upstream");
      ((ObjectNode) r.at("/request/object/metadata")).put("deletionTimestamp", "2026-11-21T10:00:00Z");
    });

    JsonNode response = webhook.review("/validate", review);

    assertTrue(response.path("allowed").asBoolean(), response::toString);
  }

  @Test
  void deniesATaskTheModelCannotReadWithTheFieldPath() {
    String review = edit(admissionFile("create-valid-task.json"),
        r -> ((ObjectNode) r.at("/request/object/spec")).put("retryLimit", "many"));

    JsonNode response = webhook.review("/validate", review);

    assertFalse(response.path("allowed").asBoolean(), response::toString);
    assertEquals("spec.retryLimit", response.at("/status/details/causes/0/field").asText(), response::toString);
  }

  @Test
  void mutationPersistsDefaultsAsAJsonPatchInsideSpec() throws IOException {
    String review = admissionFile("mutate-task-needing-defaults.json");
    JsonNode response = webhook.review("/mutate", review);

    assertTrue(response.path("allowed").asBoolean(), response::toString);
    assertEquals("JSONPatch", response.path("patchType").asText());
    JsonNode patch = JSON.readTree(Base64.getDecoder().decode(response.path("patch").asText()));
    for (JsonNode operation : patch) {
      assertTrue(operation.path("path").asText().startsWith("/spec/"), () -> "outside spec: " + operation);
    }
    JsonNode sent = JSON.readTree(review).at("/request/object");
    JsonNode patched = JsonPatch.apply(patch, sent);
    JsonNode spec = patched.path("spec");
    assertEquals("Forbid", spec.path("concurrencyPolicy").asText());
    assertEquals(3, spec.path("retryLimit").asInt());
    assertEquals(10, spec.path("retryBackoffSeconds").asInt());
    assertEquals(300, spec.path("startTimeoutSeconds").asInt());
    assertEquals("notify", spec.at("/actions/0/plugin").asText());
    assertEquals("EveryRun", spec.at("/actions/0/notify").asText());
    assertEquals("#reports", spec.at("/actions/0/config/channel").asText());
    assertEquals("Never", spec.at("/template/spec/restartPolicy").asText());
    assertEquals(sent.path("metadata"), patched.path("metadata"));
    assertTrue(patched.path("status").isMissingNode());
  }

  @Test
  void mutationOfACompleteTaskReturnsNoPatch() {
    JsonNode response = webhook.review("/mutate", admissionFile("mutate-task-needing-nothing.json"));

    assertTrue(response.path("allowed").asBoolean(), response::toString);
    assertTrue(response.path("patch").isMissingNode(), response::toString);
    assertTrue(response.path("patchType").isMissingNode(), response::toString);
  }

  @Test
  void mutationDefaultsAnIgnitorsTimeZoneAndSuspend() throws IOException {
    JsonNode response = webhook.review("/mutate", admissionFile("mutate-ignitor-needing-defaults.json"));

    JsonNode patch = JSON.readTree(new String(Base64.getDecoder().decode(response.path("patch").asText()),
        StandardCharsets.UTF_8));
    assertEquals(JSON.readTree("""
        [{"op":"add","path":"/spec/timeZone","value":"UTC"},{"op":"add","path":"/spec/suspend","value":false}]"""),
        patch);
  }

  @Test
  void mutationLeavesADeleteAlone() {
    JsonNode response = webhook.review("/mutate", admissionFile("delete-task-with-dependents.json"));

    assertTrue(response.path("allowed").asBoolean(), response::toString);
    assertTrue(response.path("patch").isMissingNode(), response::toString);
  }

  @Test
  void statusSubresourceUpdatesAreAllowedUnchecked() {
    String review = edit(admissionFile("create-task-unknown-start-on-success.json"),
        r -> ((ObjectNode) r.path("request")).put("subResource", "status").put("operation", "UPDATE"));

    JsonNode response = webhook.review("/validate", review);

    assertTrue(response.path("allowed").asBoolean(), response::toString);
  }

  static String edit(String review, Consumer<JsonNode> change) {
    try {
      JsonNode tree = JSON.readTree(review);
      change.accept(tree);
      return tree.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> warnings(JsonNode response) {
    List<String> warnings = new ArrayList<>();
    response.path("warnings").forEach(w -> warnings.add(w.asText()));
    return warnings;
  }
}
