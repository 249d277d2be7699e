package cloud.sirocco.orca.webhook.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.webhook.testing.TestCertificates;
import cloud.sirocco.orca.webhook.testing.TestCertificates.Generated;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateReloaderTest {

  @TempDir
  Path dir;

  @Test
  void installsNothingWhileTheFilesAreUnchanged() throws Exception {
    Generated first = TestCertificates.localhost(dir, "first", "EC");
    Path cert = Files.writeString(dir.resolve("tls.crt"), first.certificatePem());
    Path key = Files.writeString(dir.resolve("tls.key"), first.pkcs8Pem());
    List<SSLContext> installed = new ArrayList<>();
    try (CertificateReloader reloader =
        new CertificateReloader(cert, key, ServingCertificate.load(cert, key), installed::add)) {

      assertFalse(reloader.checkNow());
      assertEquals(List.of(), installed);
    }
  }

  @Test
  void waitsForTheMatchingKeyWhenFilesAreReplacedOneByOne() throws Exception {
    Generated first = TestCertificates.localhost(dir, "first", "EC");
    Generated second = TestCertificates.localhost(dir, "second", "EC");
    Path cert = Files.writeString(dir.resolve("tls.crt"), first.certificatePem());
    Path key = Files.writeString(dir.resolve("tls.key"), first.pkcs8Pem());
    List<SSLContext> installed = new ArrayList<>();
    try (CertificateReloader reloader =
        new CertificateReloader(cert, key, ServingCertificate.load(cert, key), installed::add)) {

      Files.writeString(cert, second.certificatePem());
      assertFalse(reloader.checkNow(), "a new certificate with the old key must not be served");
      assertFalse(reloader.checkNow());
      assertEquals("CN=first", reloader.current().leaf().getSubjectX500Principal().getName());

      Files.writeString(key, second.pkcs8Pem());
      assertTrue(reloader.checkNow());
      assertEquals(1, installed.size());
      assertEquals("CN=second", reloader.current().leaf().getSubjectX500Principal().getName());
    }
  }

  @Test
  void keepsServingWhenTheFilesDisappear() throws Exception {
    Generated first = TestCertificates.localhost(dir, "first", "EC");
    Path cert = Files.writeString(dir.resolve("tls.crt"), first.certificatePem());
    Path key = Files.writeString(dir.resolve("tls.key"), first.pkcs8Pem());
    try (CertificateReloader reloader =
        new CertificateReloader(cert, key, ServingCertificate.load(cert, key), context -> { })) {
      Files.delete(key);

      assertFalse(reloader.checkNow());
      assertEquals("CN=first", reloader.current().leaf().getSubjectX500Principal().getName());
    }
  }
}
