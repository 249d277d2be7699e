package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm chart deploy/helm/orca as {@code helm template} renders it, against what {@code kubectl kustomize}
 * renders of deploy/: by default the same objects, field for field, and in each mode the chart offers the objects
 * of deploy/'s component for it. Needs no cluster: Helm from e2e/build-helm.sh ({@code -Dorca.helm}), kubectl from
 * ORCA_KUBECTL.
 */
class HelmChartTest {

  private static final Path HELM = Path.of(System.getProperty("orca.helm", "helm-not-set"));
  private static final Path CHART = LiveCluster.ROOT.resolve("deploy/helm/orca");
  private static final Path DEPLOY = LiveCluster.ROOT.resolve("deploy");
  /** deploy/'s namespace, the release's. */
  private static final String NAMESPACE = "orca-system";
  private static final ObjectReader YAML = new YAMLMapper().readerFor(Object.class);

  @Test
  void defaultRenderHoldsTheObjectsOfTheKustomizeBase() {
    assertSameObjects(kustomize(DEPLOY), helmTemplate());
  }

  @Test
  void pluginsFromAnImageRenderTheBaseWithThePluginsFromImageComponent(@TempDir Path overlay) throws IOException {
    Files.writeString(overlay.resolve("kustomization.yaml"), String.join("\n",
        "apiVersion: kustomize.config.k8s.io/v1beta1",
        "kind: Kustomization",
        "resources: [" + overlay.relativize(DEPLOY) + "]",
        "components: [" + overlay.relativize(DEPLOY.resolve("plugins-from-image")) + "]", ""));

    assertSameObjects(withEnvSorted(kustomize(overlay)),
        withEnvSorted(helmTemplate("--set", "plugins.source=image")));
  }

  /**
   * examples/namespaced-install/ is the base with deploy/namespaced/ for team-a and team-b. Its ConfigMap
   * orca-watch-namespaces only carries the list into the Deployments (its hashed name rolls them); the chart puts
   * the list into ORCA_WATCH_NAMESPACES itself, and a changed value rolls them too.
   */
  @Test
  void watchedNamespacesRenderTheNamespacedInstall() {
    Map<String, Map<String, Object>> kustomized = kustomize(LiveCluster.ROOT.resolve("examples/namespaced-install"));

    assertSameObjects(withEnvSorted(withWatchedNamespacesInlined(kustomized)),
        withEnvSorted(helmTemplate("--set", "watchNamespaces={team-a,team-b}")));
  }

  @Test
  void monitoringRendersTheMonitoringKustomizationBesideTheBase(@TempDir Path overlay) throws IOException {
    Files.writeString(overlay.resolve("kustomization.yaml"), String.join("\n",
        "apiVersion: kustomize.config.k8s.io/v1beta1",
        "kind: Kustomization",
        "resources: [" + overlay.relativize(DEPLOY) + ", " + overlay.relativize(DEPLOY.resolve("monitoring")) + "]",
        ""));

    assertSameObjects(kustomize(overlay), helmTemplate("--set", "monitoring.enabled=true"));
  }

  /**
   * A RunRequest's deletion has nothing to check: sent to the webhook, it could only fail, and with failurePolicy Fail
   * a webhook that is down would block it. A Task's or an Ignitor's is sent, to warn of the Tasks that start on it.
   * deploy/ renders the same (defaultRenderHoldsTheObjectsOfTheKustomizeBase).
   */
  @Test
  void deletingARunRequestIsNotSentToTheWebhookWhileDeletingATaskOrAnIgnitorIs() {
    Map<String, Map<String, Object>> objects = helmTemplate();

    Map<String, Set<Object>> operations = new TreeMap<>();
    for (String configuration : List.of("ValidatingWebhookConfiguration orca-validating",
        "MutatingWebhookConfiguration orca-mutating")) {
      List<?> webhooks = (List<?>) path(objects.get("admissionregistration.k8s.io/v1 " + configuration), "webhooks");
      for (Object webhook : webhooks) {
        for (Object rule : (List<?>) path(webhook, "rules")) {
          for (Object resource : (List<?>) path(rule, "resources")) {
            operations.computeIfAbsent(resource.toString(), r -> new TreeSet<>())
                .addAll((List<?>) path(rule, "operations"));
          }
        }
      }
    }
    assertEquals(Map.of("ignitors", Set.of("CREATE", "UPDATE", "DELETE"), "runrequests", Set.of("CREATE", "UPDATE"),
        "tasks", Set.of("CREATE", "UPDATE", "DELETE")), operations, "operations sent to the webhooks by resource");
  }

