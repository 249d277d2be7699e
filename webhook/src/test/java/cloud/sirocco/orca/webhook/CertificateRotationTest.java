package cloud.sirocco.orca.webhook;

import static cloud.sirocco.orca.webhook.testing.RunningWebhook.admissionFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cloud.sirocco.orca.webhook.testing.InMemoryWorkflowCache;
import cloud.sirocco.orca.webhook.testing.RunningWebhook;
import cloud.sirocco.orca.webhook.testing.TestCertificates;
import cloud.sirocco.orca.webhook.testing.TestCertificates.Generated;
import cloud.sirocco.orca.webhook.testing.Workflows;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cert-manager renews the serving certificate and the kubelet swaps the Secret volume's files: the webhook must
 * serve the new certificate to new connections without a restart, while no request fails.
 */
class CertificateRotationTest {

  /** Upper bound on the client loop, whatever happens. */
  private static final int MAX_REQUESTS = 3000;
  /** Requests the clients keep sending once a new connection has been served the renewed certificate. */
  private static final int REQUESTS_AFTER_ROTATION = 100;
  /** Clients sending at the same time, each over its own established connection. */
  private static final int WORKERS = 4;
  /** Every n-th request of a client goes over a new connection. */
  private static final int NEW_CONNECTION_EVERY = 10;

  @TempDir
  Path workDir;

  /** One answered request: when it started, over which kind of connection, and which certificate served it. */
  record Observation(long startedNanos, boolean newConnection, boolean renewedCertificate) {}

  @Test
  void newConnectionsGetTheRenewedCertificateWhileNoRequestFails() throws Exception {
    Generated first = TestCertificates.localhost(workDir, "orca-webhook-first", "EC");
    Generated renewed = TestCertificates.localhost(workDir, "orca-webhook-renewed", "RSA");
    InMemoryWorkflowCache cache = new InMemoryWorkflowCache()
        .put(Workflows.task("extract", List.of(), List.of(), List.of()));
    String review = admissionFile("create-valid-task.json");

    ExecutorService clients = Executors.newFixedThreadPool(WORKERS);
    try (RunningWebhook webhook = RunningWebhook.start(workDir, first, cache, 64 * 1024, Duration.ofMillis(200),
        Duration.ofMillis(50))) {
      List<String> failures = new CopyOnWriteArrayList<>();
      List<Observation> observations = new CopyOnWriteArrayList<>();
      CountDownLatch warmedUp = new CountDownLatch(50);
      AtomicLong pickedUpAt = new AtomicLong();
      AtomicInteger sentAfterPickUp = new AtomicInteger();

      CompletableFuture<?>[] workers = new CompletableFuture<?>[WORKERS];
      for (int w = 0; w < WORKERS; w++) {
        HttpClient established = RunningWebhook.client(first, renewed);
        workers[w] = CompletableFuture.runAsync(() -> {
          for (int i = 0; sentAfterPickUp.get() < REQUESTS_AFTER_ROTATION && i < MAX_REQUESTS / WORKERS; i++) {
            boolean fresh = i % NEW_CONNECTION_EVERY == 0;
            HttpClient client = fresh ? RunningWebhook.client(first, renewed) : established;
            long started = System.nanoTime();
            if (pickedUpAt.get() != 0) {
              sentAfterPickUp.incrementAndGet();
            }
            try {
              HttpResponse<String> response = client.send(webhook.request("/validate")
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(review)).build(), HttpResponse.BodyHandlers.ofString());
              if (response.statusCode() != 200 || !response.body().contains("\"allowed\":true")) {
                failures.add("HTTP " + response.statusCode() + " " + response.body());
              }
              observations.add(new Observation(started, fresh, peer(response).equals(renewed.certificate())));
            } catch (Exception e) {
              failures.add(e.toString());
            }
            warmedUp.countDown();
          }
        }, clients);
      }

      assertTrue(warmedUp.await(30, TimeUnit.SECONDS), "the clients did not get going");
      long swappedAt = System.nanoTime();
      webhook.volume().update(renewed.certificatePem(), renewed.pkcs8Pem());
      awaitNewConnectionServedBy(webhook, renewed, first, Duration.ofSeconds(10));
      long pickedUp = System.nanoTime();
      pickedUpAt.set(pickedUp);
      CompletableFuture.allOf(workers).get(120, TimeUnit.SECONDS);

      assertEquals(List.of(), failures, "requests failed during the rotation");
      long keptOldConnection = observations.stream()
          .filter(o -> o.startedNanos() > pickedUp && !o.newConnection() && !o.renewedCertificate()).count();
      long renewedOnNewConnections = observations.stream()
          .filter(o -> o.startedNanos() > pickedUp && o.newConnection() && o.renewedCertificate()).count();
      long oldOnNewConnections = observations.stream()
          .filter(o -> o.startedNanos() > pickedUp && o.newConnection() && !o.renewedCertificate()).count();
      System.out.printf("Rotation: %d requests from %d clients, %d failed; renewed certificate served %d ms after "
              + "the swap; afterwards %d requests kept their established connection (old certificate), %d new "
              + "connections got the renewed certificate, %d the old one%n", observations.size(), WORKERS,
          failures.size(), TimeUnit.NANOSECONDS.toMillis(pickedUp - swappedAt), keptOldConnection,
          renewedOnNewConnections, oldOnNewConnections);
      assertTrue(keptOldConnection > 0, "connections established before the rotation were not kept");
      assertTrue(renewedOnNewConnections > 0, "no new connection was opened after the rotation");
      assertEquals(0, oldOnNewConnections, "a new connection got the old certificate after the rotation");
    } finally {
      clients.shutdownNow();
    }
  }

  /** Polls (every 20 ms) with new connections until one is served {@code expected}; fails at the deadline. */
  private static void awaitNewConnectionServedBy(RunningWebhook webhook, Generated expected, Generated other,
      Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = RunningWebhook.send(RunningWebhook.client(expected, other),
          webhook.request("/healthz").GET().build());
      if (peer(response).equals(expected.certificate())) {
        return;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    fail("no new connection was served the renewed certificate within " + timeout);
  }

  private static Certificate peer(HttpResponse<?> response) throws SSLPeerUnverifiedException {
    return response.sslSession().orElseThrow().getPeerCertificates()[0];
  }
}
