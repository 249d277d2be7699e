package cloud.sirocco.orca.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The plugin's Kubernetes client: the user's kubeconfig, and a reader that skips fields this build's model does not
 * know. A plugin outlives operator upgrades: a newer operator's status fields must not break an older plugin.
 */
public final class PluginClient {

  private PluginClient() {}

  public static KubernetesClientBuilder builder() {
    ObjectMapper mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    return new KubernetesClientBuilder().withKubernetesSerialization(new KubernetesSerialization(mapper, true));
  }
}
