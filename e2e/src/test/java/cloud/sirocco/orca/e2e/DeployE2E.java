package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.names.RunNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.Config;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@code kubectl apply -k deploy/} installs, checked against the real API server: every object passes the
 * API's validation, the operator and the webhook do their work with nothing but deploy/'s RBAC, and the operator's
 * and webhook images, built from this tree, run as deploy/'s Deployments. Changed only where the local cluster lacks
 * kube-proxy and cert-manager: the pods use the node's network, and the webhook's certificate Secret is given.
 */
class DeployE2E {

  /** cert-manager's CRDs, from its Go module (e2e/test.sh downloads it). */
  private static final Path CERT_MANAGER_CRDS = Path.of(System.getProperty("orca.certManagerCrds",
      "cert-manager-crds-not-set"));
  /** deploy/'s namespace: its RBAC bindings name it. */
  private static final String ORCA_NAMESPACE = "orca-system";
  /** The base with deploy/namespaced/, for the namespaces team-a and team-b. */
  private static final Path NAMESPACED = LiveCluster.ROOT.resolve("examples/namespaced-install");
  private static final String OPERATOR_ACCOUNT = "system:serviceaccount:" + ORCA_NAMESPACE + ":orca-operator";

  private static LiveCluster orcaSystem;

  @BeforeAll
  static void orcaNamespace() {
    orcaSystem = new LiveCluster(ORCA_NAMESPACE);
  }

  @AfterAll
  static void cleanUp() {
    orcaSystem.close();
  }

