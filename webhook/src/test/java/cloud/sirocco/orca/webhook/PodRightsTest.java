package cloud.sirocco.orca.webhook;

import static cloud.sirocco.orca.webhook.AdmissionOverHttpsTest.edit;
import static cloud.sirocco.orca.webhook.testing.RunningWebhook.JSON;
import static cloud.sirocco.orca.webhook.testing.RunningWebhook.admissionFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.webhook.access.SubjectAccessReviewRights;
import cloud.sirocco.orca.webhook.testing.InMemoryWorkflowCache;
import cloud.sirocco.orca.webhook.testing.RunningWebhook;
import cloud.sirocco.orca.webhook.testing.TestCertificates;
import cloud.sirocco.orca.webhook.testing.Workflows;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writing a Task's spec needs the right to create pods in its namespace, asked of the API server (fabric8's mock
 * server here) by a SubjectAccessReview for the requesting user; when the review cannot be had, the write is refused.
 */
class PodRightsTest {

  private static final String REVIEWS = "/apis/authorization.k8s.io/v1/subjectaccessreviews";
  private static final Duration TIMEOUT = WebhookConfig.DEFAULT_POD_RIGHTS_TIMEOUT;

  @TempDir
  static Path certificateDir;
  static TestCertificates.Generated certificate;
  @TempDir
  Path workDir;
  KubernetesMockServer apiServer;
  KubernetesClient client;
  RunningWebhook webhook;
  final Queue<SubjectAccessReview> reviewsAsked = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void makeCertificate() {
    certificate = TestCertificates.localhost(certificateDir, "orca-webhook", "EC");
  }

  @BeforeEach
  void start() {
    apiServer = new KubernetesMockServer(false);
    apiServer.init();
    client = apiServer.createClient();
    InMemoryWorkflowCache cache = new InMemoryWorkflowCache()
        .put(Workflows.task("extract", List.of(), List.of(), List.of()));
    webhook = RunningWebhook.start(workDir, certificate, cache, new SubjectAccessReviewRights(client, TIMEOUT));
  }

  @AfterEach
  void stop() {
    webhook.close();
    client.close();
    apiServer.destroy();
  }

  @Test
  void aUserWhoMayCreatePodsCreatesATask() {
    authorizerAnswers(true);

    JsonNode response = webhook.review("/validate", as(admissionFile("create-valid-task.json"), "alice"));

    assertTrue(response.path("allowed").asBoolean(), response::toString);
    SubjectAccessReview asked = reviewsAsked.poll();
    assertNotNull(asked, "no SubjectAccessReview was sent");
    assertEquals("alice", asked.getSpec().getUser());
    assertEquals("0b6d5e1c-alice", asked.getSpec().getUid());
    assertEquals(List.of("team-a-developers", "system:authenticated"), asked.getSpec().getGroups());
    assertEquals(List.of("sso"), asked.getSpec().getExtra().get("example.com/login"));
    assertEquals("create", asked.getSpec().getResourceAttributes().getVerb());
    assertEquals("pods", asked.getSpec().getResourceAttributes().getResource());
    assertEquals("", asked.getSpec().getResourceAttributes().getGroup());
    assertEquals("orca-demo", asked.getSpec().getResourceAttributes().getNamespace());
  }

  @Test
  void aUserWhoMayNotCreatePodsIsRefusedNamingThemAndTheNamespace() {
    authorizerAnswers(false);

    JsonNode response = webhook.review("/validate", as(admissionFile("create-valid-task.json"), "alice"));

    assertFalse(response.path("allowed").asBoolean(), response::toString);
    JsonNode status = response.path("status");
    assertEquals(403, status.path("code").asInt(), response::toString);
    assertEquals("Forbidden", status.path("reason").asText());
    assertEquals("Task \"report\" is forbidden: metadata.namespace: user \"alice\" may not create pods in "
        + "namespace \"orca-demo\"; a Task runs its pods with Orca's rights, so creating or changing one needs the "
        + "right to create pods there", status.path("message").asText());
    assertEquals("metadata.namespace", status.at("/details/causes/0/field").asText());
    assertTrue(webhook.metrics().scrape().contains(
        "orca_webhook_requests_total{kind=\"Task\",operation=\"validate\",verdict=\"denied\"} 1.0"));
  }

