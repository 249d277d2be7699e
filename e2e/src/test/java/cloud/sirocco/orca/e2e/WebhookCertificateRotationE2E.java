package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.Ignitor;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The webhook's serving certificate renewed under the same CA (as cert-manager renews it) while the API server
 * sends it admission reviews: no review fails, and new connections get the new certificate without a restart.
 */
class WebhookCertificateRotationE2E {

  private static final Path CERTS = Path.of(System.getenv().getOrDefault("ORCA_CLUSTER_DIR",
      System.getProperty("user.home") + "/.cache/orca/cluster"), "webhook-certs");

  private static LiveCluster cluster;

  @BeforeAll
  static void createNamespace() {
    cluster = new LiveCluster("e2e-rotation");
  }

  @AfterAll
  static void cleanUp() {
    cluster.close();
  }

  @Test
  void aRenewedCertificateIsServedWhileReviewsFlowAndNoneFails() throws Exception {
    AtomicBoolean sending = new AtomicBoolean(true);
    AtomicInteger reviews = new AtomicInteger();
    List<String> failures = new CopyOnWriteArrayList<>();
    Thread load = new Thread(() -> {
      // A server-side dry run goes through admission like a real write and stores nothing.
      for (int i = 0; sending.get() && i < 2_000; i++) {
        try {
          cluster.client.resource(ignitor("rotation-" + i)).inNamespace(cluster.namespace).dryRun().create();
          reviews.incrementAndGet();
        } catch (RuntimeException e) {
          failures.add(e.getMessage());
        }
      }
    }, "admission-load");
    load.start();
    LiveCluster.await("reviews flowing before the renewal", Duration.ofSeconds(30), () -> reviews.get() >= 20);

    BigInteger before = servedSerial();
    LiveCluster.Result renewed = LiveCluster.run(List.of(LiveCluster.ROOT.resolve("certs/generate.sh").toString(),
        "--renew", CERTS.toString()));
    assertEquals(0, renewed.exitCode(), renewed.toString());
    BigInteger renewedSerial = fileSerial();
    LiveCluster.await("the webhook to serve the renewed certificate", Duration.ofSeconds(30),
        () -> renewedSerial.equals(servedSerial()));
    int atSwitch = reviews.get();
    LiveCluster.await("reviews flowing after the renewal", Duration.ofSeconds(30),
        () -> reviews.get() >= atSwitch + 20);
    sending.set(false);
    load.join();

    assertTrue(!renewedSerial.equals(before), "the renewal issued a new certificate");
    assertEquals(List.of(), failures, "failed reviews out of " + reviews.get());
    System.out.printf("certificate rotation: %d reviews, %d failed%n", reviews.get(), failures.size());
  }

  private static Ignitor ignitor(String name) {
    Ignitor ignitor = new Ignitor();
    ignitor.setMetadata(new ObjectMetaBuilder().withName(name).build());
    ignitor.getSpec().setScheduled("0 9 * * *");
    return ignitor;
  }

  private static BigInteger fileSerial() throws Exception {
    try (InputStream in = Files.newInputStream(CERTS.resolve("tls.crt"))) {
      return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in)).getSerialNumber();
    }
  }

  /** The serial of the certificate a new TLS connection to the webhook is served. */
  private static BigInteger servedSerial() {
    try {
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, new TrustManager[] {new AcceptAnyCertificate()}, new SecureRandom());
      try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", 8443)) {
        socket.startHandshake();
        return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not reach the webhook on 127.0.0.1:8443", e);
    }
  }

  /** Only reads which certificate is served; no request is sent over this connection. */
  private static final class AcceptAnyCertificate implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
