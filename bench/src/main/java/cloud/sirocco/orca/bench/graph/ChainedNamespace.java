package cloud.sirocco.orca.bench.graph;

import cloud.sirocco.orca.graph.TriggerIndex;
import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.validation.NamespaceView;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.client.informers.impl.cache.CacheImpl;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A namespace held the way the webhook holds it: fabric8's informer store ({@link CacheImpl}) with Orca's trigger
 * index. Its Tasks form independent chains, each started by one Ignitor at its head, every other link starting on
 * the success of the one before.
 *
 * <p>Besides {@code shortChainTasks} Tasks in chains of {@link #SHORT_CHAIN}, it holds one long chain of
 * {@code longChain} Tasks, {@code long-0} to {@code long-<L-1>}, which the long-chain cases walk.
 */
final class ChainedNamespace implements NamespaceView {

  static final String NAMESPACE = "bench";
  static final String IGNITOR = "hourly";
  static final int SHORT_CHAIN = 10;

  private final CacheImpl<Task> tasks;
  private final Ignitor ignitor;
  private final int longChain;

  private ChainedNamespace(CacheImpl<Task> tasks, Ignitor ignitor, int longChain) {
    this.tasks = tasks;
    this.ignitor = ignitor;
    this.longChain = longChain;
  }

  static ChainedNamespace of(int shortChainTasks, int longChain) {
    // The informer's own store configuration: keyed by namespace/name, indexed by namespace, plus Orca's index.
    CacheImpl<Task> store = new CacheImpl<>(CacheImpl.NAMESPACE_INDEX, CacheImpl::metaNamespaceIndexFunc,
        CacheImpl::metaNamespaceKeyFunc);
    store.addIndexers(Map.of(TriggerIndex.NAME, TriggerIndex::keys));
    for (int chain = 0; chain * SHORT_CHAIN < shortChainTasks; chain++) {
      int links = Math.min(SHORT_CHAIN, shortChainTasks - chain * SHORT_CHAIN);
      addChain(store, "c" + chain + "-", links);
    }
    addChain(store, "long-", longChain);
    Ignitor ignitor = new Ignitor();
    ignitor.setMetadata(new ObjectMetaBuilder().withName(IGNITOR).withNamespace(NAMESPACE).build());
    ignitor.getSpec().setScheduled("0 * * * *");
    return new ChainedNamespace(store, ignitor, longChain);
  }

  private static void addChain(CacheImpl<Task> store, String prefix, int links) {
    for (int i = 0; i < links; i++) {
      store.put(i == 0 ? task(prefix + i, List.of(IGNITOR), List.of())
          : task(prefix + i, List.of(), List.of(prefix + (i - 1))));
    }
  }

  /** A Task as a user writes it, one container, with the namespace the API server fills in. */
  static Task task(String name, List<String> startOnIgnition, List<String> startOnSuccess) {
    Task task = new Task();
    task.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).withGeneration(1L).build());
    task.getSpec().getStartOnIgnition().addAll(startOnIgnition);
    task.getSpec().getStartOnSuccess().addAll(startOnSuccess);
    task.getSpec().setTemplate(new PodTemplateSpecBuilder().withNewSpec()
        .withContainers(new ContainerBuilder().withName("main").withImage("busybox:1.36").build())
        .endSpec().build());
    return task;
  }

  int size() {
    return tasks.listKeys().size();
  }

  String shortChainTail() {
    return "c0-" + (SHORT_CHAIN - 1);
  }

  String longChainHead() {
    return "long-0";
  }

  String longChainTail() {
    return "long-" + (longChain - 1);
  }

  /** Every Task once, as anything that scans the namespace must at least do. */
  List<Task> all() {
    return tasks.list();
  }

  @Override
  public String namespace() {
    return NAMESPACE;
  }

  @Override
  public Optional<Task> task(String name) {
    return Optional.ofNullable(tasks.getByKey(CacheImpl.namespaceKeyFunc(NAMESPACE, name)));
  }

  @Override
  public Optional<Ignitor> ignitor(String name) {
    return IGNITOR.equals(name) ? Optional.of(ignitor) : Optional.empty();
  }

  @Override
  public Collection<Task> tasksTriggeredBy(String name) {
    return tasks.byIndex(TriggerIndex.NAME, TriggerIndex.key(NAMESPACE, name));
  }
}
