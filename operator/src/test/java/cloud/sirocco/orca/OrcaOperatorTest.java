package cloud.sirocco.orca;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import cloud.sirocco.orca.concurrent.ShutdownSequence;
import cloud.sirocco.orca.testing.Eventually;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class OrcaOperatorTest {

  KubernetesMockServer server;
  KubernetesClient client;

  @Test
  void anOperatorHoldingTheLeaseStopsWithinTheShutdownInsteadOfExiting() {
    // JOSDK checks that it may use Leases before it competes for one.
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus()
            .withResourceRules(new ResourceRuleBuilder().withApiGroups("coordination.k8s.io").withResources("leases")
                .withVerbs("*").build())
            .endStatus().build())
        .always();
    ShutdownSequence shutdown = new ShutdownSequence();
    Operator operator = new Operator(overrider -> overrider
        .withKubernetesClient(client)
        .checkingCRDAndValidateLocalModel(false)
        .withCloseClientOnStop(false)
        .withLeaderElectionConfiguration(OrcaOperator.leaderElection("default", shutdown)));
    operator.register(new Reconciler<ConfigMap>() {
      @Override
      public UpdateControl<ConfigMap> reconcile(ConfigMap configMap, Context<ConfigMap> context) {
        return UpdateControl.noUpdate();
      }
    });
    operator.start();
    Eventually.until("the operator to hold the Lease", () -> holder().isPresent(), () -> "no holder");
    shutdown.then("reconciles", operator::stop);

    // Giving up the Lease calls the stop-leading callback from within the stop: JOSDK's own would exit the JVM.
    assertTimeoutPreemptively(Duration.ofSeconds(20), shutdown::run);

    assertFalse(operator.getRuntimeInfo().isStarted(), "the operator stopped");
  }

  private Optional<String> holder() {
    Lease lease = client.leases().inNamespace("default").withName("orca-operator").get();
    return Optional.ofNullable(lease).map(l -> l.getSpec().getHolderIdentity());
  }
}
