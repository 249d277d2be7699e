package cloud.sirocco.orca.webhook.cache;

import cloud.sirocco.orca.validation.NamespaceView;
import cloud.sirocco.orca.validation.ReferencePolicy;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/** The Tasks, Ignitors and Namespace labels the webhook's cross-object checks read: a cache, never an API call per request. */
public interface WorkflowCache {

  /** The namespace as the cache holds it; empty when this installation does not watch the namespace. */
  Optional<NamespaceView> view(String namespace);

  /**
   * What the namespace's label {@value ReferencePolicy#LABEL} chooses; strict while the Namespace is not known
   * (yet), so that a cache behind the API server never admits more than the rules do. A cache that holds no
   * Namespaces is always strict.
   */
  default ReferencePolicy references(String namespace) {
    return ReferencePolicy.STRICT;
  }

  /** Whether the cache has caught up with the API server at least once, so that a lookup miss means "absent". */
  boolean ready();

  /**
   * Waits until a Task or Ignitor named in {@code names} is present in {@code namespace}, or until {@code timeout}
   * has passed. A cache lags the API server by a watch event: an object created a moment ago may not be in it yet.
   *
   * @return whether one of them is present
   */
  boolean awaitAny(String namespace, Collection<String> names, Duration timeout) throws InterruptedException;
}
