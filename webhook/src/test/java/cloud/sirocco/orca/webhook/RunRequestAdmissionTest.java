package cloud.sirocco.orca.webhook;

import static cloud.sirocco.orca.webhook.AdmissionOverHttpsTest.edit;
import static cloud.sirocco.orca.webhook.testing.RunningWebhook.JSON;
import static cloud.sirocco.orca.webhook.testing.RunningWebhook.admissionFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.webhook.testing.InMemoryWorkflowCache;
import cloud.sirocco.orca.webhook.testing.RunningWebhook;
import cloud.sirocco.orca.webhook.testing.Workflows;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A RunRequest is admitted only when it names a Task that exists and, for a replay, one of that Task's runs; its
 * requester is stamped from the API server's userInfo, whatever the request said.
 */
class RunRequestAdmissionTest {

  @TempDir
  Path workDir;
  RunningWebhook webhook;

  @BeforeEach
  void start() {
    Task extract = Workflows.task("extract", List.of(), List.of(), List.of());
    RunRecord failed = new RunRecord();
    failed.setName("extract-0123456789");
    failed.setPhase("Failed");
    extract.setStatus(new TaskStatus());
    extract.getStatus().getRuns().add(failed);
    RunRecord refused = new RunRecord();
    refused.setName("extract-abcdef0123");
    refused.setPhase("Failed");
    refused.setReason("PodRejected");
    extract.getStatus().getRuns().add(refused);
    webhook = RunningWebhook.start(workDir, new InMemoryWorkflowCache().put(extract));
  }

  @AfterEach
  void stop() {
    webhook.close();
  }

  private static String request(String spec) {
    return edit(admissionFile("create-run-request.json"), review -> {
      try {
        ((ObjectNode) review.at("/request/object")).set("spec", JSON.readTree(spec));
      } catch (IOException e) {
        throw new IllegalArgumentException(e);
      }
    });
  }

  @Test
  void aRequestForAnExistingTaskIsAdmitted() {
    JsonNode response = webhook.review("/validate", admissionFile("create-run-request.json"));

    assertTrue(response.path("allowed").asBoolean(), response::toString);
  }

  @Test
  void aRequestForATaskThatDoesNotExistIsRefusedWithTheField() {
    JsonNode response = webhook.review("/validate", request("{\"task\": \"extrakt\", \"data\": \"x\"}"));

    assertFalse(response.path("allowed").asBoolean(), response::toString);
    assertTrue(response.at("/status/message").asText().contains(
        "spec.task: Task \"extrakt\" does not exist in namespace \"orca-demo\""), response::toString);
  }

  @Test
  void aReplayOfAKnownRunIsAdmittedAndOfAnUnknownOneRefusedListingTheRuns() {
    JsonNode known = webhook.review("/validate",
        request("{\"task\": \"extract\", \"replay\": \"extract-0123456789\"}"));
    JsonNode unknown = webhook.review("/validate", request("{\"task\": \"extract\", \"replay\": \"extract-99\"}"));

    assertTrue(known.path("allowed").asBoolean(), known::toString);
    assertFalse(unknown.path("allowed").asBoolean(), unknown::toString);
    assertTrue(unknown.at("/status/message").asText().contains("spec.replay: Task \"extract\" has no run "
        + "\"extract-99\"; its status.runs lists: extract-0123456789, extract-abcdef0123"), unknown::toString);
  }

  @Test
  void aReplayIsAdmittedWithAWarningThatItsPodLastsOnlyWithinTheHistoryLimits() {
    JsonNode known = webhook.review("/validate",
        request("{\"task\": \"extract\", \"replay\": \"extract-0123456789\"}"));

    assertTrue(known.path("allowed").asBoolean(), known::toString);
    assertTrue(known.path("warnings").toString().contains("keeps only the pods of its last 3 succeeded and 3 failed "
        + "runs (successfulRunsHistoryLimit, failedRunsHistoryLimit) while status.runs lists up to 10: if the pod is "
        + "gone, the request ends Failed"), known::toString);
  }

  @Test
  void aReplayOfARunWhosePodWasRefusedIsRefusedForItHasNoDataToReplay() {
    JsonNode response = webhook.review("/validate",
        request("{\"task\": \"extract\", \"replay\": \"extract-abcdef0123\"}"));

    assertFalse(response.path("allowed").asBoolean(), response::toString);
    assertTrue(response.at("/status/message").asText().contains("spec.replay: run \"extract-abcdef0123\" of Task "
        + "\"extract\" never had a pod (the API server refused it)"), response::toString);
  }

  @Test
  void aRequestWhoseNameDoesNotFitTheInitiatorLabelIsRefusedPointingToGenerateName() {
    String longName = "load-" + "x".repeat(59);
    JsonNode response = webhook.review("/validate", edit(admissionFile("create-run-request.json"),
        review -> ((ObjectNode) review.at("/request/object/metadata")).put("name", longName)));

    assertFalse(response.path("allowed").asBoolean(), response::toString);
    assertTrue(response.at("/status/message").asText().contains("metadata.name: must be at most 63 characters (it "
        + "has 64)"), response::toString);
    assertTrue(response.at("/status/message").asText().contains("generateName"), response::toString);
  }

  @Test
  void theRequesterIsStampedFromTheAuthenticatedUserOverWhatTheRequestSaid() throws IOException {
    JsonNode response = webhook.review("/mutate", admissionFile("create-run-request.json"));

    assertTrue(response.path("allowed").asBoolean(), response::toString);
    JsonNode patch = JSON.readTree(Base64.getDecoder().decode(response.path("patch").asText()));
    assertEquals("[{\"op\":\"replace\",\"path\":\"/metadata/annotations/orca.sirocco.cloud~1requested-by\","
        + "\"value\":\"bob\"}]", patch.toString());
  }
}
