package cloud.sirocco.orca.webhook;

import static cloud.sirocco.orca.webhook.testing.RunningWebhook.admissionFile;
import static cloud.sirocco.orca.webhook.testing.Workflows.ignitor;
import static cloud.sirocco.orca.webhook.testing.Workflows.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.validation.ReferencePolicy;
import cloud.sirocco.orca.webhook.testing.InMemoryWorkflowCache;
import cloud.sirocco.orca.webhook.testing.RunningWebhook;
import cloud.sirocco.orca.webhook.testing.Workflows;
import com.fasterxml.jackson.databind.JsonNode;
import cloud.sirocco.orca.webhook.testing.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same AdmissionReviews in a namespace labelled to wait for unknown references and in an unlabelled one. */
class ReferencePolicyAdmissionTest {

  @TempDir
  Path workDir;
  InMemoryWorkflowCache cache;
  RunningWebhook webhook;

  @BeforeEach
  void start() {
    cache = new InMemoryWorkflowCache().put(
        ignitor("nightly", "0 2 * * *"),
        task("extract", List.of("nightly"), List.of(), List.of()),
        // With c (startOnSuccess b) these close c -> a -> b -> c, every edge on success.
        task("a", List.of(), List.of("c"), List.of()),
        task("b", List.of(), List.of("a"), List.of()));
    webhook = RunningWebhook.start(workDir, cache);
  }

  @AfterEach
  void stop() {
    webhook.close();
  }

  @Test
  void anUnlabelledNamespaceRefusesATaskNamingAMissingUpstream() {
    JsonNode response = webhook.review("/validate", admissionFile("create-task-unknown-start-on-success.json"));

    assertFalse(response.path("allowed").asBoolean(), response::toString);
    assertEquals("spec.startOnSuccess[1]", response.at("/status/details/causes/0/field").asText());
  }

  @Test
  void aNamespaceLabelledEventualAdmitsItWithAWarningNamingTheFieldAndTheMissingTask() {
    cache.label(Workflows.NAMESPACE, ReferencePolicy.EVENTUAL);

    JsonNode response = webhook.review("/validate", admissionFile("create-task-unknown-start-on-success.json"));

    assertTrue(response.path("allowed").asBoolean(), response::toString);
    assertEquals("spec.startOnSuccess[1]: Task \"trasnform\" does not exist in namespace \"orca-demo\" yet; the "
        + "Task waits (Ready=False, UnresolvedReference) until it does", response.at("/warnings/0").asText());
  }

  @Test
  void aNamespaceLabelledEventualStillRefusesASuccessOnlyCycle() {
    cache.label(Workflows.NAMESPACE, ReferencePolicy.EVENTUAL);

    JsonNode response = webhook.review("/validate", admissionFile("create-task-success-cycle.json"));

    assertFalse(response.path("allowed").asBoolean(), response::toString);
    assertTrue(response.at("/status/message").asText().contains("c -> a -> b -> c"), response::toString);
  }

  @Test
  void aNamespaceLabelledEventualWaitsForAMissingNameSoACyclePartnerCreatedAMomentAgoIsSeen() throws Exception {
    InMemoryWorkflowCache lagging = new InMemoryWorkflowCache()
        .put(task("a", List.of(), List.of("c"), List.of()))
        .label(Workflows.NAMESPACE, ReferencePolicy.EVENTUAL);
    try (RunningWebhook patient = RunningWebhook.start(workDir.resolve("patient"),
        TestCertificates.localhost(workDir, "orca-webhook-patient", "EC"), lagging, 64 * 1024,
        Duration.ofSeconds(20), Duration.ofSeconds(30))) {
      CountDownLatch waiting = lagging.nextAwait();
      CompletableFuture<JsonNode> response = CompletableFuture.supplyAsync(
          () -> patient.review("/validate", admissionFile("create-task-success-cycle.json")));

      assertTrue(waiting.await(10, TimeUnit.SECONDS), "the request never waited for the cache");
      lagging.put(task("b", List.of(), List.of("a"), List.of()));

      JsonNode answer = response.get(10, TimeUnit.SECONDS);
      assertFalse(answer.path("allowed").asBoolean(), answer::toString);
      assertTrue(answer.at("/status/message").asText().contains("c -> a -> b -> c"), answer::toString);
    }
  }

  @Test
  void aNamespaceLabelledEventualStillRefusesABadSchedule() {
    cache.label(Workflows.NAMESPACE, ReferencePolicy.EVENTUAL);

    JsonNode response = webhook.review("/validate", admissionFile("create-ignitor-bad-cron.json"));

    assertFalse(response.path("allowed").asBoolean(), response::toString);
    assertEquals("spec.scheduled", response.at("/status/details/causes/0/field").asText());
  }
}
