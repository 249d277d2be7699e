package cloud.sirocco.orca.webhook.tls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM certificates and private keys as cert-manager and openssl write them: PKCS#8 ({@code PRIVATE KEY}),
 * PKCS#1 ({@code RSA PRIVATE KEY}, cert-manager's default for RSA) and SEC1 ({@code EC PRIVATE KEY}, its default for
 * ECDSA). The JDK reads only PKCS#8, so the other two are wrapped into it.
 */
public final class PemKeys {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");
  private static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
  private static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";

  private PemKeys() {}

  /** One PEM block: its label and decoded contents. */
  record Block(String label, byte[] der) {}

  /** The certificates in {@code pem}, in file order (leaf first, as cert-manager writes them). */
  public static List<X509Certificate> certificates(byte[] pem) {
    List<X509Certificate> chain = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Block block : blocks(pem)) {
        if (block.label().equals("CERTIFICATE")) {
          chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
        }
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException("a CERTIFICATE block is not an X.509 certificate (" + e.getMessage() + ")",
          e);
    }
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("no \"-----BEGIN CERTIFICATE-----\" block found");
    }
    return chain;
  }

  /** The first private key in {@code pem}: PKCS#8, PKCS#1 RSA or SEC1 EC, unencrypted. */
  public static PrivateKey privateKey(byte[] pem) {
    for (Block block : blocks(pem)) {
      switch (block.label()) {
        case "PRIVATE KEY":
          return pkcs8(block.der());
        case "RSA PRIVATE KEY":
          return pkcs8(wrap(algorithm(RSA_ENCRYPTION, Der.write(Der.NULL)), block.der()));
        case "EC PRIVATE KEY":
          return pkcs8(wrap(algorithm(EC_PUBLIC_KEY, sec1Curve(block.der())), block.der()));
        case "ENCRYPTED PRIVATE KEY":
          throw new IllegalArgumentException("the private key is encrypted; give the webhook an unencrypted key "
              + "(cert-manager's Secrets hold one)");
        default:
          // Other blocks (EC PARAMETERS, certificates in a combined file) are not the key.
      }
    }
    throw new IllegalArgumentException("no \"-----BEGIN PRIVATE KEY-----\", \"RSA PRIVATE KEY\" or \"EC PRIVATE KEY\" "
        + "block found");
  }

  static List<Block> blocks(byte[] pem) {
    Matcher matcher = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
    List<Block> blocks = new ArrayList<>();
    while (matcher.find()) {
      try {
        blocks.add(new Block(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2))));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the " + matcher.group(1) + " block is not valid base64", e);
      }
    }
    return blocks;
  }

  private static PrivateKey pkcs8(byte[] der) {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException notThisAlgorithm) {
        // try the next one
      }
    }
    throw new IllegalArgumentException("the private key is not an RSA, EC or EdDSA key the JDK can read");
  }

  /** PKCS#8 PrivateKeyInfo: version 0, the algorithm, the algorithm-specific key as an OCTET STRING. */
  private static byte[] wrap(byte[] algorithm, byte[] key) {
    return Der.write(Der.SEQUENCE, Der.write(Der.INTEGER, new byte[] {0}), algorithm, Der.write(Der.OCTET_STRING, key));
  }

  private static byte[] algorithm(String oid, byte[] parameters) {
    return Der.write(Der.SEQUENCE, Der.oid(oid), parameters);
  }

  /** The curve OID element of a SEC1 ECPrivateKey: {@code SEQUENCE { version, key, [0] curve, [1] public key }}. */
  private static byte[] sec1Curve(byte[] sec1) {
    try {
      Der.Element sequence = Der.read(sec1, 0, sec1.length);
      int offset = sequence.start();
      while (offset < sequence.end()) {
        Der.Element element = Der.read(sec1, offset, sequence.end());
        if (element.tag() == Der.CONTEXT_0) {
          Der.Element curve = Der.read(sec1, element.start(), element.end());
          if (curve.tag() == Der.OBJECT_IDENTIFIER) {
            return curve.encoded(element.start());
          }
        }
        offset = element.end();
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the EC PRIVATE KEY block is not a SEC1 key (" + e.getMessage() + ")", e);
    }
    throw new IllegalArgumentException("the EC PRIVATE KEY block does not name its curve; write it as PKCS#8 "
        + "(openssl pkcs8 -topk8 -nocrypt)");
  }
}
