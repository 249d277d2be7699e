package cloud.sirocco.orca.webhook.cache;

import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.webhook.client.BoundedRequests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Optional;

/** {@link LiveReads} as one GET by name each (a 404 is "absent"), bounded by a timeout and never retried. */
public final class ClientLiveReads implements LiveReads {

  private final KubernetesClient client;

  /** @param timeout how long one read may take; the webhook configurations allow the whole answer 5 s */
  public ClientLiveReads(KubernetesClient client, Duration timeout) {
    this.client = BoundedRequests.client(client, timeout);
  }

  @Override
  public Optional<Task> task(String namespace, String name) throws ReadFailedException {
    return read(Task.class, "tasks", namespace, name);
  }

  @Override
  public Optional<Ignitor> ignitor(String namespace, String name) throws ReadFailedException {
    return read(Ignitor.class, "ignitors", namespace, name);
  }

  private <T extends HasMetadata> Optional<T> read(Class<T> type, String resource, String namespace, String name)
      throws ReadFailedException {
    try {
      // get() answers null for a 404.
      return Optional.ofNullable(client.resources(type).inNamespace(namespace).withName(name).get());
    } catch (KubernetesClientException e) {
      throw new ReadFailedException(BoundedRequests.failure("GET " + resource + "/" + name, e), e);
    }
  }
}
