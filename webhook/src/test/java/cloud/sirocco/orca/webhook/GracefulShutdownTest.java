package cloud.sirocco.orca.webhook;

import static cloud.sirocco.orca.webhook.testing.RunningWebhook.admissionFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.webhook.testing.InMemoryWorkflowCache;
import cloud.sirocco.orca.webhook.testing.RunningWebhook;
import cloud.sirocco.orca.webhook.testing.TestCertificates;
import cloud.sirocco.orca.webhook.testing.Workflows;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A webhook replica being stopped (a rollout, a pod deleted) must not fail the API server's admission requests:
 * with failurePolicy Fail, one refused connection is one `kubectl apply` that fails. The API server keeps its
 * connections to a replica open, so leaving the Service's endpoints is not enough: the replica answers for a while
 * longer and closes each connection it answers on.
 */
class GracefulShutdownTest {

  private static final Duration DRAIN = Duration.ofSeconds(2);

  @TempDir
  Path workDir;

  @Test
  void afterBeingToldToStopItAnswersAdmissionForItsDrainPeriodClosingEachConnectionThenStops() throws Exception {
    InMemoryWorkflowCache cache = new InMemoryWorkflowCache()
        .put(Workflows.task("extract", List.of(), List.of(), List.of()));
    RunningWebhook webhook = RunningWebhook.start(workDir,
        TestCertificates.localhost(workDir, "orca-webhook", "EC"), cache, DRAIN);
    assertEquals(200, webhook.get("/readyz").statusCode());
    HttpRequest healthz = webhook.request("/healthz").GET().build();

    CompletableFuture<Void> stopped = CompletableFuture.runAsync(webhook::close);
    awaitNotReady(webhook);

    HttpResponse<String> answer = webhook.post("/validate", admissionFile("create-valid-task.json"));
    assertEquals(200, answer.statusCode(), answer::body);
    assertTrue(answer.body().contains("\"allowed\":true"), answer::body);
    assertEquals(Optional.of("close"), answer.headers().firstValue("connection"),
        "the answer closes its connection, so the client's next request opens one to another replica");

    stopped.get();
    assertThrows(UncheckedIOException.class, () -> webhook.send(healthz), "still serving after it stopped");
  }

  private static void awaitNotReady(RunningWebhook webhook) throws InterruptedException {
    long deadline = System.nanoTime() + DRAIN.toNanos() / 2;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> readyz = webhook.get("/readyz");
      if (readyz.statusCode() == 503) {
        assertTrue(readyz.body().contains("stopping"), readyz::body);
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("/readyz still answered 200 " + DRAIN.dividedBy(2).toMillis()
        + " ms after the webhook was told to stop");
  }
}
