package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
    BigInteger before;
    BigInteger renewedSerial;
    AdmissionLoad load = AdmissionLoad.start(cluster);
    try (load) {
      before = ServedCertificate.serial("127.0.0.1", 8443);
      LiveCluster.Result renewed = LiveCluster.run(List.of(LiveCluster.ROOT.resolve("certs/generate.sh").toString(),
          "--renew", CERTS.toString()));
      assertEquals(0, renewed.exitCode(), renewed.toString());
      renewedSerial = ServedCertificate.serial(Files.newInputStream(CERTS.resolve("tls.crt")));
      LiveCluster.await("the webhook to serve the renewed certificate", Duration.ofSeconds(30),
          () -> renewedSerial.equals(ServedCertificate.serial("127.0.0.1", 8443)));
      load.awaitMore(20);
    }

    assertNotEquals(before, renewedSerial, "the renewal issued a new certificate");
    assertEquals(List.of(), load.failures(), "failed reviews out of " + load.reviews());
    System.out.printf("certificate rotation: %d reviews, %d failed%n", load.reviews(), load.failures().size());
  }
}
