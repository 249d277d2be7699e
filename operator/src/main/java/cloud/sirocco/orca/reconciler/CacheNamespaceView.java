package cloud.sirocco.orca.reconciler;

import cloud.sirocco.orca.graph.TriggerIndex;
import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.validation.NamespaceView;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.ResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Collection;
import java.util.Optional;

/** A namespace as the operator's informer caches hold it. */
final class CacheNamespaceView implements NamespaceView {

  private final String namespace;
  private final IndexedResourceCache<Task> tasks;
  private final ResourceCache<Ignitor> ignitors;

  CacheNamespaceView(String namespace, IndexedResourceCache<Task> tasks, ResourceCache<Ignitor> ignitors) {
    this.namespace = namespace;
    this.tasks = tasks;
    this.ignitors = ignitors;
  }

  @Override
  public String namespace() {
    return namespace;
  }

  @Override
  public Optional<Task> task(String name) {
    // A Task being deleted already counts as gone: nothing will start on its runs any more.
    return tasks.get(new ResourceID(name, namespace)).filter(t -> !t.isMarkedForDeletion());
  }

  @Override
  public Optional<Ignitor> ignitor(String name) {
    return ignitors.get(new ResourceID(name, namespace));
  }

  @Override
  public Collection<Task> tasksTriggeredBy(String name) {
    return tasks.byIndex(TriggerIndex.NAME, TriggerIndex.key(namespace, name));
  }
}
