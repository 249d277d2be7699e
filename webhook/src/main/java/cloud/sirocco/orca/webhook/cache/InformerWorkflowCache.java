package cloud.sirocco.orca.webhook.cache;

import cloud.sirocco.orca.informer.LeanItemStore;
import cloud.sirocco.orca.graph.TriggerIndex;
import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.validation.LookupNamespaceView;
import cloud.sirocco.orca.validation.NamespaceView;
import cloud.sirocco.orca.validation.ReferencePolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks and Ignitors held by fabric8 informers: one pair for all namespaces, or one pair per watched namespace.
 * Tasks are indexed by the names they start on ({@link TriggerIndex}), so "which Tasks does X start" is a lookup.
 * Namespaces are held for their labels (the {@link ReferencePolicy}); they are few, so one informer holds them all.
 */
public final class InformerWorkflowCache implements WorkflowCache, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(InformerWorkflowCache.class);

  /** The informers covering one namespace (or all of them). */
  record Informers(SharedIndexInformer<Task> tasks, SharedIndexInformer<Ignitor> ignitors) {

    boolean synced() {
      return tasks.hasSynced() && ignitors.hasSynced();
    }

    void stop() {
      tasks.stop();
      ignitors.stop();
    }
  }

  private final Informers allNamespaces;
  private final Map<String, Informers> byNamespace;
  private final SharedIndexInformer<Namespace> namespaces;
  private final Object changes = new Object();

  private InformerWorkflowCache(Informers allNamespaces, Map<String, Informers> byNamespace,
      SharedIndexInformer<Namespace> namespaces) {
    this.allNamespaces = allNamespaces;
    this.byNamespace = byNamespace;
    this.namespaces = namespaces;
  }

  /**
   * Starts the informers and returns at once; {@link #ready()} turns true when they have listed everything. They
   * keep retrying while the API server refuses (CRDs not installed yet, RBAC missing), and say so in the log.
   *
   * @param namespaces the namespaces to watch; empty means all
   */
  public static InformerWorkflowCache start(KubernetesClient client, Set<String> namespaces) {
    InformerWorkflowCache cache;
    SharedIndexInformer<Namespace> labels = client.namespaces().withLimit(LeanItemStore.LIST_PAGE)
        .runnableInformer(0).itemStore(new LeanItemStore<>());
    if (namespaces.isEmpty()) {
      cache = new InformerWorkflowCache(informers(client, null), Map.of(), labels);
    } else {
      Map<String, Informers> byNamespace = new LinkedHashMap<>();
      namespaces.forEach(ns -> byNamespace.put(ns, informers(client, ns)));
      cache = new InformerWorkflowCache(null, Map.copyOf(byNamespace), labels);
    }
    cache.all().forEach(informers -> {
      cache.run(informers.tasks());
      cache.run(informers.ignitors());
    });
    cache.run(labels);
    LOG.info("Caching Tasks and Ignitors in {}", namespaces.isEmpty() ? "all namespaces" : "namespaces "
        + String.join(", ", namespaces));
    return cache;
  }

  @Override
  public Optional<NamespaceView> view(String namespace) {
    Informers informers = allNamespaces != null ? allNamespaces : byNamespace.get(namespace);
    if (informers == null) {
      return Optional.empty();
    }
    return Optional.of(new LookupNamespaceView(namespace,
        name -> Optional.ofNullable(informers.tasks().getStore().getByKey(Cache.namespaceKeyFunc(namespace, name))),
        name -> Optional.ofNullable(informers.ignitors().getStore().getByKey(Cache.namespaceKeyFunc(namespace, name))),
        name -> informers.tasks().getIndexer().byIndex(TriggerIndex.NAME, TriggerIndex.key(namespace, name))));
  }

  @Override
  public ReferencePolicy references(String namespace) {
    Namespace held = namespaces.getStore().getByKey(namespace);
    return ReferencePolicy.of(held == null ? null : held.getMetadata().getLabels());
  }

  @Override
  public boolean ready() {
    return all().allMatch(Informers::synced) && namespaces.hasSynced();
  }

  @Override
  public boolean awaitAny(String namespace, Collection<String> names, Duration timeout) throws InterruptedException {
    Optional<NamespaceView> view = view(namespace);
    if (view.isEmpty() || names.isEmpty()) {
      return false;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    // The store is updated before handlers hear of a change, and a change notifies under this monitor: checking
    // and waiting while holding it cannot miss an arrival.
    synchronized (changes) {
      while (true) {
        if (names.stream().anyMatch(name -> present(view.get(), name))) {
          return true;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(changes, remaining);
      }
    }
  }

  @Override
  public void close() {
    all().forEach(Informers::stop);
    namespaces.stop();
  }

  private Stream<Informers> all() {
    return allNamespaces != null ? Stream.of(allNamespaces) : byNamespace.values().stream();
  }

  private static boolean present(NamespaceView view, String name) {
    return view.task(name).isPresent() || view.ignitor(name).isPresent();
  }

  private static Informers informers(KubernetesClient client, String namespace) {
    SharedIndexInformer<Task> tasks = scope(client.resources(Task.class), namespace).runnableInformer(0)
        .itemStore(new LeanItemStore<>());
    tasks.addIndexers(Map.of(TriggerIndex.NAME, TriggerIndex::keys));
    SharedIndexInformer<Ignitor> ignitors = scope(client.resources(Ignitor.class), namespace).runnableInformer(0)
        .itemStore(new LeanItemStore<>());
    return new Informers(tasks, ignitors);
  }

  /** Lists in pages, so that the first list of a large namespace is not one response held whole in memory. */
  private static <T extends HasMetadata> Informable<T> scope(
      MixedOperation<T, ?, Resource<T>> resources, String namespace) {
    Informable<T> scoped = namespace == null ? resources.inAnyNamespace() : resources.inNamespace(namespace);
    return scoped.withLimit(LeanItemStore.LIST_PAGE);
  }

  private <T extends HasMetadata> void run(SharedIndexInformer<T> informer) {
    String kind = informer.getApiTypeClass().getSimpleName();
    informer.exceptionHandler((started, failure) -> {
      LOG.warn("Cannot {} {}s from the API server, retrying: {}", started ? "watch" : "list", kind,
          describe(failure));
      return true;
    });
    informer.addEventHandler(new ResourceEventHandler<T>() {
      @Override
      public void onAdd(T obj) {
        changed();
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        changed();
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        changed();
      }
    });
    informer.start().whenComplete((ignored, failure) -> {
      if (failure == null) {
        LOG.info("{} cache synced: {} objects", kind, informer.getStore().list().size());
      }
    });
  }

  /** The innermost cause with a message, else the outermost one that is not a wrapper: "ConnectException". */
  private static String describe(Throwable failure) {
    Throwable named = null;
    Throwable said = null;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof CompletionException || t instanceof ExecutionException) {
        continue;
      }
      named = named == null ? t : named;
      said = t.getMessage() == null ? said : t;
    }
    Throwable chosen = said != null ? said : named != null ? named : failure;
    return chosen.getClass().getSimpleName() + (chosen.getMessage() == null ? "" : ": " + chosen.getMessage());
  }

  private void changed() {
    synchronized (changes) {
      changes.notifyAll();
    }
  }

}
