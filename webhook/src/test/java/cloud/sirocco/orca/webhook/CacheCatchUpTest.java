package cloud.sirocco.orca.webhook;

import static cloud.sirocco.orca.webhook.testing.RunningWebhook.admissionFile;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.webhook.testing.InMemoryWorkflowCache;
import cloud.sirocco.orca.webhook.testing.RunningWebhook;
import cloud.sirocco.orca.webhook.testing.TestCertificates;
import cloud.sirocco.orca.webhook.testing.Workflows;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl apply} of a file with upstream Tasks first creates them a moment before the Tasks naming them; the
 * cache hears of them a watch event later. A request naming an object the cache lacks waits for it, briefly.
 */
class CacheCatchUpTest {

  @TempDir
  Path workDir;

  @Test
  void allowsATaskWhoseUpstreamReachesTheCacheWhileItWaits() throws Exception {
    InMemoryWorkflowCache cache = new InMemoryWorkflowCache();
    try (RunningWebhook webhook = RunningWebhook.start(workDir,
        TestCertificates.localhost(workDir, "orca-webhook", "EC"), cache, 64 * 1024, Duration.ofSeconds(20),
        Duration.ofSeconds(30))) {
      CountDownLatch waiting = cache.nextAwait();
      CompletableFuture<JsonNode> response = CompletableFuture.supplyAsync(
          () -> webhook.review("/validate", admissionFile("create-valid-task.json")));

      assertTrue(waiting.await(10, TimeUnit.SECONDS), "the request never waited for the cache");
      cache.put(Workflows.task("extract", List.of(), List.of(), List.of()));

      JsonNode answer = response.get(10, TimeUnit.SECONDS);
      assertTrue(answer.path("allowed").asBoolean(), answer::toString);
    }
  }

  @Test
  void deniesOnceTheGraceHasPassedWithoutTheUpstream() {
    InMemoryWorkflowCache cache = new InMemoryWorkflowCache();
    try (RunningWebhook webhook = RunningWebhook.start(workDir,
        TestCertificates.localhost(workDir, "orca-webhook", "EC"), cache, 64 * 1024, Duration.ofMillis(50),
        Duration.ofSeconds(30))) {

      JsonNode answer = webhook.review("/validate", admissionFile("create-valid-task.json"));

      assertFalse(answer.path("allowed").asBoolean(), answer::toString);
    }
  }
}
