package cloud.sirocco.orca.bench.admission;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A closed-loop HTTPS load generator: {@code concurrency} kept-alive TLS connections, each a thread sending one
 * POST and waiting for its answer before the next, as the API server's admission client does per connection.
 * Handshakes happen before the clock starts; a run stops after {@code requests} answers or at its time limit.
 */
public final class LoadGenerator {

  /** One run's answers: latencies sorted ascending. */
  public record Run(long[] sortedNanos, long elapsedNanos, int failures, String firstFailure) {

    public int count() {
      return sortedNanos.length;
    }

    public double perSecond() {
      return count() / (elapsedNanos / 1e9);
    }
  }

  private final SSLContext tls;
  private final int port;
  private final String path;

  public LoadGenerator(SSLContext tls, int port, String path) {
    this.tls = tls;
    this.port = port;
    this.path = path;
  }

  public Run run(List<byte[]> bodies, int concurrency, int requests, Duration limit) throws IOException,
      InterruptedException {
    List<SSLSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < concurrency; i++) {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) limit.toMillis() + 10_000);
        socket.startHandshake();
        sockets.add(socket);
      }
      long[] latencies = new long[requests];
      AtomicInteger next = new AtomicInteger();
      AtomicInteger done = new AtomicInteger();
      AtomicInteger failures = new AtomicInteger();
      AtomicReference<String> firstFailure = new AtomicReference<>();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> workers = new ArrayList<>();
      for (SSLSocket socket : sockets) {
        Thread worker = new Thread(() -> {
          try {
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            start.await();
            long deadline = System.nanoTime() + limit.toNanos();
            for (int k; (k = next.getAndIncrement()) < requests && System.nanoTime() < deadline; ) {
              byte[] body = bodies.get(k % bodies.size());
              long sent = System.nanoTime();
              out.write(head(body.length));
              out.write(body);
              out.flush();
              String problem = readAnswer(in);
              latencies[k] = System.nanoTime() - sent;
              done.incrementAndGet();
              if (problem != null) {
                failures.incrementAndGet();
                firstFailure.compareAndSet(null, problem);
              }
            }
          } catch (IOException | InterruptedException e) {
            failures.incrementAndGet();
            firstFailure.compareAndSet(null, e.toString());
          }
        }, "load-" + workers.size());
        workers.add(worker);
        worker.start();
      }
      long began = System.nanoTime();
      start.countDown();
      for (Thread worker : workers) {
        worker.join();
      }
      long elapsed = System.nanoTime() - began;
      // Requests cut off by the time limit leave zeros past the answered ones; answered ones are never 0 ns.
      long[] answered = Arrays.stream(latencies).filter(l -> l > 0).sorted().toArray();
      return new Run(answered, elapsed, failures.get(), firstFailure.get());
    } finally {
      for (SSLSocket socket : sockets) {
        socket.close();
      }
    }
  }

  private byte[] head(int length) {
    return ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
        + "Accept: application/json\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** Reads one response; returns null when it is a 200 allowing the request, else what it was. */
  static String readAnswer(InputStream in) throws IOException {
    String status = line(in);
    int length = -1;
    boolean chunked = false;
    for (String header; !(header = line(in)).isEmpty(); ) {
      String lower = header.toLowerCase();
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(header.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (chunked) {
      for (int size; (size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) > 0; ) {
        body.write(in.readNBytes(size));
        line(in);
      }
      line(in);
    } else if (length >= 0) {
      body.write(in.readNBytes(length));
    } else {
      throw new IOException("response without a length: " + status);
    }
    String text = body.toString(StandardCharsets.UTF_8);
    if (!status.startsWith("HTTP/1.1 200") || !text.contains("\"allowed\":true")) {
      return status + " " + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
    }
    return null;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c; (c = in.read()) != '\n'; ) {
      if (c < 0) {
        throw new IOException("connection closed mid-response");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }
}
