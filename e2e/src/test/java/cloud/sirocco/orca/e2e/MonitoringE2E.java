package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The shipped dashboard and alerts (deploy/monitoring) against what a real Prometheus scrapes from the operator and
 * the webhook on the local cluster: every metric they name exists, so a renamed metric fails here rather than
 * leaving a panel empty or an alert silent; every dashboard query is valid PromQL; the alerts on the operator's and
 * the webhook's health select the scrape jobs and stay quiet while both are up.
 */
class MonitoringE2E {

  private static final Duration SCRAPED = Duration.ofSeconds(90);

  private static LiveCluster cluster;
  private static ScrapingPrometheus prometheus;

  @BeforeAll
  static void runAWorkflowUnderPrometheus() throws IOException {
    cluster = new LiveCluster("e2e-monitoring");
    prometheus = new ScrapingPrometheus(ShippedMonitoring.YAML.writeValueAsString(ShippedMonitoring.ruleFile()));
    cluster.apply(cluster.manifest("monitored-workflow.yaml"));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (prometheus != null) {
      prometheus.close();
    }
    cluster.close();
  }

  @Test
  void everyMetricTheDashboardAndTheAlertsQueryIsScraped() {
    Set<String> expected = new TreeSet<>(ShippedMonitoring.metricNames());
    AtomicReference<Set<String>> missing = new AtomicReference<>(expected);
    try {
      LiveCluster.await("Prometheus to have scraped every metric the dashboard and the alerts query", SCRAPED, () -> {
        Set<String> absent = new TreeSet<>(expected);
        prometheus.metricNames().forEach(absent::remove);
        missing.set(absent);
        return absent.isEmpty();
      });
    } catch (AssertionFailedError e) {
      fail("not scraped from the operator or the webhook: " + missing.get() + " (a renamed metric? the dashboard "
          + "and deploy/monitoring/prometheus-rule.yaml must follow; Prometheus' log: " + prometheus.log() + ")", e);
    }
  }

  @Test
  void everyDashboardQueryIsValidPromQL() {
    Map<String, String> errors = new TreeMap<>();
    for (String query : ShippedMonitoring.dashboardQueries()) {
      String promql = query.replace("$__rate_interval", "1m").replace("$operator_job", "orca-operator")
          .replace("$webhook_job", "orca-webhook");
      JsonNode answer = prometheus.query(promql);
      if (!"success".equals(answer.path("status").asText())) {
        errors.put(query, answer.path("error").asText());
      }
    }
    assertEquals(Map.of(), errors);
  }

  /** Both alerts would fire on a job name that no scrape has: evaluated with both scraped, they are inactive. */
  @Test
  void theOperatorAndWebhookHealthAlertsStayQuietWhileBothAreScraped() {
    LiveCluster.await("both jobs scraped and up", SCRAPED, () -> prometheus.query(
        "up{job=~\"orca-operator|orca-webhook\"} == 1").path("data").path("result").size() == 2);
    Instant scraped = Instant.now();
    List<String> health = List.of("OrcaOperatorNotReady", "OrcaWebhookUnavailable");
    AtomicReference<Map<String, String>> states = new AtomicReference<>(Map.of());
    LiveCluster.await("the health alerts evaluated after both jobs were up", SCRAPED, () -> {
      Map<String, String> evaluated = new TreeMap<>();
      for (JsonNode rule : alertRules()) {
        if (health.contains(rule.path("name").asText())
            && Instant.parse(rule.path("lastEvaluation").asText()).isAfter(scraped)) {
          evaluated.put(rule.path("name").asText(), rule.path("state").asText() + " " + rule.path("health").asText());
        }
      }
      states.set(evaluated);
      return evaluated.size() == health.size();
    });

    assertEquals(Map.of("OrcaOperatorNotReady", "inactive ok", "OrcaWebhookUnavailable", "inactive ok"),
        states.get());
  }

  private static List<JsonNode> alertRules() {
    List<JsonNode> rules = new ArrayList<>();
    prometheus.rules().forEach(group -> group.path("rules").forEach(rules::add));
    return rules;
  }
}
