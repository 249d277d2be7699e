package cloud.sirocco.orca.health;

import cloud.sirocco.orca.concurrent.DaemonThreads;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Liveness ({@code /healthz}), readiness ({@code /readyz}) and Prometheus metrics ({@code /metrics}) over HTTP. The
 * readiness is also the gauge {@code orca_operator_ready} (1 or 0), for an alert that sees what the probe sees.
 */
public final class HealthServer implements AutoCloseable {

  private final HttpServer server;

  public HealthServer(String host, int port, BooleanSupplier ready, PrometheusMeterRegistry metrics) throws IOException {
    Gauge.builder("orca.operator.ready", ready, r -> r.getAsBoolean() ? 1 : 0)
        .description("1 while the operator answers /readyz with 200: started, its informers' caches synced")
        .register(metrics);
    server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.setExecutor(Executors.newSingleThreadExecutor(new DaemonThreads("orca-health-")));
    server.createContext("/healthz", exchange -> reply(exchange, 200, "text/plain", "ok\n"));
    server.createContext("/readyz", exchange -> {
      boolean ok = ready.getAsBoolean();
      reply(exchange, ok ? 200 : 503, "text/plain", ok ? "ready\n" : "not ready: caches are not synced\n");
    });
    server.createContext("/metrics",
        exchange -> reply(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
  }

  public HealthServer start() {
    server.start();
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void reply(HttpExchange exchange, int code, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
