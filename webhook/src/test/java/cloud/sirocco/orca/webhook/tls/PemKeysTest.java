package cloud.sirocco.orca.webhook.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.webhook.testing.TestCertificates;
import cloud.sirocco.orca.webhook.testing.TestCertificates.Generated;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys as cert-manager and openssl write them: PKCS#8, and the PKCS#1 / SEC1 forms the JDK cannot read alone. */
class PemKeysTest {

  @TempDir
  static Path workDir;
  static Generated rsa;
  static Generated ec;

  @BeforeAll
  static void generate() {
    rsa = TestCertificates.localhost(workDir, "rsa", "RSA");
    ec = TestCertificates.localhost(workDir, "ec", "EC");
  }

  @Test
  void readsPkcs8RsaAndEcKeys() {
    assertArrayEquals(rsa.key().getEncoded(), PemKeys.privateKey(bytes(rsa.pkcs8Pem())).getEncoded());
    assertArrayEquals(ec.key().getEncoded(), PemKeys.privateKey(bytes(ec.pkcs8Pem())).getEncoded());
  }

  @Test
  void readsAPkcs1RsaKeyAsCertManagerWritesByDefault() {
    PrivateKey key = PemKeys.privateKey(bytes(TestCertificates.pem("RSA PRIVATE KEY", pkcs1(rsa.key()))));

    assertArrayEquals(rsa.key().getEncoded(), key.getEncoded());
  }

  @Test
  void readsASec1EcKeyNamingItsCurve() {
    String pem = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
        + TestCertificates.pem("EC PRIVATE KEY", sec1WithCurve(ec.key()));

    PrivateKey key = PemKeys.privateKey(bytes(pem));

    assertEquals("EC", key.getAlgorithm());
    assertEquals(((ECPrivateKey) ec.key()).getS(), ((ECPrivateKey) key).getS());
  }

  @Test
  void explainsASec1KeyWithoutCurve() {
    byte[] sec1 = withoutCurve(innerKey(ec.key().getEncoded()));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PemKeys.privateKey(bytes(TestCertificates.pem("EC PRIVATE KEY", sec1))));

    assertTrue(e.getMessage().contains("does not name its curve"), e.getMessage());
  }

  @Test
  void refusesAnEncryptedKeyWithASentence() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PemKeys.privateKey(bytes(TestCertificates.pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}))));

    assertTrue(e.getMessage().startsWith("the private key is encrypted"), e.getMessage());
  }

  @Test
  void refusesAFileWithoutKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PemKeys.privateKey(bytes(rsa.certificatePem())));

    assertTrue(e.getMessage().startsWith("no \"-----BEGIN PRIVATE KEY-----\""), e.getMessage());
  }

  @Test
  void readsTheWholeChainLeafFirst() {
    assertEquals(2, PemKeys.certificates(bytes(rsa.certificatePem() + ec.certificatePem())).size());
    assertEquals(rsa.certificate(), PemKeys.certificates(bytes(rsa.certificatePem() + ec.certificatePem())).get(0));
  }

  @Test
  void refusesAKeyThatDoesNotBelongToTheCertificate() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ServingCertificate.from(new PemFiles(bytes(rsa.certificatePem()), bytes(ec.pkcs8Pem()))));

    assertTrue(e.getMessage().startsWith("the private key does not belong to the certificate \"CN=rsa\""),
        e.getMessage());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** PKCS#8 {@code SEQUENCE { version, algorithm, OCTET STRING key }}: the OCTET STRING's contents. */
  private static byte[] innerKey(byte[] pkcs8) {
    Der.Element info = Der.read(pkcs8, 0, pkcs8.length);
    Der.Element version = Der.read(pkcs8, info.start(), info.end());
    Der.Element algorithm = Der.read(pkcs8, version.end(), info.end());
    return Der.read(pkcs8, algorithm.end(), info.end()).contents();
  }

  private static byte[] pkcs1(PrivateKey rsaKey) {
    return innerKey(rsaKey.getEncoded());
  }

  /** The JDK's SEC1 structure leaves the curve to PKCS#8; openssl's puts it in {@code [0]}. */
  private static byte[] sec1WithCurve(PrivateKey ecKey) {
    byte[] pkcs8 = ecKey.getEncoded();
    Der.Element info = Der.read(pkcs8, 0, pkcs8.length);
    Der.Element version = Der.read(pkcs8, info.start(), info.end());
    Der.Element algorithm = Der.read(pkcs8, version.end(), info.end());
    Der.Element algorithmOid = Der.read(pkcs8, algorithm.start(), algorithm.end());
    byte[] curve = Arrays.copyOfRange(pkcs8, algorithmOid.end(), algorithm.end());
    byte[] sec1 = innerKey(pkcs8);
    Der.Element sequence = Der.read(sec1, 0, sec1.length);
    Der.Element sec1Version = Der.read(sec1, sequence.start(), sequence.end());
    Der.Element privateKey = Der.read(sec1, sec1Version.end(), sequence.end());
    return Der.write(Der.SEQUENCE, Arrays.copyOfRange(sec1, sequence.start(), privateKey.end()),
        Der.write(Der.CONTEXT_0, curve));
  }

  private static byte[] withoutCurve(byte[] sec1) {
    Der.Element sequence = Der.read(sec1, 0, sec1.length);
    Der.Element version = Der.read(sec1, sequence.start(), sequence.end());
    Der.Element privateKey = Der.read(sec1, version.end(), sequence.end());
    return Der.write(Der.SEQUENCE, Arrays.copyOfRange(sec1, sequence.start(), privateKey.end()));
  }
}
