package cloud.sirocco.orca.webhook.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The webhook's certificate chain and key, read from PEM files, and the SSLContext that serves them. */
public final class ServingCertificate {

  private static final char[] IN_MEMORY = new char[0];

  private final List<X509Certificate> chain;
  private final SSLContext sslContext;
  private final byte[] fingerprint;

  private ServingCertificate(List<X509Certificate> chain, SSLContext sslContext, byte[] fingerprint) {
    this.chain = chain;
    this.sslContext = sslContext;
    this.fingerprint = fingerprint;
  }

  /** Loads and checks the files; throws IllegalArgumentException with a sentence naming what is wrong. */
  public static ServingCertificate load(Path cert, Path key) throws IOException {
    return from(PemFiles.read(cert, key));
  }

  public static ServingCertificate from(PemFiles files) {
    List<X509Certificate> chain;
    PrivateKey key;
    try {
      chain = PemKeys.certificates(files.certPem());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("certificate file: " + e.getMessage(), e);
    }
    try {
      key = PemKeys.privateKey(files.keyPem());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key file: " + e.getMessage(), e);
    }
    if (!matches(key, chain.get(0).getPublicKey())) {
      // A rotation caught half-way (new certificate, old key) looks like this; the next poll sees both.
      throw new IllegalArgumentException("the private key does not belong to the certificate "
          + describe(chain.get(0)));
    }
    return new ServingCertificate(List.copyOf(chain), sslContext(chain, key), files.fingerprint());
  }

  public SSLContext sslContext() {
    return sslContext;
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }

  public boolean sameFiles(byte[] otherFingerprint) {
    return Arrays.equals(fingerprint, otherFingerprint);
  }

  /** Subject, serial and expiry, for log lines. */
  public String describe() {
    return describe(leaf());
  }

  static String describe(X509Certificate certificate) {
    return "\"" + certificate.getSubjectX500Principal().getName() + "\" (serial "
        + HexFormat.of().formatHex(certificate.getSerialNumber().toByteArray()) + ", valid until "
        + certificate.getNotAfter().toInstant() + ")";
  }

  private static SSLContext sslContext(List<X509Certificate> chain, PrivateKey key) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("orca-webhook", key, IN_MEMORY, chain.toArray(X509Certificate[]::new));
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, IN_MEMORY);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("the key and certificate cannot serve TLS (" + e.getMessage() + ")", e);
    }
  }

  /** Signs a random challenge with the key and verifies it with the certificate's public key. */
  private static boolean matches(PrivateKey key, PublicKey publicKey) {
    if (!key.getAlgorithm().equals(publicKey.getAlgorithm())
        && !(key.getAlgorithm().startsWith("Ed") && publicKey.getAlgorithm().startsWith("Ed"))) {
      return false;
    }
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> key.getAlgorithm();
    };
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