  @Test
  void anUpdateThatChangesTheSpecIsCheckedAsACreateIs() {
    authorizerAnswers(false);

    JsonNode response = webhook.review("/validate", as(admissionFile("update-task-adds-retry-loop.json"), "alice"));

    assertFalse(response.path("allowed").asBoolean(), response::toString);
    assertEquals(403, response.at("/status/code").asInt(), response::toString);
  }

  @Test
  void anUpdateThatLeavesTheSpecAloneAsksNothing() {
    authorizerAnswers(false);
    String labelsOnly = edit(as(admissionFile("update-task-adds-retry-loop.json"), "alice"), r -> {
      ((ObjectNode) r.at("/request/object")).set("spec", r.at("/request/oldObject/spec").deepCopy());
      ((ObjectNode) r.at("/request/object/metadata")).putObject("labels").put("team", "data");
    });

    JsonNode response = webhook.review("/validate", labelsOnly);

    assertTrue(response.path("allowed").asBoolean(), response::toString);
    assertEquals(0, apiServer.getRequestCount(), "SubjectAccessReviews for a label change");
  }

  @Test
  void anIgnitorStartsOnlyTasksSoItAsksNothing() {
    authorizerAnswers(false);
    String ignitor = edit(as(admissionFile("create-ignitor-bad-cron.json"), "alice"),
        r -> ((ObjectNode) r.at("/request/object/spec")).put("scheduled", "5 * * * *"));

    JsonNode response = webhook.review("/validate", ignitor);

    assertTrue(response.path("allowed").asBoolean(), response::toString);
    assertEquals(0, apiServer.getRequestCount(), "SubjectAccessReviews for an Ignitor");
  }

  @Test
  void aReviewTheApiServerFailsRefusesSayingTheCheckCouldNotBeMade() {
    apiServer.expect().post().withPath(REVIEWS).andReturn(503, "etcd is unavailable").always();

    JsonNode response = webhook.review("/validate", as(admissionFile("create-valid-task.json"), "alice"));

    assertFalse(response.path("allowed").asBoolean(), response::toString);
    assertEquals(500, response.at("/status/code").asInt(), response::toString);
    String message = response.at("/status/message").asText();
    assertTrue(message.startsWith("Task \"report\" is refused: could not check whether user \"alice\" may create "
        + "pods in namespace \"orca-demo\" (SubjectAccessReview failed: "), message);
    assertTrue(message.contains("503"), message);
    assertTrue(message.endsWith("); a Task runs its pods with Orca's rights, so it is not admitted unchecked: try "
        + "again"), message);
    assertTrue(webhook.metrics().scrape().contains(
        "orca_webhook_requests_total{kind=\"Task\",operation=\"validate\",verdict=\"error\"} 1.0"));
  }

  @Test
  void aReviewThatTakesTooLongRefusesOnceItsTimeoutHasPassed() {
    apiServer.expect().post().delay(10, TimeUnit.SECONDS).withPath(REVIEWS).andReturn(200, review(true)).always();

    long started = System.nanoTime();
    JsonNode response = webhook.review("/validate", as(admissionFile("create-valid-task.json"), "alice"));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertFalse(response.path("allowed").asBoolean(), response::toString);
    assertTrue(response.at("/status/message").asText().contains("could not check whether user \"alice\""),
        response::toString);
    // Within the 5 s the webhook configurations give the whole answer, so that the user reads this message.
    assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "answered after " + took + ", timeout " + TIMEOUT);
  }

  /** Answers every review with {@code allowed}, keeping what was asked in {@link #reviewsAsked}. */
  private void authorizerAnswers(boolean allowed) {
    apiServer.expect().post().withPath(REVIEWS).andReply(201, request -> {
      try {
        SubjectAccessReview asked = JSON.readValue(request.getUtf8Body(), SubjectAccessReview.class);
        reviewsAsked.add(asked);
        return new SubjectAccessReviewBuilder(asked).withStatus(review(allowed).getStatus()).build();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).always();
  }

  private static SubjectAccessReview review(boolean allowed) {
    return new SubjectAccessReviewBuilder().withNewStatus().withAllowed(allowed).endStatus().build();
  }

  /** The review as {@code user} would send it: a uid, two groups and an extra, as an OIDC login gives. */
  private static String as(String review, String user) {
    return edit(review, r -> {
      ObjectNode userInfo = ((ObjectNode) r.path("request")).putObject("userInfo");
      userInfo.put("username", user).put("uid", "0b6d5e1c-" + user);
      userInfo.putArray("groups").add("team-a-developers").add("system:authenticated");
      userInfo.putObject("extra").putArray("example.com/login").add("sso");
    });
  }
}
