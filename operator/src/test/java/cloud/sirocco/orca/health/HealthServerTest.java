package cloud.sirocco.orca.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthServerTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void exportsTheReadinessItAnswersOnReadyzAsAGauge() throws Exception {
    AtomicBoolean ready = new AtomicBoolean(false);
    try (HealthServer server = new HealthServer("127.0.0.1", 0, ready::get,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).start()) {
      assertEquals(503, get(server, "/readyz").statusCode());
      assertTrue(get(server, "/metrics").body().contains("orca_operator_ready 0.0"));

      ready.set(true);

      assertEquals(200, get(server, "/readyz").statusCode());
      assertTrue(get(server, "/metrics").body().contains("orca_operator_ready 1.0"));
    }
  }

  private HttpResponse<String> get(HealthServer server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
