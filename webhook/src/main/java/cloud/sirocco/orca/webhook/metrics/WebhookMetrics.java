package cloud.sirocco.orca.webhook.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * The webhook's Prometheus metrics:
 *
 * <ul>
 *   <li>{@code orca_webhook_requests_total{operation,kind,verdict}}: operation is the endpoint ({@code validate},
 *       {@code mutate}), kind {@code Task}, {@code Ignitor} or {@code unknown} (a request too malformed to tell),
 *       verdict one of {@link Verdict}.
 *   <li>{@code orca_webhook_request_seconds{operation,verdict}}: time from a complete request body to the response,
 *       as a histogram.
 * </ul>
 */
public final class WebhookMetrics {

  /** How a request ended, as the {@code verdict} label spells it. */
  public enum Verdict {
    /** Validation passed (with or without warnings), or a mutation had nothing to change. */
    ALLOWED("allowed"),
    /** Validation found violations. */
    DENIED("denied"),
    /** The mutation returned a JSON patch. */
    PATCHED("patched"),
    /** Something failed inside the webhook; the request was denied with "internal error". */
    ERROR("error"),
    /** Not an AdmissionReview the webhook can answer: HTTP 400 or 413. */
    MALFORMED("malformed");

    private final String label;

    Verdict(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public void record(String operation, String kind, Verdict verdict, Duration took) {
    Counter.builder("orca.webhook.requests")
        .description("Admission requests answered, by endpoint, kind and verdict")
        .tag("operation", operation)
        .tag("kind", kind)
        .tag("verdict", verdict.label())
        .register(registry)
        .increment();
    Timer.builder("orca.webhook.request")
        .description("Time to answer an admission request, by endpoint and verdict")
        .tag("operation", operation)
        .tag("verdict", verdict.label())
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry)
        .record(took);
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }
}
