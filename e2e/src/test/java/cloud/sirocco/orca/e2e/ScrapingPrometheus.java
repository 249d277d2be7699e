package cloud.sirocco.orca.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus (Debian's package: {@code -Dorca.prometheus}, default {@code prometheus} on the PATH) run as a
 * host process by the test, scraping the operator (127.0.0.1:8080) and the webhook (127.0.0.1:8443) every second as
 * the jobs the shipped ServiceMonitors make, orca-operator and orca-webhook, and evaluating the rules it is given.
 * The operator and the webhook listen there both as e2e/install-orca.sh's host processes and as its pods, which use
 * the node's network.
 */
final class ScrapingPrometheus implements AutoCloseable {

  private static final String BINARY = System.getProperty("orca.prometheus", "prometheus");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final Process process;
  private final URI api;
  private final HttpClient http = HttpClient.newHttpClient();

  /** Starts it with {@code rules} (a rule file's text) and waits until it is ready. */
  ScrapingPrometheus(String rules) throws IOException {
    dir = Files.createTempDirectory("orca-prometheus");
    Files.writeString(dir.resolve("orca-rules.yaml"), rules);
    Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
        "global: {scrape_interval: 1s, evaluation_interval: 1s}",
        "rule_files: [orca-rules.yaml]",
        "scrape_configs:",
        "- job_name: orca-operator",
        "  static_configs: [{targets: ['127.0.0.1:8080']}]",
        "- job_name: orca-webhook",
        "  scheme: https",
        // Its certificate's CA differs by install (generated, or cert-manager's); the webhook's own tests check TLS.
        "  tls_config: {insecure_skip_verify: true}",
        "  static_configs: [{targets: ['127.0.0.1:8443']}]", ""));
    int port = freePort();
    api = URI.create("http://127.0.0.1:" + port);
    if (!Files.isExecutable(Path.of(BINARY)) && !onPath(BINARY)) {
      throw new IllegalStateException("no " + BINARY + ": install Debian's prometheus package (e2e/test.sh does), or "
          + "set -Dorca.prometheus");
    }
    process = new ProcessBuilder(BINARY, "--config.file=" + dir.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    LiveCluster.await("Prometheus ready on " + api + " (log: " + log() + ")", Duration.ofSeconds(30),
        () -> process.isAlive() && ready());
  }

  private boolean ready() {
    try {
      return get("/-/ready").statusCode() == 200;
    } catch (UncheckedIOException notListeningYet) {
      return false;
    }
  }

  Path log() {
    return dir.resolve("prometheus.log");
  }

  /** Every metric name it has stored. */
  List<String> metricNames() {
    return JSON.convertValue(api("/api/v1/label/__name__/values").get("data"),
        JSON.getTypeFactory().constructCollectionType(List.class, String.class));
  }

  /** The answer of an instant query: its status and data, or errorType and error. */
  JsonNode query(String promql) {
    return json(get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
  }

  /** The rule groups with each rule's state, health and last evaluation. */
  JsonNode rules() {
    return api("/api/v1/rules").get("data").get("groups");
  }

  private JsonNode api(String path) {
    JsonNode answer = json(get(path));
    if (!"success".equals(answer.path("status").asText())) {
      throw new IllegalStateException(path + " answered " + answer);
    }
    return answer;
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpResponse<String> get(String path) {
    try {
      return http.send(HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted asking Prometheus " + path, e);
    }
  }

  private static boolean onPath(String command) {
    return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, command)));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
