package cloud.sirocco.orca.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The plugin's Kubernetes client: the user's kubeconfig, and a reader that skips fields this build's model does not
 * know. A plugin outlives operator upgrades: a newer operator's status fields must not break an older plugin.
 */
public final class PluginClient {

  /**
   * One retry of a failed request, not fabric8's ten with backoff: a person waiting on an unreachable API server
   * wants the error in a second or so, not after 20.
   */
  private static final int RETRIES = 1;

  private PluginClient() {}

  /** A client for {@code config} (e.g. {@code Config.autoConfigure(null)}: the kubeconfig's current context). */
  public static KubernetesClient build(Config config) {
    ObjectMapper mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    return new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(config).withRequestRetryBackoffLimit(RETRIES).build())
        .withKubernetesSerialization(new KubernetesSerialization(mapper, true)).build();
  }
}