  @Test
  void withoutCertManagerTheWebhooksScrapeTrustsTheGivenCaBundle() {
    Map<String, Map<String, Object>> objects = helmTemplate("--set", "monitoring.enabled=true",
        "--set", "webhook.tls.certManager.enabled=false", "--set", "webhook.tls.caBundle=Q0EgUEVN");

    assertEquals("CA PEM", path(objects.get("v1 ConfigMap " + NAMESPACE + "/orca-webhook-ca"), "data", "ca.crt"));
    assertEquals(Map.of("name", "orca-webhook-ca", "key", "ca.crt"), path(objects.get(
        "monitoring.coreos.com/v1 ServiceMonitor " + NAMESPACE + "/orca-webhook"), "spec", "endpoints", 0,
        "tlsConfig", "ca", "configMap"));
  }

  @Test
  void aProvidedSecretReplacesCertManagerAndItsCaBundleGoesIntoBothWebhookConfigurations() {
    Map<String, Map<String, Object>> objects = helmTemplate("--set", "webhook.tls.certManager.enabled=false",
        "--set", "webhook.tls.secretName=my-webhook-tls", "--set", "webhook.tls.caBundle=Q0EgUEVN");

    assertEquals(Set.of(), objects.keySet().stream().filter(key -> key.contains("cert-manager.io/"))
        .collect(Collectors.toSet()), "cert-manager objects");
    for (String configuration : List.of("ValidatingWebhookConfiguration orca-validating",
        "MutatingWebhookConfiguration orca-mutating")) {
      Map<String, Object> object = objects.get("admissionregistration.k8s.io/v1 " + configuration);
      assertEquals(null, path(object, "metadata", "annotations"), configuration + " annotations");
      assertEquals("Q0EgUEVN", path(object, "webhooks", 0, "clientConfig", "caBundle"), configuration);
    }
    assertEquals("my-webhook-tls", path(objects.get("apps/v1 Deployment " + NAMESPACE + "/orca-webhook"),
        "spec", "template", "spec", "volumes", 0, "secret", "secretName"));
  }

  @Test
  void aProvidedSecretWithoutItsCaBundleIsRefusedNamingTheValue() {
    LiveCluster.Result rendered = helm("--set", "webhook.tls.certManager.enabled=false");

    assertNotEquals(0, rendered.exitCode(), rendered.toString());
    assertTrue(rendered.err().contains("webhook.tls.caBundle is needed without cert-manager"), rendered.toString());
  }

  @Test
  void anIssuerOfTheUsersSignsTheServingCertificateInsteadOfTheChartsOwnCa() {
    Map<String, Map<String, Object>> objects = helmTemplate("--set", "webhook.tls.certManager.issuerRef.kind="
        + "ClusterIssuer", "--set", "webhook.tls.certManager.issuerRef.name=company-ca");

    assertEquals(Set.of("cert-manager.io/v1 Certificate " + NAMESPACE + "/orca-webhook-tls"), objects.keySet()
        .stream().filter(key -> key.startsWith("cert-manager.io/")).collect(Collectors.toSet()));
    assertEquals(Map.of("kind", "ClusterIssuer", "name", "company-ca"), path(objects.get(
        "cert-manager.io/v1 Certificate " + NAMESPACE + "/orca-webhook-tls"), "spec", "issuerRef"));
  }

  /** Fails listing every object one side lacks and every field whose value differs. */
  private static void assertSameObjects(Map<String, Map<String, Object>> kustomized,
      Map<String, Map<String, Object>> chart) {
    List<String> differences = new ArrayList<>();
    Set<String> keys = new TreeSet<>(kustomized.keySet());
    keys.addAll(chart.keySet());
    for (String key : keys) {
      if (!chart.containsKey(key)) {
        differences.add(key + ": not in the chart's render");
      } else if (!kustomized.containsKey(key)) {
        differences.add(key + ": not in kustomize's render");
      } else {
        differ(key + " ", kustomized.get(key), chart.get(key), differences);
      }
    }
    assertEquals(List.of(), differences, "the chart's render against kustomize's (value in kustomize, in the chart)");
  }

