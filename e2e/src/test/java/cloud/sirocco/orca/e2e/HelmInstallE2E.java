package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Orca installed with {@code helm install} of deploy/helm/orca, its images built from this tree (imported into the
 * node, pull policy Never) and cert-manager issuing the webhook's certificate: the webhook refuses a bad Task through
 * its Service and the seed workflow runs.
 */
class HelmInstallE2E {

  private static final Path HELM = Path.of(System.getProperty("orca.helm", "helm-not-set"));
  private static final String CHART = LiveCluster.ROOT.resolve("deploy/helm/orca").toString();

  private static LiveCluster cluster;

  @BeforeAll
  static void installWithHelm() {
    cluster = new LiveCluster("e2e-helm-install");
    // What an earlier run left (an install test stopped half-way) would be objects Helm refuses to take over.
    cluster.orcaSteps("stop", "undeploy", "images");
    LiveCluster.Result installed = helm("install", "orca", CHART, "--namespace=orca-system", "--create-namespace",
        // The namespace Helm creates, not the chart: a release stored in a namespace it deletes cannot be purged.
        "--set=createNamespace=false",
        "--set=operator.image.pullPolicy=Never", "--set=webhook.image.pullPolicy=Never", "--wait",
        // The CRDs are there already, applied by install-orca.sh with kubectl: the chart takes them over.
        "--force-conflicts",
        "--timeout=5m");
    assertEquals(0, installed.exitCode(), installed.toString());
    // As the README says after an install: --wait saw the pods ready, not kube-proxy routing their Service.
    cluster.orcaSteps("await-admission");
  }

  @AfterAll
  static void backToTheHostProcesses() {
    try {
      cluster.close();
      LiveCluster.Result uninstalled = helm("uninstall", "orca", "--namespace=orca-system", "--wait",
          "--timeout=3m");
      assertEquals(0, uninstalled.exitCode(), uninstalled.toString());
    } finally {
      cluster.orcaSteps("undeploy", "start");
    }
  }

  @Test
  void theWebhookRefusesABadTaskAndTheSeedWorkflowRuns() {
    cluster.refusesABadTaskAndRunsTheSeedWorkflow();
  }

  private static LiveCluster.Result helm(String... args) {
    List<String> command = new ArrayList<>(List.of(HELM.toString()));
    command.addAll(List.of(args));
    return LiveCluster.run(command, Map.of());
  }
}
