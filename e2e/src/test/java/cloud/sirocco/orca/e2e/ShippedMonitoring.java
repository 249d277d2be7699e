package cloud.sirocco.orca.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** deploy/monitoring as the tests read it: the PrometheusRule's rules and the Grafana dashboard's queries. */
final class ShippedMonitoring {

  static final Path DIR = LiveCluster.ROOT.resolve("deploy/monitoring");
  static final YAMLMapper YAML = new YAMLMapper();
  private static final Pattern METRIC = Pattern.compile("\\borca_[a-z0-9_]+");

  private ShippedMonitoring() {}

  /** The PrometheusRule's spec: a Prometheus rule file ({@code groups:}) as it is. */
  static ObjectNode ruleFile() {
    try {
      return (ObjectNode) YAML.readTree(DIR.resolve("prometheus-rule.yaml").toFile()).get("spec");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every rule of every group. */
  static List<JsonNode> rules(JsonNode ruleFile) {
    List<JsonNode> rules = new ArrayList<>();
    ruleFile.get("groups").forEach(group -> group.get("rules").forEach(rules::add));
    return rules;
  }

  /** The PromQL of every panel target, Grafana's variables in place. */
  static List<String> dashboardQueries() {
    try {
      List<String> queries = new ArrayList<>();
      for (JsonNode panel : new ObjectMapper().readTree(DIR.resolve("orca-dashboard.json").toFile()).get("panels")) {
        panel.path("targets").forEach(target -> queries.add(target.get("expr").asText()));
      }
      return queries;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The orca_ metric names the alerts and the dashboard query, as Prometheus stores them (_total, _bucket...). */
  static Set<String> metricNames() {
    List<String> queries = new ArrayList<>(dashboardQueries());
    rules(ruleFile()).forEach(rule -> queries.add(rule.get("expr").asText()));
    Set<String> names = new TreeSet<>();
    for (String query : queries) {
      Matcher metric = METRIC.matcher(query);
      while (metric.find()) {
        names.add(metric.group());
      }
    }
    return names;
  }
}
