package cloud.sirocco.orca.webhook.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Self-signed serving certificates for localhost, made with the JDK's keytool, and PEM files of them. */
public final class TestCertificates {

  private static final char[] PASSWORD = "changeit".toCharArray();

  /** A certificate and its key. */
  public record Generated(X509Certificate certificate, PrivateKey key) {

    public String certificatePem() {
      return pem("CERTIFICATE", encoded(certificate));
    }

    /** The key as PKCS#8, what {@code -----BEGIN PRIVATE KEY-----} holds. */
    public String pkcs8Pem() {
      return pem("PRIVATE KEY", key.getEncoded());
    }

    private static byte[] encoded(X509Certificate certificate) {
      try {
        return certificate.getEncoded();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private TestCertificates() {}

  /**
   * A new key pair and a certificate valid for {@code localhost} and {@code 127.0.0.1}.
   *
   * @param keyAlgorithm {@code EC} or {@code RSA}
   */
  public static Generated localhost(Path workDir, String commonName, String keyAlgorithm) {
    Path store = workDir.resolve(commonName + "-" + keyAlgorithm + ".p12");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "serving", "-keyalg", keyAlgorithm,
        "-keysize", keyAlgorithm.equals("EC") ? "256" : "2048",
        "-dname", "CN=" + commonName, "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)));
    try {
      Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + output);
      }
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        keyStore.load(in, PASSWORD);
      }
      return new Generated((X509Certificate) keyStore.getCertificate("serving"),
          (PrivateKey) keyStore.getKey("serving", PASSWORD));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot generate a test certificate", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A client-side SSLContext trusting exactly {@code trusted}. */
  public static SSLContext trusting(X509Certificate... trusted) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < trusted.length; i++) {
        store.setCertificateEntry("trusted-" + i, trusted[i]);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }
}
