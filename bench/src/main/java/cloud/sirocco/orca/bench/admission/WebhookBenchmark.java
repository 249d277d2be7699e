package cloud.sirocco.orca.bench.admission;

import cloud.sirocco.orca.bench.cluster.ChainLoader;
import cloud.sirocco.orca.bench.tls.PemTls;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.LongStream;
import javax.net.ssl.SSLContext;

/**
 * Benchmark 1 of docs/benchmarks.md: the webhook's {@code /validate} beside the floor server, both running, in the
 * same run. For each namespace size the namespace is grown through the API server, the webhook's cache is awaited,
 * then each concurrency gets a few rounds of a fixed number of requests, floor and webhook alternating (ABBA) so
 * that drift in the machine's load falls on both.
 *
 * <p>Configuration (system properties, defaults in brackets): bench.namespace [orca-bench-webhook], bench.sizes
 * [10,1000,10000], bench.concurrency [1,4,16], bench.rounds [5], bench.requests per round [10000], bench.warmup
 * [20000], bench.webhookPort [18443], bench.floorPort [18444], bench.ca (PEM file the servers' certificate chains
 * to), bench.out (directory for the raw CSV), bench.floorPid and bench.webhookPid (to read their CPU time).
 * KUBECONFIG: the API server the webhook caches from.
 */
public final class WebhookBenchmark {

  private static final Duration RUN_LIMIT = Duration.ofSeconds(60);
  private static final int DISTINCT_REVIEWS = 64;

  private WebhookBenchmark() {}

  /** One round against one target, with the CPU time its server process and this load generator spent on it. */
  record Measured(LoadGenerator.Run run, Duration serverCpu, Duration clientCpu) {}

  record Point(int tasks, int concurrency, String target, long[] pooledSortedNanos, double[] roundRates,
      int failures, String firstFailure, double serverCpuMicros, double clientCpuMicros) {

    long percentile(double q) {
      int index = (int) Math.ceil(q * pooledSortedNanos.length) - 1;
      return pooledSortedNanos[Math.max(0, index)];
    }

    double medianRate() {
      double[] sorted = roundRates.clone();
      Arrays.sort(sorted);
      int n = sorted.length;
      return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
  }

  public static void main(String[] args) throws Exception {
    String namespace = System.getProperty("bench.namespace", "orca-bench-webhook");
    int[] sizes = ints("bench.sizes", "10,1000,10000");
    int[] concurrencies = ints("bench.concurrency", "1,4,16");
    int rounds = Integer.getInteger("bench.rounds", 5);
    int requests = Integer.getInteger("bench.requests", 10_000);
    int warmup = Integer.getInteger("bench.warmup", 20_000);
    SSLContext tls = PemTls.trusting(Path.of(System.getProperty("bench.ca")));
    Path out = Path.of(System.getProperty("bench.out", "."));
    Files.createDirectories(out);
    Map<String, Long> pids = Map.of("floor", Long.getLong("bench.floorPid", -1),
        "webhook", Long.getLong("bench.webhookPid", -1));
    Map<String, LoadGenerator> targets = Map.of(
        "floor", new LoadGenerator(tls, Integer.getInteger("bench.floorPort", 18444), "/validate"),
        "webhook", new LoadGenerator(tls, Integer.getInteger("bench.webhookPort", 18443), "/validate"));
    List<Point> points = new ArrayList<>();
    List<String> loads = new ArrayList<>();
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      ChainLoader loader = new ChainLoader(client, namespace);
      loader.prepare();
      int loaded = 0;
      boolean warmed = false;
      for (int size : sizes) {
        Duration took = loader.load(loaded, size);
        loads.add(String.format(Locale.ROOT, "%,d -> %,d Tasks: %.1f s (%.0f creates/s)", loaded, size,
            took.toMillis() / 1000.0, (size - loaded) / Math.max(0.001, took.toMillis() / 1000.0)));
        System.err.println("loaded " + loads.get(loads.size() - 1));
        loaded = size;
        awaitWebhookCache(targets.get("webhook"), namespace, size);
        List<byte[]> reviews = AdmissionReviews.extendingChains(namespace, size, DISTINCT_REVIEWS);
        if (!warmed) {
          for (String target : List.of("floor", "webhook")) {
            check(targets.get(target).run(reviews, 4, warmup, RUN_LIMIT), target + " warm-up");
          }
          warmed = true;
        }
        for (int concurrency : concurrencies) {
          Map<String, List<Measured>> runs = Map.of("floor", new ArrayList<>(), "webhook",
              new ArrayList<>());
          for (int round = 0; round < rounds; round++) {
            List<String> order = round % 2 == 0 ? List.of("floor", "webhook") : List.of("webhook", "floor");
            for (String target : order) {
              Duration serverBefore = cpu(pids.get(target));
              Duration clientBefore = cpu(ProcessHandle.current().pid());
              LoadGenerator.Run run = targets.get(target).run(reviews, concurrency, requests, RUN_LIMIT);
              runs.get(target).add(new Measured(run, cpu(pids.get(target)).minus(serverBefore),
                  cpu(ProcessHandle.current().pid()).minus(clientBefore)));
            }
          }
          for (String target : List.of("floor", "webhook")) {
            points.add(point(size, concurrency, target, runs.get(target)));
            System.err.println(describe(points.get(points.size() - 1)));
          }
        }
      }
    }
    writeCsv(out.resolve("points.csv"), points);
    printTables(System.out, points, loads, rounds, requests);
  }

