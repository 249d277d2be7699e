package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Orca installed as a user installs it: {@code kubectl apply -k} of deploy/ (through e2e/deploy/, which only names
 * the images this tree builds and never pulls them), cert-manager issuing the webhook's certificate and injecting its
 * CA, the API server reaching the webhook's two replicas through Service orca-webhook, and the operator pod reaching
 * the API server through the {@code kubernetes} Service. The suite writes neither the certificate nor a caBundle.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KustomizeInstallE2E {

  private static final String ORCA_NAMESPACE = "orca-system";
  private static final ResourceDefinitionContext CERTIFICATES = new ResourceDefinitionContext.Builder()
      .withGroup("cert-manager.io").withVersion("v1").withPlural("certificates").withKind("Certificate")
      .withNamespaced(true).build();

  private static LiveCluster cluster;

  @BeforeAll
  static void installWithKustomize() {
    cluster = new LiveCluster("e2e-kustomize-install");
    cluster.orcaSteps("stop", "deploy");
  }

  @AfterAll
  static void backToTheHostProcesses() {
    try {
      cluster.close();
    } finally {
      cluster.orcaSteps("undeploy", "start");
    }
  }

  @Test
  @Order(1)
  void certManagerIssuesTheWebhookCertificateAndInjectsItsCaIntoBothWebhookConfigurations() {
    LiveCluster.await("Certificate orca-webhook-tls to be Ready", Duration.ofSeconds(60),
        () -> "True".equals(certificateCondition("orca-webhook-tls", "Ready")));
    Secret tls = cluster.client.secrets().inNamespace(ORCA_NAMESPACE).withName("orca-webhook-tls").get();
    String ca = new String(Base64.getDecoder().decode(tls.getData().get("ca.crt")), StandardCharsets.UTF_8);

    LiveCluster.await("the CA in both webhook configurations", Duration.ofSeconds(60), () -> {
      ValidatingWebhookConfiguration validating = cluster.client.admissionRegistration().v1()
          .validatingWebhookConfigurations().withName("orca-validating").get();
      MutatingWebhookConfiguration mutating = cluster.client.admissionRegistration().v1()
          .mutatingWebhookConfigurations().withName("orca-mutating").get();
      return ca.equals(decoded(validating.getWebhooks().get(0).getClientConfig().getCaBundle()))
          && ca.equals(decoded(mutating.getWebhooks().get(0).getClientConfig().getCaBundle()));
    });
  }

  @Test
  @Order(2)
  void throughTheServicesTheWebhookRefusesABadTaskAndTheOperatorPodRunsAWorkflow() {
    assertEquals(2, availableReplicas("orca-webhook"), "webhook replicas available");
    cluster.refusesABadTaskAndRunsTheSeedWorkflow();

    Pod operator = onlyPod("orca-operator");
    assertNotEquals(Boolean.TRUE, operator.getSpec().getHostNetwork(), "the operator pod is on the pod network");
    assertTrue(operator.getSpec().getContainers().get(0).getEnv().stream()
        .noneMatch(e -> e.getName().startsWith("KUBERNETES_SERVICE")), "the API server's address is the Service's");
    assertEquals(operator.getMetadata().getName(), leaseHolder(), "the operator pod holds the Lease");
  }

  @Test
  @Order(3)
  void aWebhookPodDeletedWhileWritesGoOnFailsNoWrite() throws InterruptedException {
    Pod deleted = pods("orca-webhook").get(0);
    AdmissionLoad load = AdmissionLoad.start(cluster);
    try (load) {
      cluster.client.pods().resource(deleted).delete();
      LiveCluster.await("the deleted webhook pod to be gone and its replacement available", Duration.ofSeconds(120),
          () -> pods("orca-webhook").stream().noneMatch(p -> sameUid(p, deleted))
              && availableReplicas("orca-webhook") == 2);
      load.awaitMore(50);
    }
    assertEquals(List.of(), load.failures(), "failed writes out of " + load.reviews());
    System.out.printf("webhook pod deleted: %d writes, %d failed%n", load.reviews(), load.failures().size());
  }

  @Test
  @Order(4)
  void aCertificateReissuedByCertManagerIsServedWhileWritesGoOnAndNoneFails() throws InterruptedException {
    BigInteger before = secretSerial();
    AdmissionLoad load = AdmissionLoad.start(cluster);
    try (load) {
      // What `cmctl renew` does: the Issuing condition on the Certificate's status.
      cluster.kubectlAnyNamespace("--namespace=" + ORCA_NAMESPACE, "patch", "certificate", "orca-webhook-tls",
          "--subresource=status", "--type=merge", "-p", "{\"status\":{\"conditions\":[{\"type\":\"Issuing\","
              + "\"status\":\"True\",\"reason\":\"ManuallyTriggered\",\"message\":\"renewed by the e2e suite\","
              + "\"lastTransitionTime\":\"" + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
              + "\"}]}}");
      LiveCluster.await("cert-manager to issue a new serving certificate", Duration.ofSeconds(60),
          () -> !before.equals(secretSerial()));
      BigInteger renewed = secretSerial();
      LiveCluster.await("every webhook pod to serve the new certificate", Duration.ofSeconds(120),
          () -> pods("orca-webhook").stream().allMatch(p -> serves(p, renewed)));
      load.awaitMore(50);
    }
    assertEquals(List.of(), load.failures(), "failed writes out of " + load.reviews());
    System.out.printf("certificate re-issued: %d writes, %d failed%n", load.reviews(), load.failures().size());
  }

  @Test
  @Order(5)
  void theOperatorPodDeletedMidChainTheNewOneCarriesOnAndEveryTaskRunsOnce() {
    cluster.apply(cluster.manifest("chain.yaml"));
    LiveCluster.await("chain-2 to be running", Duration.ofSeconds(120), () -> !cluster.runs("chain-2").isEmpty());
    Pod before = onlyPod("orca-operator");
    cluster.client.pods().resource(before).delete();

    List<Pod> last = cluster.awaitFinishedRuns("chain-6", 1, Duration.ofSeconds(240));
    assertEquals("6", LiveCluster.terminationMessage(last.get(0)), "the chain's final count");
    for (int link = 1; link <= 6; link++) {
      assertEquals(1, cluster.runs("chain-" + link).size(), "runs of chain-" + link);
    }
    Pod after = onlyPod("orca-operator");
    assertNotEquals(before.getMetadata().getUid(), after.getMetadata().getUid(), "a new operator pod");
    assertEquals(after.getMetadata().getName(), leaseHolder(), "the new pod holds the Lease");
  }

  @Test
  @Order(6)
  void aPluginJarAddedWithTheReadmesCommandIsLoadedWithoutARestartAndItsActionRuns() {
    Pod operator = onlyPod("orca-operator");
    LiveCluster.Result added = LiveCluster.run(List.of("bash", "-c", String.join(" ",
        "\"$ORCA_KUBECTL\" --namespace=orca-system create configmap orca-plugins",
        "--from-file=" + LiveCluster.ROOT.resolve("plugins/log/target/orca-log-plugin.jar"),
        "--dry-run=client -o yaml | \"$ORCA_KUBECTL\" apply -f -")));
    assertEquals(0, added.exitCode(), added.toString());

    // The kubelet refreshes ConfigMap volumes within about a minute; a run each minute meets the plugin there.
    cluster.apply(cluster.manifest("log-on-success.yaml"));
    LiveCluster.await("a run whose log action succeeded", Duration.ofSeconds(240), () -> {
      var status = cluster.task("logged").getStatus();
      return status != null && status.getRuns().stream().filter(r -> r.getActions() != null)
          .flatMap(r -> r.getActions().stream())
          .anyMatch(a -> "log".equals(a.getName()) && "Succeeded".equals(a.getState()));
    });
    Pod still = onlyPod("orca-operator");
    assertEquals(operator.getMetadata().getUid(), still.getMetadata().getUid(), "the same operator pod");
    assertEquals(0, still.getStatus().getContainerStatuses().get(0).getRestartCount(), "restarts");
  }

  private static String certificateCondition(String name, String type) {
    GenericKubernetesResource certificate = cluster.client.genericKubernetesResources(CERTIFICATES)
        .inNamespace(ORCA_NAMESPACE).withName(name).get();
    if (certificate == null) {
      return null;
    }
    List<Map<String, Object>> conditions = certificate.get("status", "conditions");
    return conditions == null ? null : conditions.stream().filter(c -> type.equals(c.get("type")))
        .map(c -> (String) c.get("status")).findFirst().orElse(null);
  }

  /** Whether the pod serves the certificate of that serial; a pod not listening yet (just replaced) does not. */
  private static boolean serves(Pod pod, BigInteger serial) {
    try {
      return Readiness.isPodReady(pod) && serial.equals(ServedCertificate.serial(pod.getStatus().getPodIP(), 8443));
    } catch (IllegalStateException notListening) {
      return false;
    }
  }

  private static BigInteger secretSerial() {
    Secret tls = cluster.client.secrets().inNamespace(ORCA_NAMESPACE).withName("orca-webhook-tls").get();
    return ServedCertificate.serial(new ByteArrayInputStream(Base64.getDecoder().decode(tls.getData().get("tls.crt"))));
  }

  private static String decoded(String base64) {
    return base64 == null ? null : new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  private static int availableReplicas(String deployment) {
    Deployment d = cluster.client.apps().deployments().inNamespace(ORCA_NAMESPACE).withName(deployment).get();
    return d.getStatus() == null || d.getStatus().getAvailableReplicas() == null ? 0
        : d.getStatus().getAvailableReplicas();
  }

  /** The component's pods that are not being deleted. */
  private static List<Pod> pods(String name) {
    return cluster.client.pods().inNamespace(ORCA_NAMESPACE).withLabel("app.kubernetes.io/name", name).list()
        .getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
  }

  private static Pod onlyPod(String name) {
    LiveCluster.await("one ready " + name + " pod", Duration.ofSeconds(120), () -> {
      List<Pod> pods = pods(name);
      return pods.size() == 1 && Readiness.isPodReady(pods.get(0));
    });
    return pods(name).get(0);
  }

  private static boolean sameUid(Pod a, Pod b) {
    return Objects.equals(a.getMetadata().getUid(), b.getMetadata().getUid());
  }

  private static String leaseHolder() {
    var lease = cluster.client.leases().inNamespace(ORCA_NAMESPACE).withName("orca-operator").get();
    assertNotNull(lease, "the operator's Lease in " + ORCA_NAMESPACE);
    return lease.getSpec().getHolderIdentity();
  }
}
