package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl apply -k deploy/}, as the README installs Orca, checked object by object by the real API server in a
 * server-side dry run: every Deployment, RBAC rule, webhook configuration and cert-manager Certificate must pass the
 * API's validation, with unknown fields refused. Nothing is stored but the namespace and cert-manager's CRDs (the
 * dry run needs both), and the images are not run: the local cluster has no kube-proxy for in-cluster clients.
 */
class DeployManifestsE2E {

  /** cert-manager's CRDs, from its Go module (e2e/test.sh downloads it). */
  private static final Path CERT_MANAGER_CRDS = Path.of(System.getProperty("orca.certManagerCrds",
      "cert-manager-crds-not-set"));

  private static LiveCluster cluster;

  @BeforeAll
  static void namespaceAndCertManagerCrds() {
    assertTrue(Files.isDirectory(CERT_MANAGER_CRDS), "no cert-manager CRDs at " + CERT_MANAGER_CRDS
        + ": run the suite through e2e/test.sh, which sets -Dorca.certManagerCrds");
    // The namespace deploy/ installs into, for real: namespaced objects cannot be dry-run into a missing one.
    cluster = new LiveCluster("orca-system");
    LiveCluster.Result crds = cluster.kubectl("apply", "--server-side", "-f", CERT_MANAGER_CRDS.toString());
    assertEquals(0, crds.exitCode(), crds.toString());
  }

  @AfterAll
  static void cleanUp() {
    cluster.close();
  }

  @Test
  void everyObjectOfTheKustomizeBaseIsAcceptedByTheApiServer() {
    LiveCluster.Result applied = cluster.kubectl("apply", "-k", LiveCluster.ROOT.resolve("deploy").toString(),
        "--dry-run=server");

    assertEquals(0, applied.exitCode(), applied.toString());
    for (String object : List.of("customresourcedefinition.apiextensions.k8s.io/tasks.sirocco.cloud",
        "customresourcedefinition.apiextensions.k8s.io/ignitors.sirocco.cloud",
        "issuer.cert-manager.io/orca-selfsigned", "certificate.cert-manager.io/orca-ca",
        "issuer.cert-manager.io/orca-ca", "certificate.cert-manager.io/orca-webhook-tls",
        "serviceaccount/orca-operator", "clusterrole.rbac.authorization.k8s.io/orca-operator",
        "deployment.apps/orca-operator", "service/orca-operator", "configmap/orca-plugins",
        "serviceaccount/orca-webhook", "deployment.apps/orca-webhook", "poddisruptionbudget.policy/orca-webhook",
        "service/orca-webhook", "validatingwebhookconfiguration.admissionregistration.k8s.io/orca-validating",
        "mutatingwebhookconfiguration.admissionregistration.k8s.io/orca-mutating")) {
      assertTrue(applied.out().contains(object + " "), object + " missing from " + applied);
    }
  }
}
