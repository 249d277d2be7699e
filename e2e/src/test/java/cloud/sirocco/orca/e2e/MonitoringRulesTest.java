package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerts of deploy/monitoring/prometheus-rule.yaml checked by Prometheus' own promtool ({@code -Dorca.promtool},
 * Debian's prometheus package, which e2e/test.sh installs): valid rules, each alert with what a person paged needs,
 * and each fired by a unit test in e2e/monitoring/alerts-test.yaml. Needs no cluster.
 */
class MonitoringRulesTest {

  private static final String PROMTOOL = System.getProperty("orca.promtool", "promtool");
  private static final Path UNIT_TESTS = LiveCluster.ROOT.resolve("e2e/monitoring/alerts-test.yaml");
  private static final Set<String> SEVERITIES = Set.of("critical", "warning");

  @Test
  void promtoolFindsTheRulesValid(@TempDir Path dir) throws IOException {
    Path rules = dir.resolve("orca-rules.yaml");
    ShippedMonitoring.YAML.writeValue(rules.toFile(), ShippedMonitoring.ruleFile());

    LiveCluster.Result checked = LiveCluster.run(List.of(PROMTOOL, "check", "rules", rules.toString()));

    assertEquals(0, checked.exitCode(), checked.toString());
  }

  @Test
  void everyAlertHasASeveritySummaryDescriptionAndRunbook() {
    List<String> missing = new ArrayList<>();
    for (JsonNode rule : ShippedMonitoring.rules(ShippedMonitoring.ruleFile())) {
      String alert = rule.path("alert").asText("(a recording rule)");
      if (!SEVERITIES.contains(rule.path("labels").path("severity").asText())) {
        missing.add(alert + ": labels.severity, one of " + SEVERITIES);
      }
      for (String annotation : List.of("summary", "description", "runbook")) {
        if (rule.path("annotations").path(annotation).asText().isBlank()) {
          missing.add(alert + ": annotations." + annotation);
        }
      }
    }
    assertEquals(List.of(), missing);
  }

  /**
   * The unit tests run on the rules without their annotations, which promtool would otherwise compare word for word:
   * the tests say when an alert fires and with which labels; the test above and promtool's check see to the text.
   */
  @Test
  void promtoolUnitTestsPassAndFireEveryAlert(@TempDir Path dir) throws IOException {
    ObjectNode ruleFile = ShippedMonitoring.ruleFile();
    ShippedMonitoring.rules(ruleFile).forEach(rule -> ((ObjectNode) rule).remove("annotations"));
    ShippedMonitoring.YAML.writeValue(dir.resolve("orca-rules.yaml").toFile(), ruleFile);
    Path tests = Files.copy(UNIT_TESTS, dir.resolve(UNIT_TESTS.getFileName()));

    LiveCluster.Result tested = LiveCluster.run(List.of(PROMTOOL, "test", "rules", tests.toString()));

    assertEquals(0, tested.exitCode(), tested.toString());
    Set<String> untested = new TreeSet<>();
    ShippedMonitoring.rules(ruleFile).forEach(rule -> untested.add(rule.get("alert").asText()));
    for (JsonNode test : ShippedMonitoring.YAML.readTree(UNIT_TESTS.toFile()).get("tests")) {
      test.path("alert_rule_test").forEach(expected -> {
        if (!expected.path("exp_alerts").isEmpty()) {
          untested.remove(expected.get("alertname").asText());
        }
      });
    }
    assertTrue(untested.isEmpty(), "alerts no unit test fires: " + untested);
  }
}
