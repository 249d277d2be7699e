package cloud.sirocco.orca.action;

import cloud.sirocco.orca.action.ActionOutcome.Status;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The action runner's meters: {@code orca.actions} (counter: {@code action}, {@code outcome}; Prometheus
 * {@code orca_actions_total}), {@code orca.action.attempt.duration} (timer: {@code action}, {@code result}),
 * {@code orca.actions.in.flight} and {@code orca.action.attempts.abandoned} (gauges). The {@code action} tag is the
 * plugin's action name.
 */
final class ActionMeters {

  private final MeterRegistry meters;

  ActionMeters(MeterRegistry meters, Collection<?> inFlight, AbandonedThreads abandoned) {
    this.meters = meters;
    Gauge.builder("orca.actions.in.flight", inFlight, Collection::size)
        .description("Actions accepted and not yet finished").register(meters);
    Gauge.builder("orca.action.attempts.abandoned", abandoned, AbandonedThreads::count)
        .description("Attempts still running after their timeout: plugins that ignore interruption").register(meters);
  }

  void attempt(String plugin, AttemptVerdict.Kind result, long nanos) {
    Timer.builder("orca.action.attempt.duration")
        .description("Time one attempt of an action took")
        .tag("action", plugin)
        .tag("result", result.name().toLowerCase(Locale.ROOT))
        .register(meters)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void outcome(String plugin, Status status) {
    meters.counter("orca.actions", "action", plugin, "outcome", status.name().toLowerCase(Locale.ROOT)).increment();
  }
}
