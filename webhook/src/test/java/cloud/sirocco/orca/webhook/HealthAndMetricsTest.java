package cloud.sirocco.orca.webhook;

import static cloud.sirocco.orca.webhook.testing.RunningWebhook.admissionFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.webhook.testing.InMemoryWorkflowCache;
import cloud.sirocco.orca.webhook.testing.RunningWebhook;
import cloud.sirocco.orca.webhook.testing.Workflows;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthAndMetricsTest {

  @TempDir
  Path workDir;
  InMemoryWorkflowCache cache;
  RunningWebhook webhook;

  @BeforeEach
  void start() {
    cache = new InMemoryWorkflowCache().put(Workflows.task("extract", List.of(), List.of(), List.of()));
    webhook = RunningWebhook.start(workDir, cache);
  }

  @AfterEach
  void stop() {
    webhook.close();
  }

  @Test
  void isLiveAlwaysAndReadyOnlyOnceTheCacheHasSynced() {
    cache.setReady(false);
    assertEquals(200, webhook.get("/healthz").statusCode());
    HttpResponse<String> notReady = webhook.get("/readyz");
    assertEquals(503, notReady.statusCode());
    assertTrue(notReady.body().contains("caches have not synced"), notReady::body);

    cache.setReady(true);
    assertEquals(200, webhook.get("/readyz").statusCode());
  }

  @Test
  void countsRequestsByOperationKindAndVerdict() {
    String before = scrape();

    webhook.review("/validate", admissionFile("create-valid-task.json"));
    webhook.review("/validate", admissionFile("create-valid-task.json"));
    webhook.review("/validate", admissionFile("create-task-unknown-start-on-success.json"));
    webhook.review("/mutate", admissionFile("mutate-task-needing-defaults.json"));
    webhook.review("/mutate", admissionFile("mutate-ignitor-needing-defaults.json"));
    webhook.review("/mutate", admissionFile("mutate-task-needing-nothing.json"));
    webhook.post("/validate", "not json");

    String after = scrape();
    assertEquals(2, delta(before, after, "orca_webhook_requests_total", "kind=\"Task\",operation=\"validate\","
        + "verdict=\"allowed\""));
    assertEquals(1, delta(before, after, "orca_webhook_requests_total", "kind=\"Task\",operation=\"validate\","
        + "verdict=\"denied\""));
    assertEquals(1, delta(before, after, "orca_webhook_requests_total", "kind=\"Task\",operation=\"mutate\","
        + "verdict=\"patched\""));
    assertEquals(1, delta(before, after, "orca_webhook_requests_total", "kind=\"Ignitor\",operation=\"mutate\","
        + "verdict=\"patched\""));
    assertEquals(1, delta(before, after, "orca_webhook_requests_total", "kind=\"Task\",operation=\"mutate\","
        + "verdict=\"allowed\""));
    assertEquals(1, delta(before, after, "orca_webhook_requests_total", "kind=\"unknown\",operation=\"validate\","
        + "verdict=\"malformed\""));
    assertEquals(2, delta(before, after, "orca_webhook_request_seconds_count", "operation=\"validate\","
        + "verdict=\"allowed\""));
    assertTrue(after.contains("orca_webhook_request_seconds_bucket{operation=\"validate\",verdict=\"allowed\","),
        "latency is a histogram");
  }

  private String scrape() {
    HttpResponse<String> response = webhook.get("/metrics");
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
    return response.body();
  }

  /** How much one sample grew between two scrapes (absent counts as 0). */
  private static long delta(String before, String after, String metric, String labels) {
    return Math.round(sample(after, metric, labels) - sample(before, metric, labels));
  }

  private static double sample(String scrape, String metric, String labels) {
    Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(metric + "{" + labels) + ",?\\} (\\S+)$")
        .matcher(scrape);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
  }
}
