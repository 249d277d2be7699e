package cloud.sirocco.orca.webhook;

import static cloud.sirocco.orca.webhook.testing.RunningWebhook.admissionFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.webhook.testing.InMemoryWorkflowCache;
import cloud.sirocco.orca.webhook.testing.RunningWebhook;
import cloud.sirocco.orca.webhook.testing.Workflows;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a client sends that is not an AdmissionReview of ours: a sentence and a 4xx, and the server keeps going. */
class MalformedRequestTest {

  @TempDir
  static Path workDir;
  static RunningWebhook webhook;

  @BeforeAll
  static void start() {
    InMemoryWorkflowCache cache = new InMemoryWorkflowCache()
        .put(Workflows.task("extract", List.of(), List.of(), List.of()));
    webhook = RunningWebhook.start(workDir, cache);
  }

  @AfterAll
  static void stop() {
    webhook.close();
  }

  @AfterEach
  void serverStillAnswersAValidReview() {
    assertTrue(webhook.review("/validate", admissionFile("create-valid-task.json")).path("allowed").asBoolean());
  }

  @Test
  void refusesABodyThatIsNotJson() {
    assertRefused(400, webhook.post("/validate", "{\"kind\": \"AdmissionReview\", oops"), "not valid JSON");
  }

  @Test
  void refusesAnEmptyBody() {
    assertRefused(400, webhook.post("/mutate", ""), "empty");
  }

  @Test
  void refusesJsonThatIsNotAnAdmissionReview() {
    assertRefused(400, webhook.post("/validate", "{\"kind\": \"Pod\", \"apiVersion\": \"v1\"}"),
        "not an AdmissionReview");
    assertRefused(400, webhook.post("/validate", "[1, 2, 3]"), "not an AdmissionReview object");
  }

  @Test
  void refusesAnAdmissionReviewWithoutRequest() {
    assertRefused(400, webhook.post("/validate", "{\"kind\": \"AdmissionReview\", \"apiVersion\": "
        + "\"admission.k8s.io/v1\"}"), "no request");
  }

  @Test
  void refusesAReviewOfAnotherKind() {
    String pod = admissionFile("create-valid-task.json")
        .replace("\"group\": \"sirocco.cloud\"", "\"group\": \"\"")
        .replace("\"version\": \"v1alpha1\"", "\"version\": \"v1\"")
        .replace("\"kind\": \"Task\"", "\"kind\": \"Pod\"");

    assertRefused(400, webhook.post("/validate", pod), "admits only Tasks and Ignitors of sirocco.cloud/v1alpha1, "
        + "not /v1 Pod");
  }

  @Test
  void refusesAnOldAdmissionReviewVersion() {
    String v1beta1 = admissionFile("create-valid-task.json").replace("admission.k8s.io/v1", "admission.k8s.io/v1beta1");

    assertRefused(400, webhook.post("/validate", v1beta1), "Only admission.k8s.io/v1");
  }

  @Test
  void refusesABodyOverTheLimitWithContentLength() {
    String huge = "{\"kind\": \"AdmissionReview\", \"padding\": \"" + "x".repeat(200 * 1024) + "\"}";

    assertRefused(413, webhook.post("/validate", huge), "larger than 65536 bytes");
  }

  @Test
  void refusesAStreamedBodyOverTheLimit() {
    byte[] huge = ("{\"kind\": \"AdmissionReview\", \"padding\": \"" + "x".repeat(200 * 1024) + "\"}").getBytes();
    HttpRequest chunked = webhook.request("/validate").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))).build();

    assertRefused(413, webhook.send(chunked), "larger than 65536 bytes");
  }

  @Test
  void refusesDeeplyNestedJson() {
    String deep = "[".repeat(5000) + "]".repeat(5000);

    assertRefused(400, webhook.post("/validate", deep), "nests JSON deeper than 100 levels");
  }

  @Test
  void refusesGetOnAnAdmissionPathAsAMethodNotAllowed() {
    HttpResponse<String> response = webhook.get("/validate");

    assertRefused(405, response, "GET is not answered here; send POST");
    assertEquals("POST", response.headers().firstValue("Allow").orElse(""));
  }

  @Test
  void refusesAnotherContentType() {
    HttpResponse<String> response = webhook.send(webhook.request("/validate").header("Content-Type", "text/yaml")
        .POST(HttpRequest.BodyPublishers.ofString(admissionFile("create-valid-task.json"))).build());

    assertRefused(400, response, "Content-Type must be application/json, not \"text/yaml\"");
  }

  @Test
  void answersAnUnknownPathWith404() {
    assertRefused(404, webhook.post("/admit", admissionFile("create-valid-task.json")), "No such endpoint");
  }

  @Test
  void refusesAReviewWithoutUid() {
    String noUid = AdmissionOverHttpsTest.edit(admissionFile("create-valid-task.json"),
        r -> ((com.fasterxml.jackson.databind.node.ObjectNode) r.path("request")).remove("uid"));

    assertRefused(400, webhook.post("/validate", noUid), "no uid");
  }

  private static void assertRefused(int status, HttpResponse<String> response, String expected) {
    assertEquals(status, response.statusCode(), response::body);
    String body = response.body().strip();
    assertTrue(body.contains(expected), () -> "expected \"" + expected + "\" in: " + body);
    assertEquals(1, body.lines().count(), () -> "one sentence, not: " + body);
    assertFalse(body.contains("Exception") || body.contains("\tat "), () -> "internals leaked: " + body);
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
  }
}
