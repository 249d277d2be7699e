package cloud.sirocco.orca.webhook.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The webhook's Prometheus metrics:
 *
 * <ul>
 *   <li>{@code orca_webhook_requests_total{operation,kind,verdict}}: operation is the endpoint ({@code validate},
 *       {@code mutate}), kind {@code Task}, {@code Ignitor} or {@code unknown} (a request too malformed to tell),
 *       verdict one of {@link Result}.
 *   <li>{@code orca_webhook_request_seconds{operation,verdict}}: time from a complete request body to the response,
 *       as a histogram.
 *   <li>{@code orca_webhook_live_reads_total{kind,result}}: Tasks and Ignitors read from the API server because the
 *       cache lacked them when a request was about to be refused for naming them; result one of {@link LiveRead}.
 * </ul>
 */
public final class WebhookMetrics {

  /** How a request ended, as the {@code verdict} label spells it. */
  public enum Result {
    /** Validation passed (with or without warnings), or a mutation had nothing to change. */
    ALLOWED("allowed"),
    /** Validation found violations. */
    DENIED("denied"),
    /** The mutation returned a JSON patch. */
    PATCHED("patched"),
    /** Something failed inside the webhook, or a check it needs could not be made; the request was denied. */
    ERROR("error"),
    /** Not an AdmissionReview the webhook can answer: HTTP 400 or 413. */
    MALFORMED("malformed");

    private final String label;

    Result(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** What a read from the API server found, as the {@code result} label spells it. */
  public enum LiveRead {
    /** The API server holds it: the cache was behind. */
    FOUND("found"),
    /** It does not exist. */
    ABSENT("absent"),
    /** The API server could not be asked or did not answer in time; the request was refused as unconfirmed. */
    FAILED("failed");

    private final String label;

    LiveRead(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** Registered on first use, so that a scrape shows only what happened; then found without building anything. */
  private final Map<Labels, Meters> meters = new ConcurrentHashMap<>();

  private record Labels(String operation, String kind, Result verdict) {}

  private record Meters(Counter requests, Timer time) {}

  public void record(String operation, String kind, Result verdict, Duration took) {
    Meters recorded = meters.computeIfAbsent(new Labels(operation, kind, verdict), this::register);
    recorded.requests().increment();
    recorded.time().record(took);
  }

  public void recordLiveRead(String kind, LiveRead result) {
    Counter.builder("orca.webhook.live.reads")
        .description("Tasks and Ignitors read from the API server because the cache lacked them, by kind and result")
        .tag("kind", kind)
        .tag("result", result.label())
        .register(registry)
        .increment();
  }

  private Meters register(Labels labels) {
    return new Meters(
        Counter.builder("orca.webhook.requests")
            .description("Admission requests answered, by endpoint, kind and verdict")
            .tag("operation", labels.operation())
            .tag("kind", labels.kind())
            .tag("verdict", labels.verdict().label())
            .register(registry),
        Timer.builder("orca.webhook.request")
            .description("Time to answer an admission request, by endpoint and verdict")
            .tag("operation", labels.operation())
            .tag("verdict", labels.verdict().label())
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry));
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }
}
