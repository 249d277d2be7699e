package cloud.sirocco.orca.bench.cluster;

import cloud.sirocco.orca.model.Defaults;
import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.Task;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fills a namespace with Tasks through the API server: chains of {@link #CHAIN} Tasks, each chain's head started
 * by one Ignitor scheduled in 2099 (so nothing ever runs), every other link started by the success of the one
 * before. Task {@code k} is link {@code k % 10} of chain {@code k / 10}, named {@code c<chain>-<link>}.
 *
 * <p>Links are created level by level (all heads, then all second links, ...), so that each Task's upstream exists
 * when it is admitted, should a webhook be registered. Objects carry the defaults the mutating webhook would have
 * persisted.
 *
 * <pre>java -cp bench/target/orca-bench.jar cloud.sirocco.orca.bench.cluster.ChainLoader NAMESPACE TASKS</pre>
 */
public final class ChainLoader {

  public static final int CHAIN = 10;
  public static final String IGNITOR = "in-2099";
  private static final int THREADS = 8;

  private final KubernetesClient client;
  private final String namespace;

  public ChainLoader(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  public static String taskName(int index) {
    return "c" + index / CHAIN + "-" + index % CHAIN;
  }

  /** The last link of chain {@code chain} in a namespace of {@code tasks} Tasks. */
  public static String chainTail(int chain, int tasks) {
    int last = Math.min(tasks - 1, chain * CHAIN + CHAIN - 1);
    return taskName(last);
  }

  /** Creates the namespace and the Ignitor when missing. */
  public void prepare() {
    if (client.namespaces().withName(namespace).get() == null) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
          .build()).create();
    }
    Ignitor ignitor = new Ignitor();
    ignitor.setMetadata(new ObjectMetaBuilder().withName(IGNITOR).withNamespace(namespace).build());
    ignitor.getSpec().setScheduled("2099-01-01T00:00:00Z");
    Defaults.apply(ignitor);
    createIfMissing(() -> client.resources(Ignitor.class).inNamespace(namespace).resource(ignitor).create());
  }

  /**
   * Creates Tasks {@code from} (inclusive) to {@code to} (exclusive); existing ones are kept.
   *
   * @return how long it took
   */
  public Duration load(int from, int to) throws InterruptedException {
    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      for (int level = 0; level < CHAIN; level++) {
        List<Future<?>> created = new ArrayList<>();
        for (int k = from; k < to; k++) {
          if (k % CHAIN == level) {
            Task task = task(k);
            created.add(pool.submit(() -> createIfMissing(
                () -> client.resources(Task.class).inNamespace(namespace).resource(task).create())));
          }
        }
        for (Future<?> f : created) {
          f.get();
        }
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("creating Tasks in " + namespace + " failed: " + e.getCause().getMessage(),
          e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return Duration.ofNanos(System.nanoTime() - started);
  }

  Task task(int index) {
    Task task = new Task();
    task.setMetadata(new ObjectMetaBuilder().withName(taskName(index)).withNamespace(namespace).build());
    if (index % CHAIN == 0) {
      task.getSpec().getStartOnIgnition().add(IGNITOR);
    } else {
      task.getSpec().getStartOnSuccess().add(taskName(index - 1));
    }
    task.getSpec().setTemplate(new PodTemplateSpecBuilder().withNewSpec()
        .withContainers(new ContainerBuilder().withName("main").withImage("busybox:1.36")
            .withCommand("sh", "-c", "echo link " + index).build())
        .endSpec().build());
    Defaults.apply(task);
    return task;
  }

  /** Retries what the API server refuses for a moment (429, 5xx: it is being loaded hard); 409 means done. */
  private static void createIfMissing(Runnable create) {
    for (int attempt = 1; ; attempt++) {
      try {
        create.run();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409) {
          return;
        }
        boolean retryable = e.getCode() == 429 || e.getCode() >= 500 || e.getCode() == 0;
        if (!retryable || attempt == 5) {
          throw e;
        }
        try {
          Thread.sleep(200L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 2) {
      System.err.println("usage: ChainLoader NAMESPACE TASKS");
      System.exit(2);
    }
    String namespace = args[0];
    int tasks = Integer.parseInt(args[1]);
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      ChainLoader loader = new ChainLoader(client, namespace);
      loader.prepare();
      Duration took = loader.load(0, tasks);
      System.out.printf("created %d Tasks in %s in %.1f s (%.0f/s, %d client threads)%n", tasks, namespace,
          took.toMillis() / 1000.0, tasks / (took.toMillis() / 1000.0), THREADS);
    }
  }
}
