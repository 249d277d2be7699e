package cloud.sirocco.orca.webhook.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.webhook.OrcaWebhook;
import cloud.sirocco.orca.webhook.WebhookConfig;
import cloud.sirocco.orca.webhook.access.PodCreationRights;
import cloud.sirocco.orca.webhook.cache.LiveReads;
import cloud.sirocco.orca.webhook.cache.WorkflowCache;
import cloud.sirocco.orca.webhook.metrics.WebhookMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/** The real webhook on a free port over HTTPS, with a client that trusts its certificate. */
public final class RunningWebhook implements AutoCloseable {

  public static final ObjectMapper JSON = new ObjectMapper();
  /** An API server holding nothing the test's cache lacks. */
  public static final LiveReads NOTHING_MORE = new LiveReads() {
    @Override
    public Optional<Task> task(String namespace, String name) {
      return Optional.empty();
    }

    @Override
    public Optional<Ignitor> ignitor(String namespace, String name) {
      return Optional.empty();
    }
  };

  private final OrcaWebhook webhook;
  private final SecretVolume volume;
  private final WebhookMetrics metrics;
  private final HttpClient client;

  private RunningWebhook(OrcaWebhook webhook, SecretVolume volume, WebhookMetrics metrics, HttpClient client) {
    this.webhook = webhook;
    this.volume = volume;
    this.metrics = metrics;
    this.client = client;
  }

  /** With a certificate for localhost (EC key), body limit 64 KiB, cache grace 200 ms, pod rights unchecked. */
  public static RunningWebhook start(Path workDir, WorkflowCache cache) {
    return start(workDir, TestCertificates.localhost(workDir, "orca-webhook", "EC"), cache);
  }

  /** Body limit 64 KiB, cache grace 200 ms, TLS files polled every 30 s, pod rights decided by {@code podRights}. */
  public static RunningWebhook start(Path workDir, TestCertificates.Generated certificate, WorkflowCache cache,
      PodCreationRights podRights) {
    return start(workDir, certificate, cache, 64 * 1024, Duration.ofMillis(200), Duration.ofSeconds(30), podRights,
        Duration.ZERO, NOTHING_MORE);
  }

  /** Body limit 64 KiB, cache grace 200 ms, pod rights unchecked, what the cache lacks read from {@code liveReads}. */
  public static RunningWebhook start(Path workDir, TestCertificates.Generated certificate, WorkflowCache cache,
      LiveReads liveReads) {
    return start(workDir, certificate, cache, 64 * 1024, Duration.ofMillis(200), Duration.ofSeconds(30),
        PodCreationRights.UNCHECKED, Duration.ZERO, liveReads);
  }

  /** As {@link #start(Path, TestCertificates.Generated, WorkflowCache)}, stopping after {@code shutdownDrain}. */
  public static RunningWebhook start(Path workDir, TestCertificates.Generated certificate, WorkflowCache cache,
      Duration shutdownDrain) {
    return start(workDir, certificate, cache, 64 * 1024, Duration.ofMillis(200), Duration.ofSeconds(30),
        PodCreationRights.UNCHECKED, shutdownDrain, NOTHING_MORE);
  }

  /** Body limit 64 KiB, cache grace 200 ms, TLS files polled every 30 s (tests reload explicitly). */
  public static RunningWebhook start(Path workDir, TestCertificates.Generated certificate, WorkflowCache cache) {
    return start(workDir, certificate, cache, 64 * 1024, Duration.ofMillis(200), Duration.ofSeconds(30));
  }

  public static RunningWebhook start(Path workDir, TestCertificates.Generated certificate, WorkflowCache cache,
      long maxBodyBytes, Duration cacheGrace, Duration tlsReloadInterval) {
    return start(workDir, certificate, cache, maxBodyBytes, cacheGrace, tlsReloadInterval,
        PodCreationRights.UNCHECKED, Duration.ZERO, NOTHING_MORE);
  }

  /** Stops at once unless given a {@code shutdownDrain}: most tests close many webhooks. */
  private static RunningWebhook start(Path workDir, TestCertificates.Generated certificate, WorkflowCache cache,
      long maxBodyBytes, Duration cacheGrace, Duration tlsReloadInterval, PodCreationRights podRights,
      Duration shutdownDrain, LiveReads liveReads) {
    SecretVolume volume = new SecretVolume(workDir.resolve("tls"), certificate.certificatePem(),
        certificate.pkcs8Pem());
    WebhookConfig config = new WebhookConfig("127.0.0.1", 0, volume.cert(), volume.key(), Set.of(), maxBodyBytes,
        tlsReloadInterval, cacheGrace, WebhookConfig.DEFAULT_LIVE_READ_TIMEOUT, true,
        WebhookConfig.DEFAULT_POD_RIGHTS_TIMEOUT, shutdownDrain);
    WebhookMetrics metrics = new WebhookMetrics();
    try {
      OrcaWebhook webhook = OrcaWebhook.start(config, cache, liveReads, podRights, metrics);
      return new RunningWebhook(webhook, volume, metrics, client(certificate));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new client, hence new connections, trusting {@code trusted}. */
  public static HttpClient client(TestCertificates.Generated... trusted) {
    return HttpClient.newBuilder()
        .sslContext(TestCertificates.trusting(Arrays.stream(trusted)
            .map(TestCertificates.Generated::certificate)
            .toArray(X509Certificate[]::new)))
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  public SecretVolume volume() {
    return volume;
  }

  public OrcaWebhook webhook() {
    return webhook;
  }

  public WebhookMetrics metrics() {
    return metrics;
  }

  public URI uri(String path) {
    return URI.create("https://localhost:" + webhook.port() + path);
  }

  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
  }

  public HttpResponse<String> send(HttpRequest request) {
    return send(client, request);
  }

  public static HttpResponse<String> send(HttpClient client, HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> post(String path, String body) {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  public HttpResponse<String> get(String path) {
    return send(request(path).GET().build());
  }

  /** Posts an AdmissionReview and returns the response's {@code response} object, checking the uid came back. */
  public JsonNode review(String path, String body) {
    HttpResponse<String> response = post(path, body);
    assertEquals(200, response.statusCode(), () -> "HTTP status for " + path + ": " + response.body());
    try {
      JsonNode review = JSON.readTree(response.body());
      assertEquals("AdmissionReview", review.path("kind").asText());
      assertEquals("admission.k8s.io/v1", review.path("apiVersion").asText());
      assertEquals(JSON.readTree(body).at("/request/uid").asText(), review.at("/response/uid").asText());
      return review.path("response");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file from {@code src/test/resources/admission}. */
  public static String admissionFile(String name) {
    try (InputStream in = RunningWebhook.class.getResourceAsStream("/admission/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource admission/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    webhook.close();
  }
}
