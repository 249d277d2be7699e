package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local cluster's cert-manager (e2e/cluster.sh starts its controller and CA injector) doing for deploy/ what it
 * does on a real cluster: deploy/cert-manager/certificates.yaml, applied as it is, gives a CA of Orca's own and a
 * serving certificate it signed; the CA injector writes that CA into webhook configurations annotated
 * {@code cert-manager.io/inject-ca-from}; a renewal issues a new certificate under the same CA. Nothing in this test
 * writes a certificate, a Secret or a caBundle.
 */
class CertManagerE2E {

  private static final String SERVING = "orca-webhook-tls";
  private static final String CA = "orca-ca";
  private static final Duration ISSUANCE = Duration.ofSeconds(60);
  /** The webhook configurations of e2e/manifests/cert-manager-injected-webhooks.yaml. */
  private static final String INJECTED = "e2e-cert-manager-injected";

  private static LiveCluster cluster;

  @BeforeAll
  static void applyDeploysCertificates() {
    cluster = new LiveCluster("e2e-cert-manager");
    cluster.apply(LiveCluster.ROOT.resolve("deploy/cert-manager/certificates.yaml"));
    awaitReady(CA);
    awaitReady(SERVING);
  }

  @AfterAll
  static void cleanUp() {
    cluster.client.admissionRegistration().v1().validatingWebhookConfigurations().withName(INJECTED).delete();
    cluster.client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(INJECTED).delete();
    cluster.close();
  }

  @Test
  void theServingCertificateIsSignedByTheCaThatTheSelfSignedIssuerMade() throws Exception {
    X509Certificate ca = certificate(secret(CA), "tls.crt");
    X509Certificate serving = certificate(secret(SERVING), "tls.crt");

    assertEquals(ca.getSubjectX500Principal(), ca.getIssuerX500Principal(), "the CA is self-signed");
    assertTrue(ca.getBasicConstraints() >= 0, "orca-ca is a CA certificate");
    serving.verify(ca.getPublicKey());
    assertEquals(ca.getSubjectX500Principal(), serving.getIssuerX500Principal());
    assertEquals(List.of("orca-webhook.orca-system.svc", "orca-webhook.orca-system.svc.cluster.local"),
        serving.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))).toList());
    assertTrue(serving.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "server auth usage");
    assertArrayEquals(data(secret(CA), "tls.crt"), data(secret(SERVING), "ca.crt"),
        "the serving Secret's ca.crt is the CA");
  }

  @Test
  void theCaInjectorFillsTheCaBundleOfAnnotatedWebhookConfigurations() {
    cluster.apply(cluster.manifest("cert-manager-injected-webhooks.yaml"));
    byte[] ca = data(secret(SERVING), "ca.crt");

    LiveCluster.await("the CA in the caBundle of ValidatingWebhookConfiguration " + INJECTED, ISSUANCE,
        () -> Arrays.equals(ca, validatingCaBundle()));
    LiveCluster.await("the CA in the caBundle of MutatingWebhookConfiguration " + INJECTED, ISSUANCE,
        () -> Arrays.equals(ca, mutatingCaBundle()));
  }

  /** What {@code cmctl renew} does: the Issuing condition set on the Certificate. */
  @Test
  void aRenewalRequestedAsCmctlDoesIssuesANewCertificateUnderTheSameCa() throws Exception {
    assertReissuedUnderTheSameCa(() -> certificateResource(SERVING).editStatus(certificate -> {
      @SuppressWarnings("unchecked")
      Map<String, Object> status = (Map<String, Object>) certificate.getAdditionalProperties().get("status");
      @SuppressWarnings("unchecked")
      List<Object> conditions = new ArrayList<>((List<Object>) status.get("conditions"));
      conditions.add(Map.of("type", "Issuing", "status", "True", "reason", "ManuallyTriggered",
          "message", "Certificate re-issuance manually triggered", "lastTransitionTime", Instant.now().toString()));
      status.put("conditions", conditions);
      return certificate;
    }));
  }

  @Test
  void aDeletedSecretIsIssuedAgainUnderTheSameCa() throws Exception {
    assertReissuedUnderTheSameCa(() -> cluster.client.secrets().inNamespace(cluster.namespace).withName(SERVING)
        .delete());
  }

  /** After {@code trigger}, the serving Certificate is Ready at its next revision with a new certificate. */
  private static void assertReissuedUnderTheSameCa(Runnable trigger) throws Exception {
    long revision = revision(SERVING);
    BigInteger before = certificate(secret(SERVING), "tls.crt").getSerialNumber();

    trigger.run();

    awaitRevision(SERVING, revision + 1);
    X509Certificate reissued = certificate(secret(SERVING), "tls.crt");
    assertNotEquals(before, reissued.getSerialNumber(), "a new certificate");
    reissued.verify(certificate(secret(CA), "tls.crt").getPublicKey());
  }

  private static Resource<GenericKubernetesResource> certificateResource(String name) {
    return cluster.client.genericKubernetesResources("cert-manager.io/v1", "Certificate")
        .inNamespace(cluster.namespace).withName(name);
  }

  /** The Certificate's Ready condition is True, for its current generation. */
  private static boolean ready(String name) {
    GenericKubernetesResource certificate = certificateResource(name).get();
    if (certificate == null || !(certificate.getAdditionalProperties().get("status") instanceof Map<?, ?> status)
        || !(status.get("conditions") instanceof List<?> conditions)) {
      return false;
    }
    return conditions.stream().map(c -> (Map<?, ?>) c).anyMatch(c -> "Ready".equals(c.get("type"))
        && "True".equals(c.get("status"))
        && Objects.equals(certificate.getMetadata().getGeneration(), toLong(c.get("observedGeneration"))));
  }

  private static void awaitReady(String name) {
    LiveCluster.await("Certificate " + name + " to be Ready", ISSUANCE, () -> ready(name));
  }

  /** Waits until the Certificate is Ready at the revision given (status.revision counts issuances). */
  private static void awaitRevision(String name, long revision) {
    LiveCluster.await("Certificate " + name + " to be Ready at revision " + revision, ISSUANCE,
        () -> revision(name) == revision && ready(name) && secret(name) != null);
  }

  private static long revision(String name) {
    Object status = certificateResource(name).get().getAdditionalProperties().get("status");
    Long revision = status instanceof Map<?, ?> map ? toLong(map.get("revision")) : null;
    return revision == null ? 0 : revision;
  }

  private static Long toLong(Object number) {
    return number instanceof Number n ? n.longValue() : null;
  }

  private static Secret secret(String name) {
    return cluster.client.secrets().inNamespace(cluster.namespace).withName(name).get();
  }

  private static byte[] data(Secret secret, String key) {
    return Base64.getDecoder().decode(secret.getData().get(key));
  }

  private static X509Certificate certificate(Secret secret, String key) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(data(secret, key)));
  }

  private static byte[] validatingCaBundle() {
    ValidatingWebhookConfiguration configuration = cluster.client.admissionRegistration().v1()
        .validatingWebhookConfigurations().withName(INJECTED).get();
    return caBundle(configuration.getWebhooks().get(0).getClientConfig().getCaBundle());
  }

  private static byte[] mutatingCaBundle() {
    MutatingWebhookConfiguration configuration = cluster.client.admissionRegistration().v1()
        .mutatingWebhookConfigurations().withName(INJECTED).get();
    return caBundle(configuration.getWebhooks().get(0).getClientConfig().getCaBundle());
  }

  private static byte[] caBundle(String base64) {
    return base64 == null ? new byte[0] : Base64.getDecoder().decode(base64);
  }
}