  /**
   * A server-side dry run of the kustomize base: every Deployment, RBAC rule, webhook configuration and cert-manager
   * Certificate must pass the API's validation, unknown fields refused. Stored for real: the namespace and
   * cert-manager's CRDs, which the dry run needs.
   */
  @Test
  void everyObjectOfTheKustomizeBaseIsAcceptedByTheApiServer() {
    applyCertManagerCrds();

    LiveCluster.Result applied = orcaSystem.kubectl("apply", "-k", deploy("").toString(), "--dry-run=server");

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

  /**
   * The same dry run of the namespaced install (examples/namespaced-install/: the base with deploy/namespaced/), its
   * two namespaces stored for real: accepted whole, the operator bound to its rules in each watched namespace and
   * nowhere cluster-wide, and the operator and the webhook given the same namespaces.
   */
  @Test
  void theNamespacedInstallIsAcceptedByTheApiServerAndGrantsTheOperatorNothingClusterWide() {
    applyCertManagerCrds();
    try (LiveCluster teamA = new LiveCluster("team-a"); LiveCluster teamB = new LiveCluster("team-b")) {
      LiveCluster.Result applied = LiveCluster.kubectlAnyNamespace("apply", "-k", NAMESPACED.toString(),
          "--dry-run=server");
      assertEquals(0, applied.exitCode(), applied.toString());
      assertTrue(applied.out().contains("rolebinding.rbac.authorization.k8s.io/orca-operator "), applied.toString());
    }

    List<HasMetadata> objects = rendered(NAMESPACED, o -> true);
    assertEquals(List.of("orca-webhook"), objects.stream().filter(ClusterRoleBinding.class::isInstance)
        .map(o -> o.getMetadata().getName()).toList(), "cluster-wide grants");
    assertEquals(List.of("team-a", "team-b"), objects.stream().filter(RoleBinding.class::isInstance)
        .map(RoleBinding.class::cast).filter(b -> "ClusterRole".equals(b.getRoleRef().getKind())
            && "orca-operator".equals(b.getRoleRef().getName()))
        .map(b -> b.getMetadata().getNamespace()).sorted().toList(), "namespaces granted the operator's rules");
    ConfigMap watched = objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
        .filter(c -> c.getMetadata().getName().startsWith("orca-watch-namespaces")).findFirst().orElseThrow();
    assertEquals("team-a,team-b", watched.getData().get("namespaces"));
    for (String deployment : List.of("orca-operator", "orca-webhook")) {
      EnvVar namespaces = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
          .filter(d -> deployment.equals(d.getMetadata().getName())).findFirst().orElseThrow()
          .getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
          .filter(e -> "ORCA_WATCH_NAMESPACES".equals(e.getName())).findFirst().orElseThrow();
      assertEquals(watched.getMetadata().getName(), namespaces.getValueFrom().getConfigMapKeyRef().getName(),
          deployment + "'s ORCA_WATCH_NAMESPACES");
    }
  }

  /**
   * The operator restarted as deploy/'s service account with only the namespaced install's rights (its RoleBinding
   * in the one namespace it watches, the leader Lease's Role, no ClusterRoleBinding): the seed workflow runs there,
   * and the token may read no Secret and touch no pod anywhere else.
   */
  @Test
  void withRightsOnlyInTheNamespaceItWatchesTheOperatorRunsTheSeedWorkflow() throws IOException {
    String watched = "e2e-deploy-namespaced";
    List<HasMetadata> rbac = rendered(NAMESPACED, o -> o.getMetadata().getName().startsWith("orca-operator")
        && (o instanceof ServiceAccount || o.getApiVersion().startsWith("rbac.authorization.k8s.io/")));
    orcaSystem.client.rbac().clusterRoleBindings().withName("orca-operator").delete();
    try (LiveCluster workflow = new LiveCluster(watched)) {
      // The example's RoleBindings are for team-a and team-b; one like them, in this test's namespace, instead.
      RoleBinding grant = rbac.stream().filter(o -> o instanceof RoleBinding b
          && "ClusterRole".equals(b.getRoleRef().getKind())).map(RoleBinding.class::cast).findFirst().orElseThrow();
      grant.getMetadata().setNamespace(watched);
      rbac.stream().filter(o -> !(o instanceof RoleBinding b) || "Role".equals(b.getRoleRef().getKind()))
          .forEach(o -> orcaSystem.client.resource(o).forceConflicts().serverSideApply());
      orcaSystem.client.resource(grant).forceConflicts().serverSideApply();
      restart("operator", serviceAccountKubeconfig("orca-operator"),
          Map.of("ORCA_LEADER_ELECTION_NAMESPACE", ORCA_NAMESPACE, "ORCA_WATCH_NAMESPACES", watched));

      runsTheSeedWorkflow(workflow);

      for (List<String> elsewhere : List.of(List.of("get", "secrets", "--namespace=default"),
          List.of("create", "pods", "--namespace=default"), List.of("list", "pods", "--all-namespaces"))) {
        List<String> args = new ArrayList<>(List.of("auth", "can-i"));
        args.addAll(elsewhere);
        args.add("--as=" + OPERATOR_ACCOUNT);
        LiveCluster.Result answer = workflow.kubectl(args.toArray(String[]::new));
        assertEquals("no", answer.out().strip(), "may the operator " + elsewhere + "? " + answer);
      }
      assertNotRefused("operator");
    } finally {
      restart("operator", null, Map.of());
    }
  }

  /**
   * The operator and the webhook restarted as deploy/'s service accounts (tokens from the real API server, bound by
   * deploy/'s roles), leader election in orca-system as the Deployment sets it: the seed workflow runs, its run
   * pods are released, its Events are recorded, a failure action reads its Secret and the run's log, and neither
   * process is refused anything.
   */
  @Test
  void withNothingButDeploysRbacTheOperatorAndTheWebhookRunTheSeedWorkflow() throws IOException {
    orcaSystem.apply(deploy("operator/rbac.yaml"));
    orcaSystem.apply(deploy("webhook/rbac.yaml"));
    try {
      restart("webhook", serviceAccountKubeconfig("orca-webhook"), Map.of());
      restart("operator", serviceAccountKubeconfig("orca-operator"),
          Map.of("ORCA_LEADER_ELECTION_NAMESPACE", ORCA_NAMESPACE));

      try (LiveCluster workflow = new LiveCluster("e2e-deploy-rbac")) {
        runsTheSeedWorkflow(workflow);
      }
      assertNotRefused("operator");
      assertNotRefused("webhook");
    } finally {
      restart("webhook", null, Map.of());
      restart("operator", null, Map.of());
    }
  }

  /**
   * deploy/'s operator objects as `kubectl kustomize deploy/` renders them, its image built from this tree and
   * imported into the node: the operator runs as a pod (read-only root, user 65532, the plugins ConfigMap mounted,
   * probes on its health port), leads through its Lease and runs the seed workflow.
   */
  @Test
  void theOperatorImageRunsInTheClusterAsDeployInstallsIt() {
    List<HasMetadata> objects = rendered(o -> o.getMetadata().getName().startsWith("orca-operator")
        || o.getMetadata().getName().equals("orca-plugins"));
    assertEquals(8, objects.size(), "deploy/'s operator objects: " + describe(objects));

    runInsteadOfHostProcess("operator", objects, () -> {
      try (LiveCluster workflow = new LiveCluster("e2e-deploy-operator-image")) {
        workflow.apply(workflow.example("hello-workflow.yaml"));
        workflow.awaitFinishedRuns("task2", 1, Duration.ofSeconds(120));
        LiveCluster.await("task2's status to record its run", Duration.ofSeconds(30),
            () -> "Succeeded".equals(workflow.task("task2").getStatus().getState()));
      }
      assertNotNull(orcaSystem.client.leases().inNamespace(ORCA_NAMESPACE).withName("orca-operator").get(),
          "the operator's leader election Lease in " + ORCA_NAMESPACE);
    });
  }

  /**
   * deploy/'s webhook objects, its image built from this tree, serving the webhook configurations the suite
   * registers (https://127.0.0.1:8443) with their certificate, given to it as the Secret cert-manager would write:
   * a bad workflow is refused with the webhook's message, a good one stored.
   */
  @Test
  void theWebhookImageServesAdmissionInTheClusterAsDeployInstallsIt() throws IOException {
    List<HasMetadata> objects = rendered(o -> o.getMetadata().getName().startsWith("orca-webhook")
        && !o.getApiVersion().startsWith("cert-manager.io/"));
    assertEquals(6, objects.size(), "deploy/'s webhook objects: " + describe(objects));
    Path certs = clusterDir().resolve("webhook-certs");
    objects = new ArrayList<>(objects);
    objects.add(new SecretBuilder().withNewMetadata().withName("orca-webhook-tls").withNamespace(ORCA_NAMESPACE)
        .endMetadata().withType("kubernetes.io/tls")
        .addToStringData("tls.crt", Files.readString(certs.resolve("tls.crt")))
        .addToStringData("tls.key", Files.readString(certs.resolve("tls.key")))
        .addToStringData("ca.crt", Files.readString(certs.resolve("ca.crt"))).build());

    runInsteadOfHostProcess("webhook", objects, () -> {
      try (LiveCluster workflow = new LiveCluster("e2e-deploy-webhook-image")) {
        LiveCluster.Result refused = workflow.kubectl("apply", "-f",
            workflow.manifest("many-problems.yaml").toString());
        assertNotEquals(0, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("spec.steps: cannot be used together with spec.template"),
            refused.toString());
        workflow.apply(workflow.example("hello-workflow.yaml"));
      }
    });
  }

  /**
   * The seed workflow (examples/hello-workflow.yaml), and a failing run whose action reads a Secret and the run's
   * log (its endpoint need not answer), as the operator runs them: runs recorded and released, Events written, the
   * Secret read, and the leader Lease held in orca-system.
   */
  private static void runsTheSeedWorkflow(LiveCluster workflow) {
    workflow.apply(workflow.example("hello-workflow.yaml"));
    workflow.apply(workflow.example("http-action.yaml"));
    workflow.awaitFinishedRuns("task2", 1, Duration.ofSeconds(120));
    LiveCluster.await("task2's status to record its run", Duration.ofSeconds(30),
        () -> "Succeeded".equals(workflow.task("task2").getStatus().getState()));
    LiveCluster.await("both run pods released", Duration.ofSeconds(30), () -> List.of("task1", "task2").stream()
        .flatMap(task -> workflow.runs(task).stream()).noneMatch(pod -> pod.hasFinalizer(RunNames.FINALIZER)));
    LiveCluster.await("a RunStarted Event of task2", Duration.ofSeconds(30), () -> workflow.client.v1().events()
        .inNamespace(workflow.namespace).list().getItems().stream()
        .anyMatch(e -> "task2".equals(e.getInvolvedObject().getName()) && "RunStarted".equals(e.getReason())));
    workflow.awaitFinishedRuns("flaky-report", 1, Duration.ofSeconds(120));
    LiveCluster.await("flaky-report's actions to be recorded", Duration.ofSeconds(60), () -> {
      var runs = workflow.task("flaky-report").getStatus().getRuns();
      return !runs.isEmpty() && runs.get(0).getActions() != null;
    });
    assertEquals(List.of(), workflow.client.v1().events().inNamespace(workflow.namespace).list().getItems()
        .stream().filter(e -> "SecretUnavailable".equals(e.getReason())).map(e -> e.getMessage()).toList(),
        "the action's Secret, read as orca-operator");
    // A log the operator cannot read is only logged at debug level: ask the API server directly.
    LiveCluster.Result logs = workflow.kubectl("auth", "can-i", "get", "pods/log", "--as=" + OPERATOR_ACCOUNT);
    assertEquals("yes", logs.out().strip(), logs.toString());
    assertNotNull(orcaSystem.client.leases().inNamespace(ORCA_NAMESPACE).withName("orca-operator").get(),
        "the operator's leader election Lease in " + ORCA_NAMESPACE);
  }

  /** The process's log since its last start has no refusal by the API server. */
  private static void assertNotRefused(String process) throws IOException {
    List<String> refusals = sinceLastStart(process).lines()
        .filter(line -> line.toLowerCase(Locale.ROOT).contains("forbidden")).limit(3).toList();
    assertEquals(List.of(), refusals, process + " was refused something");
  }

  private static void applyCertManagerCrds() {
    assertTrue(Files.isDirectory(CERT_MANAGER_CRDS), "no cert-manager CRDs at " + CERT_MANAGER_CRDS
        + ": run the suite through e2e/test.sh, which sets -Dorca.certManagerCrds");
    LiveCluster.Result crds = orcaSystem.kubectl("apply", "--server-side", "-f", CERT_MANAGER_CRDS.toString());
    assertEquals(0, crds.exitCode(), crds.toString());
  }

  /** The objects of deploy/ that {@code which} selects, as `kubectl kustomize deploy/` renders them. */
  private static List<HasMetadata> rendered(Predicate<HasMetadata> which) {
    return rendered(deploy(""), which);
  }

  /** The objects of a kustomization that {@code which} selects, as `kubectl kustomize` renders them. */
  private static List<HasMetadata> rendered(Path kustomization, Predicate<HasMetadata> which) {
    LiveCluster.Result rendered = orcaSystem.kubectl("kustomize", kustomization.toString());
    assertEquals(0, rendered.exitCode(), rendered.toString());
    return orcaSystem.client.load(new ByteArrayInputStream(rendered.out().getBytes(StandardCharsets.UTF_8)))
        .items().stream().filter(which).toList();
  }

  /**
   * Stops the host process of {@code component}, applies its objects with the image built from this tree, runs
   * {@code check} once the Deployment is available, and puts the host process back.
   */
  private static void runInsteadOfHostProcess(String component, List<HasMetadata> objects, Runnable check) {
    LiveCluster.Result images = orcaSystem.orca("images");
    assertEquals(0, images.exitCode(), images.toString());
    String name = "orca-" + component;
    LiveCluster.Result stopped = orcaSystem.orca("stop-" + component);
    assertEquals(0, stopped.exitCode(), stopped.toString());
    try {
      objects.stream().map(o -> o instanceof Deployment deployment ? withoutKubeProxy(deployment) : o)
          .forEach(o -> orcaSystem.client.resource(o).forceConflicts().serverSideApply());
      LiveCluster.await("Deployment " + name + " to be available", Duration.ofSeconds(120), () -> {
        Deployment deployment = orcaSystem.client.apps().deployments().inNamespace(ORCA_NAMESPACE)
            .withName(name).get();
        return deployment.getStatus() != null
            && Integer.valueOf(1).equals(deployment.getStatus().getAvailableReplicas());
      });
      check.run();
    } finally {
      orcaSystem.client.apps().deployments().inNamespace(ORCA_NAMESPACE).withName(name).delete();
      LiveCluster.await("the " + component + " pod to be gone", Duration.ofSeconds(60), () -> orcaSystem.client
          .pods().inNamespace(ORCA_NAMESPACE).withLabel("app.kubernetes.io/name", name).list().getItems().isEmpty());
      LiveCluster.Result restarted = orcaSystem.orca("start-" + component);
      assertEquals(0, restarted.exitCode(), restarted.toString());
    }
  }

  /**
   * What a cluster without kube-proxy needs: the node's network, and the API server at the address the suite
   * reaches it on (its kubeconfig's). One replica: two pods on the node's network would both listen on the same port.
   */
  private static Deployment withoutKubeProxy(Deployment deployment) {
    deployment.getSpec().setReplicas(1);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    pod.setHostNetwork(true);
    pod.setDnsPolicy("ClusterFirstWithHostNet");
    Container container = pod.getContainers().get(0);
    URI apiServer = URI.create(orcaSystem.client.getConfiguration().getMasterUrl());
    container.getEnv().add(new EnvVar("KUBERNETES_SERVICE_HOST", apiServer.getHost(), null));
    container.getEnv().add(new EnvVar("KUBERNETES_SERVICE_PORT", String.valueOf(apiServer.getPort()), null));
    return deployment;
  }

  private static String describe(List<HasMetadata> objects) {
    return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList().toString();
  }

  private static Path clusterDir() {
    return Path.of(System.getenv().getOrDefault("ORCA_CLUSTER_DIR",
        System.getProperty("user.home") + "/.cache/orca/cluster"));
  }

  private static Path deploy(String path) {
    return LiveCluster.ROOT.resolve("deploy").resolve(path);
  }

  /** A kubeconfig for a service account of orca-system: the local API server's address and CA, and a token. */
  private static Path serviceAccountKubeconfig(String serviceAccount) throws IOException {
    LiveCluster.Result token = orcaSystem.kubectl("create", "token", serviceAccount, "--duration=30m");
    assertEquals(0, token.exitCode(), token.toString());
    Config admin = orcaSystem.client.getConfiguration();
    Path file = Files.createTempFile("orca-e2e-" + serviceAccount, ".kubeconfig");
    Files.writeString(file, String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: local",
        "  cluster:",
        "    server: " + admin.getMasterUrl(),
        "    certificate-authority-data: " + admin.getCaCertData(),
        "users:",
        "- name: " + serviceAccount,
        "  user:",
        "    token: " + token.out().strip(),
        "contexts:",
        "- name: " + serviceAccount,
        "  context: {cluster: local, user: " + serviceAccount + "}",
        "current-context: " + serviceAccount,
        ""));
    return file;
  }

  /** Restarts the host process as {@code kubeconfig} says (null: the admin, as install-orca.sh starts it). */
  private static void restart(String process, Path kubeconfig, Map<String, String> environment) {
    Map<String, String> env = new HashMap<>(environment);
    if (kubeconfig != null) {
      env.put("ORCA_PROCESS_KUBECONFIG", kubeconfig.toString());
    }
    for (String subcommand : List.of("stop-" + process, "start-" + process)) {
      LiveCluster.Result done = orcaSystem.orca(subcommand, env);
      assertEquals(0, done.exitCode(), done.toString());
    }
  }

  /** The process's log since install-orca.sh last started it. */
  private static String sinceLastStart(String process) throws IOException {
    String log = Files.readString(clusterDir().resolve("logs").resolve(process + ".log"));
    return log.substring(Math.max(0, log.lastIndexOf("===== ")));
  }
}
