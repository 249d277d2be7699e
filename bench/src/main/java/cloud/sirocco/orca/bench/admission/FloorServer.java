package cloud.sirocco.orca.bench.admission;

import cloud.sirocco.orca.bench.tls.PemTls;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The floor under the webhook's figures: the webhook's HTTP stack (Undertow, the same listener options, the same
 * JSSE context, admission work dispatched to a worker thread that reads the whole body blocking) answering every
 * POST with one constant "allowed" AdmissionReview. What the webhook costs above this is its own work: JSON,
 * rules, cache lookups, metrics.
 *
 * <pre>
 * BENCH_FLOOR_PORT=18444 java -cp orca-bench.jar cloud.sirocco.orca.bench.admission.FloorServer tls.crt tls.key
 * </pre>
 */
public final class FloorServer {

  private static final byte[] ALLOWED = ("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
      + "\"response\":{\"uid\":\"floor\",\"allowed\":true}}").getBytes(StandardCharsets.UTF_8);

  private FloorServer() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.jboss.logging.provider", "slf4j");
    int port = Integer.parseInt(System.getenv().getOrDefault("BENCH_FLOOR_PORT", "18444"));
    Undertow undertow = Undertow.builder()
        .addHttpsListener(port, "127.0.0.1", PemTls.serving(Path.of(args[0]), Path.of(args[1])))
        .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 4L * 3 * 1024 * 1024)
        .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) Duration.ofSeconds(10).toMillis())
        .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) Duration.ofSeconds(120).toMillis())
        .setHandler(FloorServer::route)
        .build();
    undertow.start();
    System.out.println("floor serving HTTPS on 127.0.0.1:" + port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      undertow.stop();
      stopped.countDown();
    }));
    stopped.await();
  }

  private static void route(HttpServerExchange exchange) {
    if (exchange.getRequestPath().equals("/healthz")) {
      exchange.getResponseSender().send("ok\n");
      return;
    }
    if (exchange.isInIoThread()) {
      exchange.dispatch(() -> allow(exchange));
    } else {
      allow(exchange);
    }
  }

  private static void allow(HttpServerExchange exchange) {
    exchange.startBlocking();
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = exchange.getInputStream()) {
      while (in.read(buffer) >= 0) {
        // read and dropped, as the webhook reads it before answering
      }
    } catch (IOException e) {
      exchange.setStatusCode(400);
      exchange.getResponseSender().send("unreadable body\n");
      return;
    }
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseSender().send(ByteBuffer.wrap(ALLOWED));
  }
}
