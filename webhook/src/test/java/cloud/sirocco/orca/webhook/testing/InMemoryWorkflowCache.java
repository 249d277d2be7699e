package cloud.sirocco.orca.webhook.testing;

import cloud.sirocco.orca.graph.TriggerIndex;
import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.validation.NamespaceView;
import cloud.sirocco.orca.validation.ReferencePolicy;
import cloud.sirocco.orca.webhook.cache.WorkflowCache;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A cache held in maps, for tests that need the webhook but not an API server. */
public final class InMemoryWorkflowCache implements WorkflowCache {

  private final Map<String, HasMetadata> objects = new ConcurrentHashMap<>();
  private final Object changes = new Object();
  private final Map<String, ReferencePolicy> references = new ConcurrentHashMap<>();
  private volatile boolean ready = true;
  private volatile CountDownLatch awaiting = new CountDownLatch(1);

  public InMemoryWorkflowCache put(HasMetadata... added) {
    synchronized (changes) {
      for (HasMetadata object : added) {
        objects.put(key(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName()),
            object);
      }
      changes.notifyAll();
    }
    return this;
  }

  /** As if the Namespace carried the label choosing {@code policy}. */
  public InMemoryWorkflowCache label(String namespace, ReferencePolicy policy) {
    references.put(namespace, policy);
    return this;
  }

  @Override
  public ReferencePolicy references(String namespace) {
    return references.getOrDefault(namespace, ReferencePolicy.STRICT);
  }

  public void setReady(boolean ready) {
    this.ready = ready;
  }

  /** Counts down when a request starts waiting for the cache to catch up. */
  public CountDownLatch nextAwait() {
    awaiting = new CountDownLatch(1);
    return awaiting;
  }

  @Override
  public Optional<NamespaceView> view(String namespace) {
    return Optional.of(new NamespaceView() {
      @Override
      public String namespace() {
        return namespace;
      }

      @Override
      public Optional<Task> task(String name) {
        return Optional.ofNullable((Task) objects.get(key("Task", namespace, name)));
      }

      @Override
      public Optional<Ignitor> ignitor(String name) {
        return Optional.ofNullable((Ignitor) objects.get(key("Ignitor", namespace, name)));
      }

      @Override
      public Collection<Task> tasksTriggeredBy(String name) {
        return objects.values().stream()
            .filter(Task.class::isInstance)
            .map(Task.class::cast)
            .filter(t -> namespace.equals(t.getMetadata().getNamespace()))
            .filter(t -> TriggerIndex.sources(t).contains(name))
            .toList();
      }
    });
  }

  @Override
  public boolean ready() {
    return ready;
  }

  @Override
  public boolean awaitAny(String namespace, Collection<String> names, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (changes) {
      awaiting.countDown();
      while (true) {
        for (String name : names) {
          if (objects.containsKey(key("Task", namespace, name)) || objects.containsKey(key("Ignitor", namespace,
              name))) {
            return true;
          }
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(changes, remaining);
      }
    }
  }

  private static String key(String kind, String namespace, String name) {
    return String.join("/", List.of(kind, namespace, name));
  }
}
