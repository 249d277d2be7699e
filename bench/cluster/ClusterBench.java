import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.Task;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Benchmarks 3 and 4 of docs/benchmarks-cluster.md, against the local cluster (e2e/cluster.sh) with Orca installed.
 * Every time is a local receive time of a watch event (System.nanoTime), for Orca and for the Job controller alike,
 * so both share the same bias; the API's own timestamps have one-second resolution.
 *
 * <pre>
 *   java -cp operator/target/orca-operator.jar bench/cluster/ClusterBench.java trigger [links [warm-up runs]]
 *   java -cp operator/target/orca-operator.jar bench/cluster/ClusterBench.java fanout [tasks]
 *   java -cp operator/target/orca-operator.jar bench/cluster/ClusterBench.java create [pods]
 * </pre>
 */
public class ClusterBench {

  static final String TASK_LABEL = "orca.sirocco.cloud/task";
  static final String JOB_LABEL = "batch.kubernetes.io/job-name";
  /** Completions of the sequential Job: each costs about a second of the Job controller's batching. */
  static final int HAND_OFF_COMPLETIONS = 30;

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || !List.of("trigger", "fanout", "create").contains(args[0])) {
      System.err.println("usage: ClusterBench trigger [links=100 [warm-up runs=500]] | fanout [tasks=500] "
          + "| create [pods=600]");
      System.exit(2);
    }
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      switch (args[0]) {
        case "trigger" -> {
          warmUp(client, args.length > 2 ? Integer.parseInt(args[2]) : 500);
          trigger(client, args.length > 1 ? Integer.parseInt(args[1]) : 100);
        }
        case "fanout" -> fanout(client, args.length > 1 ? Integer.parseInt(args[1]) : 500);
        default -> create(client, args.length > 1 ? Integer.parseInt(args[1]) : 600);
      }
    }
  }

  // --- benchmark 3 ------------------------------------------------------------------------------------------

  /**
   * Starts {@code runs} runs (pods that stay Pending) and removes them again before the measurement: the operator's
   * path from a trigger to a created pod is then compiled, as in an operator that has been running for a while,
   * rather than interpreted, as in one just started. The Job controller, compiled ahead of time, needs none.
   */
  static void warmUp(KubernetesClient client, int runs) throws Exception {
    if (runs == 0) {
      return;
    }
    String ns = "bench-warm-up";
    namespace(client, ns);
    try {
      fanOut(client, ns, runs);
    } finally {
      deleteNamespace(client, ns);
    }
    System.err.printf("warm-up: %d runs started and removed%n", runs);
  }

  /**
   * A chain of {@code links} Tasks; beside it, one Job created every 2 s; after it, a Job of sequential completions.
   * Orca: upstream pod seen Succeeded to downstream pod seen. Jobs: Job seen to its pod seen. Completions: pod seen
   * Succeeded to the next pod seen.
   */
  static void trigger(KubernetesClient client, int links) throws Exception {
    String ns = "bench-trigger";
    namespace(client, ns);
    PodEvents pods = new PodEvents();
    Map<String, Long> jobSeen = new ConcurrentHashMap<>();
    try (Watch podWatch = client.pods().inNamespace(ns).watch(pods);
        Watch jobWatch = client.batch().v1().jobs().inNamespace(ns).watch(new Watcher<Job>() {
          @Override
          public void eventReceived(Action action, Job job) {
            jobSeen.putIfAbsent(job.getMetadata().getName(), System.nanoTime());
          }

          @Override
          public void onClose(WatcherException cause) {}
        })) {
      Ignitor start = ignitor("chain-start", "NOW");
      client.resource(start).inNamespace(ns).create();
      for (int i = 1; i <= links; i++) {
        Task task = task("link-" + i, cheapRunning("echo -n " + i + " > /dev/termination-log"));
        if (i == 1) {
          task.getSpec().setStartOnIgnition(List.of("chain-start"));
        } else {
          task.getSpec().setStartOnSuccess(List.of("link-" + (i - 1)));
        }
        client.resource(task).inNamespace(ns).create();
      }
      int jobs = 0;
      String last = "link-" + links;
      Instant deadline = Instant.now().plus(Duration.ofMinutes(15));
      while (!pods.succeeded(last) && Instant.now().isBefore(deadline)) {
        if (jobs < links) {
          client.resource(job("job-" + jobs, pendingForever())).inNamespace(ns).create();
          jobs++;
        }
        TimeUnit.SECONDS.sleep(2);
      }
      await("link " + links + " to succeed", Duration.ofMinutes(1), () -> pods.succeeded(last));
      int created = jobs;
      await("the pods of " + created + " Jobs", Duration.ofMinutes(2),
          () -> pods.labelled(JOB_LABEL).size() >= created);

      List<Double> orca = new ArrayList<>();
      for (int i = 1; i < links; i++) {
        Long up = pods.succeededAt(pods.byLabel(TASK_LABEL, "link-" + i));
        Long down = pods.seenAt(pods.byLabel(TASK_LABEL, "link-" + (i + 1)));
        orca.add(millis(down - up));
      }
      List<Double> job = new ArrayList<>();
      for (int i = 0; i < created; i++) {
        job.add(millis(pods.seenAt(pods.byLabel(JOB_LABEL, "job-" + i)) - jobSeen.get("job-" + i)));
      }
      List<Double> completions = jobHandOffs(client, ns, pods, Math.min(links, HAND_OFF_COMPLETIONS));
      System.out.printf("benchmark 3, trigger latency (ms, local watch receive times), %d Orca hand-offs, %d Jobs, "
          + "%d Job hand-offs%n", orca.size(), job.size(), completions.size());
      row("Orca: upstream pod Succeeded -> downstream pod created", orca);
      row("Job controller: Job created -> its pod created", job);
      row("Job controller: pod Succeeded -> the next completion's pod created", completions);
      System.out.printf("ratio Orca/Job: p50 %.2f, p99 %.2f (new Job); p50 %.2f, p99 %.2f (next completion)%n",
          pct(orca, 50) / pct(job, 50), pct(orca, 99) / pct(job, 99),
          pct(orca, 50) / pct(completions, 50), pct(orca, 99) / pct(completions, 99));
    } finally {
      deleteNamespace(client, ns);
    }
  }

  /**
   * The Job controller's own hand-off, the same event Orca reacts to: a Job of {@code completions} pods run one at a
   * time, each started when the one before it succeeded. Run after the chain, so that neither loads the other.
   */
  static List<Double> jobHandOffs(KubernetesClient client, String ns, PodEvents pods, int completions)
      throws InterruptedException {
    Job sequential = job("sequential", cheapRunning("true"));
    sequential.getSpec().setCompletions(completions);
    sequential.getSpec().setParallelism(1);
    client.resource(sequential).inNamespace(ns).create();
    await(completions + " completions of Job sequential", Duration.ofMinutes(10), () -> pods.labelled(JOB_LABEL)
        .keySet().stream().filter(pod -> pod.startsWith("sequential-") && pods.succeeded.containsKey(pod))
        .count() >= completions);
    List<String> order = pods.labelled(JOB_LABEL).entrySet().stream()
        .filter(e -> e.getKey().startsWith("sequential-"))
        .sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
    List<Double> handOffs = new ArrayList<>();
    for (int i = 0; i + 1 < order.size(); i++) {
      handOffs.add(millis(pods.seenAt(order.get(i + 1)) - pods.succeededAt(order.get(i))));
    }
    return handOffs;
  }

  // --- benchmark 4 ------------------------------------------------------------------------------------------

  /** One Ignitor starting {@code count} Tasks, beside {@code count} Jobs created at once: time until all pods exist. */
  static void fanout(KubernetesClient client, int count) throws Exception {
    String ns = "bench-fanout-orca";
    namespace(client, ns);
    double orcaAll;
    double orcaFirst;
    double orcaHalf;
    try {
      List<Double> seen = fanOut(client, ns, count);
      orcaFirst = seen.get(0);
      orcaHalf = seen.get(count / 2 - 1);
      orcaAll = seen.get(count - 1);
    } finally {
      deleteNamespace(client, ns);
    }

    String jobNs = "bench-fanout-jobs";
    namespace(client, jobNs);
    double jobAll;
    double jobFirst;
    double jobHalf;
    double jobsCreated;
    try {
      PodEvents pods = new PodEvents();
      try (Watch watch = client.pods().inNamespace(jobNs).watch(pods)) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
          Job job = job("fan-" + i, pendingForever());
          pool.submit(() -> client.resource(job).inNamespace(jobNs).create());
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        jobsCreated = millis(System.nanoTime() - t0);
        await(count + " Job pods", Duration.ofMinutes(10), () -> pods.labelled(JOB_LABEL).size() >= count);
        List<Long> seen = pods.labelled(JOB_LABEL).values().stream().sorted().toList();
        jobFirst = millis(seen.get(0) - t0);
        jobHalf = millis(seen.get(count / 2 - 1) - t0);
        jobAll = millis(seen.get(count - 1) - t0);
      }
    } finally {
      deleteNamespace(client, jobNs);
    }
    System.out.printf("benchmark 4, fan-out of %d (ms from the trigger, local watch receive times)%n", count);
    System.out.printf("| | first pod | half the pods | all %d pods |%n|---|---|---|---|%n", count);
    System.out.printf("| Orca: Ignitor set to NOW, %d Tasks | %.0f | %.0f | %.0f |%n", count, orcaFirst, orcaHalf, orcaAll);
    System.out.printf("| Job controller: %d Jobs created at once (8 client threads; all created after %.0f ms) "
        + "| %.0f | %.0f | %.0f |%n", count, jobsCreated, jobFirst, jobHalf, jobAll);
    System.out.printf("ratio Orca/Job: all pods %.2f, half the pods %.2f%n", orcaAll / jobAll, orcaHalf / jobHalf);
  }

  /**
   * {@code count} Tasks on one Ignitor, created and Ready before it fires; then the Ignitor is set to NOW. Returns
   * when each run pod was seen, in ms from that update, in order.
   */
  static List<Double> fanOut(KubernetesClient client, String ns, int count) throws Exception {
    // Future one-shot time: the Tasks are created and reconciled before anything fires.
    client.resource(ignitor("fan", "2099-01-01T00:00:00Z")).inNamespace(ns).create();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int i = 0; i < count; i++) {
      Task task = task("fan-" + i, pendingForever());
      task.getSpec().setStartOnIgnition(List.of("fan"));
      pool.submit(() -> client.resource(task).inNamespace(ns).create());
    }
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.MINUTES);
    await(count + " Tasks Ready", Duration.ofMinutes(5), () -> client.resources(Task.class).inNamespace(ns).list()
        .getItems().stream().filter(ClusterBench::ready).count() == count);
    PodEvents pods = new PodEvents();
    try (Watch watch = client.pods().inNamespace(ns).watch(pods)) {
      long t0 = System.nanoTime();
      client.resources(Ignitor.class).inNamespace(ns).withName("fan")
          .edit(i -> {
            i.getSpec().setScheduled("NOW");
            return i;
          });
      await(count + " Orca run pods", Duration.ofMinutes(10), () -> pods.labelled(TASK_LABEL).size() >= count);
      return pods.labelled(TASK_LABEL).values().stream().sorted().map(seen -> millis(seen - t0)).toList();
    }
  }

  // --- the create call -------------------------------------------------------------------------------------

  /**
   * Times {@code count} pod creates through fabric8 as the operator makes them ({@code client.resource(pod).create()},
   * the default client configuration), one after another; reports the second half, after the JIT has compiled the
   * path. bench/cluster/create-floor sends the same pods through client-go.
   */
  static void create(KubernetesClient client, int count) throws InterruptedException {
    String ns = "bench-create-java";
    namespace(client, ns);
    try {
      List<Double> warm = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Pod pod = new PodBuilder().withNewMetadata().withName("create-" + i)
            .addToLabels("app.kubernetes.io/managed-by", "orca-bench")
            .addToAnnotations("orca.sirocco.cloud/cause", "bench").endMetadata()
            .withSpec(pendingForever().getSpec()).build();
        pod.getSpec().getContainers().get(0).setEnv(List.of(new EnvVar("ORCA_INITIATOR", "bench", null),
            new EnvVar("ORCA_DATA", "1", null)));
        long start = System.nanoTime();
        client.resource(pod).inNamespace(ns).create();
        if (i >= count / 2) {
          warm.add(millis(System.nanoTime() - start));
        }
      }
      System.out.printf("| fabric8 create | %d | %.1f | %.1f | %.1f |%n", warm.size(), pct(warm, 50), pct(warm, 90),
          pct(warm, 100));
    } finally {
      deleteNamespace(client, ns);
    }
  }

  // --- objects ----------------------------------------------------------------------------------------------

  /** A pod that runs, as a chain link must. */
  static PodTemplateSpec cheapRunning(String script) {
    return new PodTemplateSpecBuilder().withNewSpec().withRestartPolicy("Never").withTerminationGracePeriodSeconds(0L)
        .addNewContainer().withName("c").withImage("busybox:1.36").withCommand("sh", "-c", script).endContainer()
        .endSpec().build();
  }

  /** A pod no node matches: it exists and stays Pending, costing the kubelet nothing. */
  static PodTemplateSpec pendingForever() {
    PodTemplateSpec template = cheapRunning("true");
    template.getSpec().setNodeSelector(Map.of("orca.sirocco.cloud/bench", "no-such-node"));
    return template;
  }

  static Task task(String name, PodTemplateSpec template) {
    Task task = new Task();
    task.getMetadata().setName(name);
    task.getSpec().setTemplate(template);
    return task;
  }

  static Ignitor ignitor(String name, String scheduled) {
    Ignitor ignitor = new Ignitor();
    ignitor.getMetadata().setName(name);
    ignitor.getSpec().setScheduled(scheduled);
    return ignitor;
  }

  static Job job(String name, PodTemplateSpec template) {
    template.getSpec().setRestartPolicy("Never");
    return new JobBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withBackoffLimit(0)
        .withTemplate(template).endSpec().build();
  }

  static boolean ready(Task task) {
    return task.getStatus() != null && task.getStatus().getConditions().stream()
        .anyMatch((Condition c) -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  // --- plumbing ---------------------------------------------------------------------------------------------

  /** First time each pod was seen, and first time it was seen Succeeded, by local receive time. */
  static final class PodEvents implements Watcher<Pod> {
    final Map<String, Long> seen = new ConcurrentHashMap<>();
    final Map<String, Long> succeeded = new ConcurrentHashMap<>();
    final Map<String, Map<String, String>> labels = new ConcurrentHashMap<>();

    @Override
    public void eventReceived(Action action, Pod pod) {
      long now = System.nanoTime();
      String name = pod.getMetadata().getName();
      seen.putIfAbsent(name, now);
      labels.putIfAbsent(name, pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels());
      if (pod.getStatus() != null && "Succeeded".equals(pod.getStatus().getPhase())) {
        succeeded.putIfAbsent(name, now);
      }
    }

    @Override
    public void onClose(WatcherException cause) {
      if (cause != null) {
        System.err.println("pod watch closed: " + cause.getMessage());
      }
    }

    Map<String, Long> labelled(String label) {
      Map<String, Long> out = new ConcurrentHashMap<>();
      labels.forEach((name, l) -> {
        if (l.containsKey(label)) {
          out.put(name, seen.get(name));
        }
      });
      return out;
    }

    String byLabel(String label, String value) {
      return labels.entrySet().stream().filter(e -> value.equals(e.getValue().get(label))).map(Map.Entry::getKey)
          .findFirst().orElseThrow(() -> new IllegalStateException("no pod with " + label + "=" + value));
    }

    boolean succeeded(String task) {
      return labels.entrySet().stream().anyMatch(e -> task.equals(e.getValue().get(TASK_LABEL))
          && succeeded.containsKey(e.getKey()));
    }

    long seenAt(String pod) {
      return seen.get(pod);
    }

    long succeededAt(String pod) {
      return succeeded.get(pod);
    }
  }

  static void namespace(KubernetesClient client, String ns) throws InterruptedException {
    if (client.namespaces().withName(ns).get() != null) {
      deleteNamespace(client, ns);
    }
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    await("service account default in " + ns, Duration.ofSeconds(60),
        () -> client.serviceAccounts().inNamespace(ns).withName("default").get() != null);
  }

  static void deleteNamespace(KubernetesClient client, String ns) throws InterruptedException {
    client.namespaces().withName(ns).delete();
    await("namespace " + ns + " to be deleted", Duration.ofMinutes(5),
        () -> client.namespaces().withName(ns).get() == null);
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("timed out after " + timeout.toSeconds() + "s waiting for " + what);
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  static double millis(long nanos) {
    return nanos / 1e6;
  }

  static double pct(List<Double> values, int p) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  static void row(String what, List<Double> values) {
    System.out.printf("| %s | n=%d | p50 %.0f | p99 %.0f | max %.0f |%n", what, values.size(), pct(values, 50),
        pct(values, 99), pct(values, 100));
  }
}
