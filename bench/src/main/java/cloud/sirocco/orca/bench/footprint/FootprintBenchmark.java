package cloud.sirocco.orca.bench.footprint;

import cloud.sirocco.orca.bench.admission.AdmissionReviews;
import cloud.sirocco.orca.bench.admission.LoadGenerator;
import cloud.sirocco.orca.bench.cluster.ChainLoader;
import cloud.sirocco.orca.bench.tls.PemTls;
import cloud.sirocco.orca.model.Task;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * Benchmark 5 of docs/benchmarks.md: start-up time and resident memory of the operator and of the webhook with
 * 10,000 Tasks in the namespace they serve, each started as a process of its own under each JVM profile.
 *
 * <p>Operator: from process start to {@code /readyz} answering 200, and to the moment this process's own watch
 * has seen {@code status.observedGeneration} on every Task (each Task reconciled once). Webhook: from process start
 * to {@code /readyz} 200 (its caches synced). RSS is read from /proc after a settle; the webhook's again after a
 * burst of admission requests. CPU seconds of the process and of the API server and etcd over the start-up say
 * which of them the start-up waited on.
 *
 * <p>System properties: bench.tasks [10000], bench.operatorJar, bench.webhookJar, bench.certs (directory with
 * ca.crt, tls.crt, tls.key), bench.out, bench.apiPids (comma list: kube-apiserver and etcd pids),
 * bench.profiles (comma list of names) and for each, bench.jvm.NAME.operator and bench.jvm.NAME.webhook (JVM
 * options), bench.header (print the table's header), bench.operatorPort [18081], bench.webhookPort [18443].
 * KUBECONFIG: the API server.
 */
public final class FootprintBenchmark {

  private static final int OPERATOR_PORT = Integer.getInteger("bench.operatorPort", 18081);
  private static final int WEBHOOK_PORT = Integer.getInteger("bench.webhookPort", 18443);
  private static final Duration SETTLE = Duration.ofSeconds(10);
  private static final Duration START_LIMIT = Duration.ofMinutes(10);

  private FootprintBenchmark() {}

  record Profile(String name, Map<String, List<String>> jvmOptions) {

    static Profile named(String name) {
      Map<String, List<String>> options = new HashMap<>();
      for (String component : List.of("operator", "webhook")) {
        String property = "bench.jvm." + name + "." + component;
        String value = System.getProperty(property);
        if (value == null) {
          throw new IllegalArgumentException("set " + property);
        }
        options.put(component, List.of(value.trim().split("\\s+")));
      }
      return new Profile(name, options);
    }
  }

  /** One component under one profile; NaN where a figure does not apply (the webhook reconciles nothing). */
  record Figures(String component, String profile, double readySeconds, double firstReconciledSeconds,
      double reconciledSeconds, double processCpuSeconds, double apiCpuSeconds, double rssMib,
      double rssAfterLoadMib, double peakRssMib, double liveHeapMib, double rssAfterFullGcMib,
      ProcessProbe.Pauses pauses) {}

  public static void main(String[] args) throws Exception {
    int tasks = Integer.getInteger("bench.tasks", 10_000);
    Path operatorJar = Path.of(System.getProperty("bench.operatorJar"));
    Path webhookJar = Path.of(System.getProperty("bench.webhookJar"));
    Path certs = Path.of(System.getProperty("bench.certs"));
    Path out = Path.of(System.getProperty("bench.out", "."));
    long[] apiPids = Arrays.stream(System.getProperty("bench.apiPids", "").split(",")).filter(s -> !s.isBlank())
        .mapToLong(Long::parseLong).toArray();
    List<Profile> profiles = Arrays.stream(System.getProperty("bench.profiles", "").split(","))
        .filter(p -> !p.isBlank()).map(p -> Profile.named(p.trim())).toList();
    Files.createDirectories(out);
    Path plugins = Files.createDirectories(out.resolve("no-plugins"));
    SSLContext tls = PemTls.trusting(certs.resolve("ca.crt"));
    List<Figures> figures = new ArrayList<>();
    List<String> loads = new ArrayList<>();

    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      for (Profile profile : profiles) {
        // A namespace per profile: the operator's first reconcile leaves status and a finalizer behind.
        String namespace = "orca-bench-footprint-" + profile.name();
        ChainLoader loader = new ChainLoader(client, namespace);
        loader.prepare();
        Duration took = loader.load(0, tasks);
        loads.add(String.format(Locale.ROOT, "%s: %,d Tasks in %.1f s", namespace, tasks, took.toMillis() / 1e3));

        Set<String> reconciled = ConcurrentHashMap.newKeySet();
        SharedIndexInformer<Task> watch = client.resources(Task.class).inNamespace(namespace).inform(
            new ResourceEventHandler<>() {
              @Override
              public void onAdd(Task task) {
                note(task);
              }

              @Override
              public void onUpdate(Task old, Task task) {
                note(task);
              }

              @Override
              public void onDelete(Task task, boolean unknown) {}

              private void note(Task task) {
                Long observed = task.getStatus() == null ? null : task.getStatus().getObservedGeneration();
                if (observed != null && observed.equals(task.getMetadata().getGeneration())) {
                  reconciled.add(task.getMetadata().getName());
                }
              }
            });
        try {
          figures.add(operator(profile, operatorJar, plugins, namespace, tasks, reconciled, apiPids, out));
        } finally {
          watch.close();
        }
        figures.add(webhook(profile, webhookJar, certs, tls, namespace, tasks, apiPids, out));
      }
    }
    print(figures, loads);
  }

  private static Figures operator(Profile profile, Path jar, Path plugins, String namespace, int tasks,
      Set<String> reconciled, long[] apiPids, Path out) throws Exception {
    Path gcLog = out.resolve("operator-" + profile.name() + "-gc.log");
    Map<String, String> env = Map.of("ORCA_HTTP_PORT", String.valueOf(OPERATOR_PORT),
        "ORCA_PLUGIN_DIR", plugins.toString(), "ORCA_WATCH_NAMESPACES", namespace);
    Duration apiCpuBefore = cpu(apiPids);
    long started = System.nanoTime();
    Process process = launch(profile.jvmOptions().get("operator"), jar, gcLog, env,
        out.resolve("operator-" + profile.name() + ".log"));
    try {
      HttpClient http = HttpClient.newHttpClient();
      double ready = awaitReady(process, http, URI.create("http://127.0.0.1:" + OPERATOR_PORT + "/readyz"), started);
      long deadline = started + START_LIMIT.toNanos();
      double first = Double.NaN;
      while (reconciled.size() < tasks) {
        if (Double.isNaN(first) && !reconciled.isEmpty()) {
          first = (System.nanoTime() - started) / 1e9;
        }
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("the operator reconciled " + reconciled.size() + " of " + tasks
              + " Tasks" + (process.isAlive() ? " within " + START_LIMIT : " and exited " + process.exitValue()));
        }
        TimeUnit.MILLISECONDS.sleep(20);
      }
      double all = (System.nanoTime() - started) / 1e9;
      Duration processCpu = ProcessProbe.cpu(process.pid());
      Duration apiCpu = cpu(apiPids).minus(apiCpuBefore);
      TimeUnit.MILLISECONDS.sleep(SETTLE.toMillis());
      double rss = ProcessProbe.rssMib(process.pid());
      double peak = ProcessProbe.peakRssMib(process.pid());
      ProcessProbe.Pauses pauses = ProcessProbe.Pauses.in(gcLog);
      double live = ProcessProbe.liveHeapMib(process.pid(),
          out.resolve("operator-" + profile.name() + "-histo.txt"));
      Figures f = new Figures("operator", profile.name(), ready, first, all, processCpu.toMillis() / 1e3,
          apiCpu.toMillis() / 1e3, rss, Double.NaN, peak, live, ProcessProbe.rssMib(process.pid()), pauses);
      System.err.println(f);
      return f;
    } finally {
      stop(process);
    }
  }

  private static Figures webhook(Profile profile, Path jar, Path certs, SSLContext tls, String namespace, int tasks,
      long[] apiPids, Path out) throws Exception {
    Path gcLog = out.resolve("webhook-" + profile.name() + "-gc.log");
    Map<String, String> env = Map.of("ORCA_WEBHOOK_PORT", String.valueOf(WEBHOOK_PORT),
        "ORCA_WEBHOOK_TLS_CERT", certs.resolve("tls.crt").toString(),
        "ORCA_WEBHOOK_TLS_KEY", certs.resolve("tls.key").toString(),
        "ORCA_WATCH_NAMESPACES", namespace);
    Duration apiCpuBefore = cpu(apiPids);
    long started = System.nanoTime();
    Process process = launch(profile.jvmOptions().get("webhook"), jar, gcLog, env,
        out.resolve("webhook-" + profile.name() + ".log"));
    try {
      HttpClient https = HttpClient.newBuilder().sslContext(tls).build();
      double ready = awaitReady(process, https, URI.create("https://127.0.0.1:" + WEBHOOK_PORT + "/readyz"),
          started);
      Duration processCpu = ProcessProbe.cpu(process.pid());
      Duration apiCpu = cpu(apiPids).minus(apiCpuBefore);
      TimeUnit.MILLISECONDS.sleep(SETTLE.toMillis());
      double rss = ProcessProbe.rssMib(process.pid());
      LoadGenerator.Run burst = new LoadGenerator(tls, WEBHOOK_PORT, "/validate")
          .run(AdmissionReviews.extendingChains(namespace, tasks, 64), 4, 5_000, Duration.ofSeconds(60));
      if (burst.failures() > 0) {
        throw new IllegalStateException("the webhook failed " + burst.failures() + " reviews: "
            + burst.firstFailure());
      }
      double rssAfterLoad = ProcessProbe.rssMib(process.pid());
      double peak = ProcessProbe.peakRssMib(process.pid());
      ProcessProbe.Pauses pauses = ProcessProbe.Pauses.in(gcLog);
      double live = ProcessProbe.liveHeapMib(process.pid(),
          out.resolve("webhook-" + profile.name() + "-histo.txt"));
      Figures f = new Figures("webhook", profile.name(), ready, Double.NaN, Double.NaN, processCpu.toMillis() / 1e3,
          apiCpu.toMillis() / 1e3, rss, rssAfterLoad, peak, live, ProcessProbe.rssMib(process.pid()), pauses);
      System.err.println(f);
      return f;
    } finally {
      stop(process);
    }
  }

  private static Process launch(List<String> jvmOptions, Path jar, Path gcLog, Map<String, String> env, Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-Xlog:gc:file=" + gcLog);
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return builder.start();
  }

  /** Seconds from {@code started} until {@code uri} answers 200, polled every 20 ms. */
  private static double awaitReady(Process process, HttpClient http, URI uri, long started) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build();
    long deadline = started + START_LIMIT.toNanos();
    while (true) {
      try {
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return (System.nanoTime() - started) / 1e9;
        }
      } catch (IOException notListeningYet) {
        // the port opens part-way through start-up
      }
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(uri + " never answered 200" + (process.isAlive() ? " within "
            + START_LIMIT : "; the process exited " + process.exitValue()));
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static Duration cpu(long[] pids) {
    return Arrays.stream(pids).mapToObj(ProcessProbe::cpu).reduce(Duration.ZERO, Duration::plus);
  }

  private static void print(List<Figures> figures, List<String> loads) {
    if (Boolean.getBoolean("bench.header")) {
      System.out.println("| component | JVM profile | /readyz 200 after s | first / every Task reconciled after s "
          + "| CPU s of the process (to ready / reconciled) | CPU s of API server + etcd, same window "
          + "| RSS MiB after settle | RSS MiB after 5,000 reviews | peak RSS MiB | live heap MiB (after a full GC) "
          + "| RSS MiB after that GC | GC pauses to then (count, total ms) |");
      System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    }
    for (Figures f : figures) {
      String reconciled = Double.isNaN(f.reconciledSeconds()) ? "n/a"
          : String.format(Locale.ROOT, "%.1f / %.1f", f.firstReconciledSeconds(), f.reconciledSeconds());
      String afterLoad = Double.isNaN(f.rssAfterLoadMib()) ? "n/a"
          : String.format(Locale.ROOT, "%.0f", f.rssAfterLoadMib());
      System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %s | %.1f | %.1f | %.0f | %s | %.0f | %.0f | %.0f "
          + "| %d, %.0f |%n", f.component(), f.profile(), f.readySeconds(), reconciled, f.processCpuSeconds(),
          f.apiCpuSeconds(), f.rssMib(), afterLoad, f.peakRssMib(), f.liveHeapMib(), f.rssAfterFullGcMib(),
          f.pauses().count(), f.pauses().totalMillis());
    }
    loads.forEach(load -> System.err.println("loading through the API server (8 client threads): " + load));
  }
}
