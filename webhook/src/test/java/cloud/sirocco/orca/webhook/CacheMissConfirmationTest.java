package cloud.sirocco.orca.webhook;

import static cloud.sirocco.orca.webhook.AdmissionOverHttpsTest.edit;
import static cloud.sirocco.orca.webhook.testing.RunningWebhook.admissionFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.webhook.cache.ClientLiveReads;
import cloud.sirocco.orca.webhook.testing.InMemoryWorkflowCache;
import cloud.sirocco.orca.webhook.testing.RunningWebhook;
import cloud.sirocco.orca.webhook.testing.TestCertificates;
import cloud.sirocco.orca.webhook.testing.Workflows;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica's cache may lag the API server (fabric8's mock server, CRUD mode, here) past the grace: an Ignitor
 * created through another replica a moment ago is not in it yet. Before refusing a request for naming what its
 * cache lacks, the webhook reads that name from the API server.
 */
@EnableKubernetesMockClient(crud = true)
class CacheMissConfirmationTest {

  private static final String IGNITOR_PATH = "/apis/sirocco.cloud/v1alpha1/namespaces/orca-demo/ignitors/hello";

  KubernetesClient client;
  KubernetesMockServer server;
  @TempDir
  Path workDir;
  RunningWebhook webhook;

  /** Both hold the Task "extract"; only the API server will hold what a test creates through {@link #client}. */
  @BeforeEach
  void start() {
    Task extract = Workflows.task("extract", List.of(), List.of(), List.of());
    InMemoryWorkflowCache cache = new InMemoryWorkflowCache().put(extract);
    client.resources(Task.class).inNamespace(Workflows.NAMESPACE).resource(extract).create();
    webhook = RunningWebhook.start(workDir, TestCertificates.localhost(workDir, "orca-webhook", "EC"), cache,
        new ClientLiveReads(client, WebhookConfig.DEFAULT_LIVE_READ_TIMEOUT));
  }

  @AfterEach
  void stop() {
    webhook.close();
  }

  @Test
  void admitsATaskNamingAnIgnitorTheApiServerHoldsAndTheCacheDoesNot() {
    client.resources(Ignitor.class).inNamespace(Workflows.NAMESPACE)
        .resource(Workflows.ignitor("hello", "0 2 * * *")).create();

    JsonNode response = webhook.review("/validate", startingOnIgnitionOf("hello"));

    assertTrue(response.path("allowed").asBoolean(), response::toString);
    assertTrue(webhook.metrics().scrape().contains(
        "orca_webhook_live_reads_total{kind=\"Ignitor\",result=\"found\"} 1.0"), webhook.metrics()::scrape);
  }

  @Test
  void refusesANameTheApiServerDoesNotHoldEitherAsBefore() {
    JsonNode response = webhook.review("/validate", admissionFile("create-task-unknown-start-on-success.json"));

    assertFalse(response.path("allowed").asBoolean(), response::toString);
    assertEquals(422, response.at("/status/code").asInt(), response::toString);
    assertEquals("spec.startOnSuccess[1]", response.at("/status/details/causes/0/field").asText());
    assertEquals("Task \"trasnform\" does not exist in namespace \"orca-demo\"; create upstream Tasks first (apply "
        + "a file's Tasks upstream first), or add this trigger by an update once \"trasnform\" exists",
        response.at("/status/details/causes/0/message").asText());
    assertTrue(webhook.metrics().scrape().contains(
        "orca_webhook_live_reads_total{kind=\"Task\",result=\"absent\"} 1.0"), webhook.metrics()::scrape);
  }

  @Test
  void refusesAsUnconfirmedWhenTheApiServerCannotSay() {
    server.expect().get().withPath(IGNITOR_PATH).andReturn(500, "etcdserver: request timed out").always();

    JsonNode response = webhook.review("/validate", startingOnIgnitionOf("hello"));

    assertFalse(response.path("allowed").asBoolean(), response::toString);
    String message = response.at("/status/message").asText();
    assertTrue(message.startsWith("Task \"report\" is refused: this webhook's cache does not hold Ignitor \"hello\" "
        + "in namespace \"orca-demo\" and the API server could not be asked (GET ignitors/hello failed: HTTP 500"),
        response::toString);
    assertFalse(message.contains("does not exist"), message);
    assertTrue(webhook.metrics().scrape().contains(
        "orca_webhook_requests_total{kind=\"Task\",operation=\"validate\",verdict=\"error\"} 1.0"),
        webhook.metrics()::scrape);
  }

  /** The valid Task "report", started by the Ignitor {@code ignitor} instead of on the success of "extract". */
  private static String startingOnIgnitionOf(String ignitor) {
    return edit(admissionFile("create-valid-task.json"), review -> {
      ObjectNode spec = (ObjectNode) review.at("/request/object/spec");
      spec.putArray("startOnSuccess");
      ((ArrayNode) spec.putArray("startOnIgnition")).add(ignitor);
    });
  }
}