  private static void differ(String where, Object kustomized, Object chart, List<String> differences) {
    if (kustomized instanceof Map<?, ?> k && chart instanceof Map<?, ?> c) {
      Set<Object> fields = new TreeSet<>(k.keySet());
      fields.addAll(c.keySet());
      fields.forEach(field -> differ(where + "." + field, k.get(field), c.get(field), differences));
    } else if (kustomized instanceof List<?> k && chart instanceof List<?> c && k.size() == c.size()) {
      for (int i = 0; i < k.size(); i++) {
        differ(where + "[" + i + "]", k.get(i), c.get(i), differences);
      }
    } else if (kustomized instanceof Number k && chart instanceof Number c) {
      // kustomize writes the CRDs' 0.0 as 0: the same JSON number.
      if (new BigDecimal(k.toString()).compareTo(new BigDecimal(c.toString())) != 0) {
        differences.add(where + ": " + kustomized + " | " + chart);
      }
    } else if (!Objects.equals(kustomized, chart)) {
      differences.add(where + ": " + kustomized + " | " + chart);
    }
  }

  /** The namespaced install as the chart makes it: the ConfigMap's list in place of each reference to it. */
  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> withWatchedNamespacesInlined(
      Map<String, Map<String, Object>> objects) {
    String key = objects.keySet().stream().filter(k -> k.startsWith("v1 ConfigMap " + NAMESPACE
        + "/orca-watch-namespaces-")).findFirst().orElseThrow(() -> new AssertionError("no orca-watch-namespaces"));
    Map<String, Object> configMap = objects.remove(key);
    Object configMapName = path(configMap, "metadata", "name");
    Object namespaces = path(configMap, "data", "namespaces");
    for (String deployment : List.of("orca-operator", "orca-webhook")) {
      var env = (List<Map<String, Object>>) path(objects.get("apps/v1 Deployment " + NAMESPACE + "/" + deployment),
          "spec", "template", "spec", "containers", 0, "env");
      env.replaceAll(variable -> configMapName.equals(path(variable, "valueFrom", "configMapKeyRef", "name"))
          ? Map.of("name", variable.get("name"), "value", namespaces) : variable);
    }
    return objects;
  }

  /**
   * The containers' environment in name order: kustomize's patches put the variables they set first, and the order
   * of variables that refer to none is of no matter.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> withEnvSorted(Map<String, Map<String, Object>> objects) {
    for (String deployment : List.of("orca-operator", "orca-webhook")) {
      ((List<Map<String, Object>>) path(objects.get("apps/v1 Deployment " + NAMESPACE + "/" + deployment), "spec",
          "template", "spec", "containers", 0, "env")).sort(Comparator.comparing(v -> String.valueOf(v.get("name"))));
    }
    return objects;
  }

  /** A field deep in a parsed object: map keys and list indexes; null where absent. */
  private static Object path(Object object, Object... steps) {
    for (Object step : steps) {
      if (object instanceof Map<?, ?> map) {
        object = map.get(step);
      } else if (object instanceof List<?> list && step instanceof Integer i && i < list.size()) {
        object = list.get(i);
      } else {
        return null;
      }
    }
    return object;
  }

  private static Map<String, Map<String, Object>> kustomize(Path kustomization) {
    LiveCluster.Result rendered = LiveCluster.kubectlAnyNamespace("kustomize", kustomization.toString());
    assertEquals(0, rendered.exitCode(), rendered.toString());
    return parse(rendered.out());
  }

  private static Map<String, Map<String, Object>> helmTemplate(String... values) {
    LiveCluster.Result rendered = helm(values);
    assertEquals(0, rendered.exitCode(), rendered.toString());
    return parse(rendered.out());
  }

  /** {@code helm template} of the chart as deploy/'s namespace, CRDs included. */
  private static LiveCluster.Result helm(String... values) {
    assertTrue(Files.isExecutable(HELM), "no Helm at " + HELM + ": run through e2e/test.sh, or set "
        + "-Dorca.helm=$(e2e/build-helm.sh)");
    List<String> command = new ArrayList<>(List.of(HELM.toString(), "template", "orca", CHART.toString(),
        "--namespace", NAMESPACE, "--include-crds"));
    command.addAll(List.of(values));
    return LiveCluster.run(command);
  }

  /** Objects by "apiVersion kind namespace/name", each as parsed YAML. */
  private static Map<String, Map<String, Object>> parse(String yaml) {
    Map<String, Map<String, Object>> objects = new TreeMap<>();
    try {
      for (Object document : YAML.readValues(yaml).readAll()) {
        if (document instanceof Map<?, ?> map) {
          @SuppressWarnings("unchecked")
          Map<String, Object> object = (Map<String, Object>) map;
          Object namespace = path(object, "metadata", "namespace");
          String key = object.get("apiVersion") + " " + object.get("kind") + " "
              + (namespace == null ? "" : namespace + "/") + path(object, "metadata", "name");
          assertEquals(null, objects.put(key, object), key + " twice");
        }
      }
    } catch (IOException e) {
      throw new AssertionError("not YAML: " + yaml, e);
    }
    return objects;
  }
}
