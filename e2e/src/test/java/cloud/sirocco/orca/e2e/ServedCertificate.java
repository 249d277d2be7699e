package cloud.sirocco.orca.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** Which certificate a TLS server serves, and which one a PEM file holds, told apart by serial number. */
final class ServedCertificate {

  private ServedCertificate() {}

  private static final int TIMEOUT_MILLIS = 5_000;

  /** The serial of the certificate a new TLS connection to {@code host:port} is served. */
  static BigInteger serial(String host, int port) {
    try {
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, new TrustManager[] {new AcceptAnyCertificate()}, new SecureRandom());
      try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket()) {
        // Bounded, so that a peer that never answers fails this attempt within the caller's wait, not after it.
        socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.startHandshake();
        return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("could not reach " + host + ":" + port + " over TLS", e);
    }
  }

  /** The serial of the first certificate in {@code pem}. */
  static BigInteger serial(InputStream pem) {
    try (pem) {
      return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(pem)).getSerialNumber();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a PEM certificate", e);
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
