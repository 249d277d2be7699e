package cloud.sirocco.orca.bench.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH's JSON results for {@link GraphValidationBenchmark} into the Markdown table of docs/benchmarks.md:
 * the median of the measurement iterations per case and size, allocation per operation, and the ratio to the
 * namespace scan measured in the same run.
 *
 * <pre>java -cp bench/target/orca-bench.jar cloud.sirocco.orca.bench.graph.GraphReport results.json</pre>
 */
public final class GraphReport {

  private static final String FLOOR = "scanNamespace";

  private GraphReport() {}

  record Row(String benchmark, int shortChainTasks, double medianMicros, double allocBytes) {}

  public static void main(String[] args) throws IOException {
    JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
    List<Row> rows = new ArrayList<>();
    for (JsonNode result : results) {
      String benchmark = result.get("benchmark").asText();
      benchmark = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      int size = result.get("params").get("shortChainTasks").asInt();
      List<Double> scores = new ArrayList<>();
      result.get("primaryMetric").get("rawData").forEach(fork -> fork.forEach(it -> scores.add(it.asDouble())));
      JsonNode alloc = result.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score");
      rows.add(new Row(benchmark, size, median(scores), alloc.isMissingNode() ? Double.NaN : alloc.asDouble()));
    }
    Map<Integer, Double> floor = new LinkedHashMap<>();
    rows.stream().filter(r -> r.benchmark().equals(FLOOR)).forEach(r -> floor.put(r.shortChainTasks(),
        r.medianMicros()));
    System.out.println("| case | Tasks in namespace | median µs/op | alloc B/op | ÷ scan of the namespace |");
    System.out.println("|---|---:|---:|---:|---:|");
    rows.stream()
        .sorted((a, b) -> a.benchmark().equals(b.benchmark()) ? Integer.compare(a.shortChainTasks(),
            b.shortChainTasks()) : order(a.benchmark()) - order(b.benchmark()))
        .forEach(r -> System.out.println(String.format(Locale.ROOT, "| %s | %,d | %s | %s | %s |", r.benchmark(),
            r.shortChainTasks() + GraphValidationBenchmark.LONG_CHAIN, micros(r.medianMicros()),
            Double.isNaN(r.allocBytes()) ? "n/a" : String.format(Locale.ROOT, "%,.0f", r.allocBytes()),
            floor.containsKey(r.shortChainTasks())
                ? String.format(Locale.ROOT, "%.4f", r.medianMicros() / floor.get(r.shortChainTasks())) : "n/a")));
  }

  private static int order(String benchmark) {
    List<String> order = List.of("startsOnIgnitor", "extendsShortChain", "extendsLongChain", "closesLongCycle",
        FLOOR);
    int index = order.indexOf(benchmark);
    return index < 0 ? order.size() : index;
  }

  private static String micros(double value) {
    return String.format(Locale.ROOT, value >= 100 ? "%,.0f" : value >= 1 ? "%.1f" : "%.3f", value);
  }

  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
