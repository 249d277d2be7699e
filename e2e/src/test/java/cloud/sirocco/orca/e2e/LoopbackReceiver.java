package cloud.sirocco.orca.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An HTTP endpoint on loopback that records what http actions post to it, answering 204. */
final class LoopbackReceiver implements AutoCloseable {

  /** A request as received: its {@code Idempotency-Key} header and its body. */
  record Request(String key, String body) {}

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  LoopbackReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/alerts", exchange -> {
      requests.add(new Request(exchange.getRequestHeaders().getFirst("Idempotency-Key"),
          new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
  }

  /** The URL actions are to post to. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
  }

  /** The example's text with its receiver (http://127.0.0.1:9099/...) replaced by this one. */
  String addressedHere(Path example) throws IOException {
    return Files.readString(example).replaceAll("http://127\\.0\\.0\\.1:9099/\\w+", url());
  }

  /** The requests of actions in {@code namespace}, in the order they came. */
  List<Request> from(String namespace) {
    return requests.stream().filter(r -> r.key() != null && r.key().startsWith(namespace + "/")).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