  /** Waits until the webhook admits a Task after every chain's tail: its cache then holds the whole namespace. */
  private static void awaitWebhookCache(LoadGenerator webhook, String namespace, int size)
      throws IOException, InterruptedException {
    long started = System.nanoTime();
    long deadline = started + Duration.ofMinutes(3).toNanos();
    int chains = (size + ChainLoader.CHAIN - 1) / ChainLoader.CHAIN;
    for (int chain = 0; chain < chains; chain++) {
      List<byte[]> probe = List.of(AdmissionReviews.createTask(namespace, "probe", ChainLoader.chainTail(chain,
          size)));
      while (true) {
        LoadGenerator.Run run = webhook.run(probe, 1, 1, Duration.ofSeconds(10));
        if (run.failures() == 0 && run.count() == 1) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the webhook still does not admit a Task after "
              + ChainLoader.chainTail(chain, size) + " in " + namespace + ": " + run.firstFailure());
        }
      }
    }
    System.err.printf(Locale.ROOT, "webhook cache holds %,d Tasks (%.1f s after loading)%n", size,
        (System.nanoTime() - started) / 1e9);
  }

  private static Point point(int tasks, int concurrency, String target, List<Measured> measured) {
    List<LoadGenerator.Run> runs = measured.stream().map(Measured::run).toList();
    long answered = runs.stream().mapToLong(LoadGenerator.Run::count).sum();
    double serverMicros = measured.stream().mapToLong(m -> m.serverCpu().toNanos()).sum() / 1e3 / answered;
    double clientMicros = measured.stream().mapToLong(m -> m.clientCpu().toNanos()).sum() / 1e3 / answered;
    long[] pooled = runs.stream().flatMapToLong(r -> LongStream.of(r.sortedNanos())).sorted().toArray();
    double[] rates = runs.stream().mapToDouble(LoadGenerator.Run::perSecond).toArray();
    int failures = runs.stream().mapToInt(LoadGenerator.Run::failures).sum();
    String first = runs.stream().map(LoadGenerator.Run::firstFailure).filter(f -> f != null).findFirst()
        .orElse(null);
    return new Point(tasks, concurrency, target, pooled, rates, failures, first, serverMicros, clientMicros);
  }

  /** CPU time used so far by a process (10 ms granularity: /proc's clock ticks); zero when it is unknown. */
  private static Duration cpu(long pid) {
    return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
  }

  private static void check(LoadGenerator.Run run, String what) {
    if (run.failures() > 0) {
      throw new IllegalStateException(what + ": " + run.failures() + " failed requests, first: "
          + run.firstFailure());
    }
  }

  private static String describe(Point p) {
    return String.format(Locale.ROOT, "%,d Tasks, c=%d, %s: p50 %s p99 %s max %s ms, %.0f/s, CPU µs/request "
        + "server %.0f client %.0f, %d failed%s", p.tasks(), p.concurrency(), p.target(), ms(p.percentile(0.5)),
        ms(p.percentile(0.99)), ms(p.percentile(1.0)), p.medianRate(), p.serverCpuMicros(), p.clientCpuMicros(),
        p.failures(), p.firstFailure() == null ? "" : " (" + p.firstFailure()
            + ")");
  }

  private static String ms(long nanos) {
    double ms = nanos / 1e6;
    return String.format(Locale.ROOT, ms >= 10 ? "%.1f" : "%.2f", ms);
  }

  private static void printTables(PrintStream out, List<Point> points, List<String> loads, int rounds,
      int requests) {
    out.printf("%d rounds of %,d requests per target and point; latencies pooled over the rounds, req/s is the "
        + "median round.%n%n", rounds, requests);
    out.println("| Tasks in namespace | concurrency | floor p50 / p99 / max ms | webhook p50 / p99 / max ms "
        + "| floor req/s | webhook req/s | webhook ÷ floor: p50, p99, req/s | server CPU µs/review: floor, webhook "
        + "| failed |");
    out.println("|---:|---:|---|---|---:|---:|---|---|---:|");
    for (int i = 0; i < points.size(); i += 2) {
      Point floor = points.get(i);
      Point webhook = points.get(i + 1);
      Function<Point, String> lat = p -> ms(p.percentile(0.5)) + " / " + ms(p.percentile(0.99)) + " / "
          + ms(p.percentile(1.0));
      out.printf(Locale.ROOT, "| %,d | %d | %s | %s | %,.0f | %,.0f | %.2f, %.2f, %.2f | %.0f, %.0f | %d |%n",
          floor.tasks(),
          floor.concurrency(), lat.apply(floor), lat.apply(webhook), floor.medianRate(), webhook.medianRate(),
          (double) webhook.percentile(0.5) / floor.percentile(0.5),
          (double) webhook.percentile(0.99) / floor.percentile(0.99), webhook.medianRate() / floor.medianRate(),
          floor.serverCpuMicros(), webhook.serverCpuMicros(), floor.failures() + webhook.failures());
    }
    out.println();
    out.println("Loading through the API server (8 client threads): " + String.join("; ", loads) + ".");
  }

  private static void writeCsv(Path file, List<Point> points) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("tasks,concurrency,target,p50_ms,p99_ms,max_ms,median_rps,round_rps,server_cpu_us,client_cpu_us,"
        + "failures");
    for (Point p : points) {
      lines.add(String.format(Locale.ROOT, "%d,%d,%s,%.3f,%.3f,%.3f,%.1f,%s,%.1f,%.1f,%d", p.tasks(),
          p.concurrency(), p.target(), p.percentile(0.5) / 1e6, p.percentile(0.99) / 1e6, p.percentile(1.0) / 1e6,
          p.medianRate(), Arrays.toString(p.roundRates()).replace(", ", " "), p.serverCpuMicros(),
          p.clientCpuMicros(), p.failures()));
    }
    Files.write(file, lines);
  }

  private static int[] ints(String property, String defaults) {
    return Arrays.stream(System.getProperty(property, defaults).split(",")).map(String::trim)
        .mapToInt(Integer::parseInt).toArray();
  }
}
