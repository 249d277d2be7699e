package cloud.sirocco.orca.webhook;

import static cloud.sirocco.orca.webhook.testing.RunningWebhook.admissionFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.validation.NamespaceView;
import cloud.sirocco.orca.webhook.cache.WorkflowCache;
import cloud.sirocco.orca.webhook.testing.RunningWebhook;
import cloud.sirocco.orca.webhook.testing.TestCertificates;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bug or a broken cache inside the webhook denies with a sentence; it never answers 500 with a stack trace. */
class FailureInsideTheWebhookTest {

  @TempDir
  Path workDir;

  @Test
  void anUnexpectedExceptionBecomesAClearDenial() {
    WorkflowCache broken = new WorkflowCache() {
      @Override
      public Optional<NamespaceView> view(String namespace) {
        throw new IllegalStateException("the cache is closed\nsecond line that stays in the log");
      }

      @Override
      public boolean ready() {
        return true;
      }

      @Override
      public boolean awaitAny(String namespace, Collection<String> names, Duration timeout) {
        return false;
      }
    };
    try (RunningWebhook webhook = RunningWebhook.start(workDir,
        TestCertificates.localhost(workDir, "orca-webhook", "EC"), broken)) {

      JsonNode response = webhook.review("/validate", admissionFile("create-valid-task.json"));

      assertFalse(response.path("allowed").asBoolean());
      assertEquals(500, response.at("/status/code").asInt());
      assertEquals("internal error validating Task \"report\": IllegalStateException: the cache is closed; see "
          + "webhook log", response.at("/status/message").asText());
      assertTrue(webhook.metrics().scrape().contains(
          "orca_webhook_requests_total{kind=\"Task\",operation=\"validate\",verdict=\"error\"} 1.0"));
    }
  }
}
