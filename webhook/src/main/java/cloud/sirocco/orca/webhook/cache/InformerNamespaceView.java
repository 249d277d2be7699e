package cloud.sirocco.orca.webhook.cache;

import cloud.sirocco.orca.graph.TriggerIndex;
import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.validation.NamespaceView;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.Collection;
import java.util.Optional;

/** One namespace read from informer stores: every lookup is a map or index access. */
final class InformerNamespaceView implements NamespaceView {

  private final String namespace;
  private final SharedIndexInformer<Task> tasks;
  private final SharedIndexInformer<Ignitor> ignitors;

  InformerNamespaceView(String namespace, SharedIndexInformer<Task> tasks, SharedIndexInformer<Ignitor> ignitors) {
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
    return Optional.ofNullable(tasks.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name)));
  }

  @Override
  public Optional<Ignitor> ignitor(String name) {
    return Optional.ofNullable(ignitors.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name)));
  }

  @Override
  public Collection<Task> tasksTriggeredBy(String name) {
    return tasks.getIndexer().byIndex(TriggerIndex.NAME, TriggerIndex.key(namespace, name));
  }
}
