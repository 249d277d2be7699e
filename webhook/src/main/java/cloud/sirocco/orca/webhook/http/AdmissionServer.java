package cloud.sirocco.orca.webhook.http;

import cloud.sirocco.orca.webhook.admission.AdmissionEndpoint;
import cloud.sirocco.orca.webhook.admission.MalformedReviewException;
import cloud.sirocco.orca.webhook.metrics.WebhookMetrics;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook's one HTTPS port: {@code POST /validate} and {@code POST /mutate} (AdmissionReview v1),
 * {@code GET /healthz}, {@code GET /readyz} and {@code GET /metrics}.
 *
 * <p>Admission work runs on worker threads, never on the I/O threads. A request the webhook cannot answer gets a
 * 400 (413 when too big) with one sentence and one log line; nothing a client sends yields a stack trace.
 */
public final class AdmissionServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AdmissionServer.class);
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final int READ_BUFFER_BYTES = 16 * 1024;
  /** How long requests already being answered get once the drain is over: an admission answer takes milliseconds. */
  private static final Duration IN_FLIGHT_LIMIT = Duration.ofSeconds(5);

  private final Undertow undertow;
  private final GracefulShutdownHandler inFlight;
  private final Map<String, AdmissionEndpoint> endpoints;
  private final BooleanSupplier ready;
  private final WebhookMetrics metrics;
  private final long maxBodyBytes;
  private volatile boolean stopping;

  private AdmissionServer(String host, int port, SSLContext sslContext, long maxBodyBytes, Map<String, AdmissionEndpoint> endpoints,
      BooleanSupplier ready, WebhookMetrics metrics) {
    this.endpoints = Map.copyOf(endpoints);
    this.ready = ready;
    this.metrics = metrics;
    this.maxBodyBytes = maxBodyBytes;
    this.inFlight = Handlers.gracefulShutdown(this::route);
    this.undertow = Undertow.builder()
        .addHttpsListener(port, host, sslContext)
        // The hard limit; up to it, an oversized body is read and dropped so that the client sees the 413.
        .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, drainLimit(maxBodyBytes))
        // A client that opens a connection and sends nothing, or dribbles its headers, does not hold it forever.
        .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) Duration.ofSeconds(10).toMillis())
        .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) Duration.ofSeconds(120).toMillis())
        .setHandler(inFlight)
        .build();
  }

  /**
   * Binds and starts serving.
   *
   * @param host the address to listen on; 0.0.0.0 for all
   * @param port 0 picks a free port, see {@link #port()}
   * @param endpoints admission endpoints by path ({@code /validate}, {@code /mutate})
   * @param ready whether {@code /readyz} answers 200
   */
  public static AdmissionServer start(String host, int port, SSLContext sslContext, long maxBodyBytes,
      Map<String, AdmissionEndpoint> endpoints, BooleanSupplier ready, WebhookMetrics metrics) {
    AdmissionServer server = new AdmissionServer(host, port, sslContext, maxBodyBytes, endpoints, ready, metrics);
    server.undertow.start();
    LOG.info("Serving HTTPS on port {}: POST {}, GET /healthz /readyz /metrics", server.port(),
        String.join(" ", server.endpoints.keySet().stream().sorted().toList()));
    return server;
  }

  public int port() {
    return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  /** Serves new connections with {@code sslContext}; established ones keep theirs. */
  public void replaceSslContext(SSLContext sslContext) {
    undertow.getListenerInfo().get(0).setSslContext(sslContext);
  }

  /**
   * Stops serving without failing a client: for {@code drain}, {@code /readyz} answers 503 and every answer closes
   * its connection (the API server would otherwise keep sending on the connections it holds to this replica);
   * then requests in flight are finished and the port is closed.
   */
  public void stop(Duration drain) throws InterruptedException {
    stopping = true;
    LOG.info("Stopping: answering for {} ms more, closing each connection", drain.toMillis());
    try {
      Thread.sleep(drain.toMillis());
      inFlight.shutdown();
      if (!inFlight.awaitShutdown(IN_FLIGHT_LIMIT.toMillis())) {
        LOG.warn("Requests still in flight after {} ms; closing anyway", IN_FLIGHT_LIMIT.toMillis());
      }
    } finally {
      undertow.stop();
    }
  }

  @Override
  public void close() {
    try {
      stop(Duration.ZERO);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void route(HttpServerExchange exchange) {
    if (stopping) {
      exchange.setPersistent(false);
    }
    String path = exchange.getRequestPath();
    AdmissionEndpoint endpoint = endpoints.get(path);
    if (endpoint != null) {
      if (exchange.isInIoThread()) {
        exchange.dispatch(() -> admit(exchange, endpoint));
      } else {
        admit(exchange, endpoint);
      }
      return;
    }
    switch (path) {
      case "/healthz" -> text(exchange, StatusCodes.OK, "ok");
      case "/readyz" -> {
        if (stopping) {
          text(exchange, StatusCodes.SERVICE_UNAVAILABLE, "not ready: stopping");
        } else if (ready.getAsBoolean()) {
          text(exchange, StatusCodes.OK, "ready");
        } else {
          text(exchange, StatusCodes.SERVICE_UNAVAILABLE,
              "not ready: the Task and Ignitor caches have not synced with the API server yet");
        }
      }
      case "/metrics" -> {
        if (exchange.isInIoThread()) {
          exchange.dispatch(() -> send(exchange, StatusCodes.OK, PROMETHEUS_TEXT, metrics.scrape()));
        } else {
          send(exchange, StatusCodes.OK, PROMETHEUS_TEXT, metrics.scrape());
        }
      }
      default -> text(exchange, StatusCodes.NOT_FOUND, "No such endpoint; admission requests go to POST "
          + String.join(" or ", endpoints.keySet().stream().sorted().toList()) + ".");
    }
  }

  /** What to send back, decided before anything is sent so that metrics are recorded first. */
  private record Reply(int status, String contentType, byte[] body, String kind, WebhookMetrics.Result verdict) {

    static Reply refusal(int status, String sentence) {
      return new Reply(status, TEXT, (sentence + "\n").getBytes(StandardCharsets.UTF_8), "unknown",
          WebhookMetrics.Result.MALFORMED);
    }
  }

  /** Runs on a worker thread: reading the body blocks. */
  private void admit(HttpServerExchange exchange, AdmissionEndpoint endpoint) {
    long started = System.nanoTime();
    Reply reply;
    try {
      exchange.startBlocking();
      AdmissionEndpoint.Answer answer = endpoint.answer(body(exchange));
      reply = new Reply(StatusCodes.OK, "application/json", answer.json(), answer.kind(), answer.verdict());
    } catch (WrongMethodException e) {
      exchange.getResponseHeaders().put(Headers.ALLOW, Methods.POST_STRING);
      reply = refusal(exchange, StatusCodes.METHOD_NOT_ALLOWED, exchange.getRequestMethod()
          + " is not answered here; send POST with an AdmissionReview JSON body.");
    } catch (MalformedReviewException e) {
      reply = refusal(exchange, StatusCodes.BAD_REQUEST, e.getMessage());
    } catch (TooBigException | RequestTooBigException e) {
      exchange.setPersistent(false);
      reply = refusal(exchange, StatusCodes.REQUEST_ENTITY_TOO_LARGE, "The body is larger than " + maxBodyBytes
          + " bytes (ORCA_WEBHOOK_MAX_BODY_BYTES).");
    } catch (IOException e) {
      exchange.setPersistent(false);
      reply = refusal(exchange, StatusCodes.BAD_REQUEST, "The body could not be read (" + e.getMessage() + ").");
    } catch (RuntimeException e) {
      // Handlers already turn their failures into denials; this is a bug in the webhook's own plumbing.
      LOG.error("Answering {} {} failed", exchange.getRequestMethod(), exchange.getRequestPath(), e);
      reply = new Reply(StatusCodes.INTERNAL_SERVER_ERROR, TEXT,
          "Internal error in the Orca webhook; see its log.\n".getBytes(StandardCharsets.UTF_8), "unknown",
          WebhookMetrics.Result.ERROR);
    }
    metrics.record(endpoint.operation(), reply.kind(), reply.verdict(),
        Duration.ofNanos(System.nanoTime() - started));
    if (exchange.isResponseStarted()) {
      // Undertow answered already: a body past the drain limit ends the connection.
      exchange.endExchange();
      return;
    }
    exchange.setStatusCode(reply.status());
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, reply.contentType());
    exchange.getResponseSender().send(ByteBuffer.wrap(reply.body()));
  }

  /** The request body, once method, type and size are acceptable. */
  private byte[] body(HttpServerExchange exchange)
      throws IOException, MalformedReviewException, TooBigException, WrongMethodException {
    if (!exchange.getRequestMethod().equals(Methods.POST)) {
      throw new WrongMethodException();
    }
    String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    if (type == null || !type.toLowerCase(Locale.ROOT).trim().startsWith("application/json")) {
      throw new MalformedReviewException("Content-Type must be application/json, not "
          + (type == null ? "missing" : "\"" + type + "\"") + ".");
    }
    try (InputStream in = exchange.getInputStream()) {
      long declared = exchange.getRequestContentLength();
      if (declared > maxBodyBytes) {
        if (declared <= drainLimit(maxBodyBytes)) {
          discard(in, new byte[READ_BUFFER_BYTES]);
        }
        throw new TooBigException();
      }
      if (declared >= 0) {
        // The API server always sends a length: read straight into an array of that size, with no buffer to grow
        // and copy (these were a third of what a review allocated).
        byte[] body = new byte[Math.toIntExact(declared)];
        int read = in.readNBytes(body, 0, body.length);
        return read == body.length ? body : Arrays.copyOf(body, read);
      }
      return chunked(in);
    }
  }

  /** A body sent without a length, read until it ends or passes the limit. */
  private byte[] chunked(InputStream in) throws IOException, TooBigException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] buffer = new byte[READ_BUFFER_BYTES];
    for (int read; (read = in.read(buffer)) >= 0; ) {
      if (body.size() + read > maxBodyBytes) {
        discard(in, buffer);
        throw new TooBigException();
      }
      body.write(buffer, 0, read);
    }
    return body.toByteArray();
  }

  /**
   * Reads the rest of an oversized body: a server that closes while the client is still sending resets the
   * connection, and the client never sees the 413. Undertow stops this at {@link #drainLimit(long)}.
   */
  private static void discard(InputStream in, byte[] buffer) throws IOException {
    while (in.read(buffer) >= 0) {
      // dropped
    }
  }

  private static long drainLimit(long maxBodyBytes) {
    return maxBodyBytes > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : maxBodyBytes * 4;
  }

  private static Reply refusal(HttpServerExchange exchange, int status, String sentence) {
    LOG.warn("Refused {} {} from {} with {}: {}", exchange.getRequestMethod(), exchange.getRequestPath(),
        exchange.getSourceAddress(), status, sentence);
    return Reply.refusal(status, sentence);
  }

  private static void text(HttpServerExchange exchange, int status, String body) {
    send(exchange, status, TEXT, body + "\n");
  }

  private static void send(HttpServerExchange exchange, int status, String contentType, String body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
    exchange.getResponseSender().send(body, StandardCharsets.UTF_8);
  }

  /** Not a POST: answered with 405 and {@code Allow: POST}. */
  private static final class WrongMethodException extends Exception {
    WrongMethodException() {
      super(null, null, false, false);
    }
  }

  /** The body is over the limit: answered with 413 without reading the rest. */
  private static final class TooBigException extends Exception {
    TooBigException() {
      super(null, null, false, false);
    }
  }
}
