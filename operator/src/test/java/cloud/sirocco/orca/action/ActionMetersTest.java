package cloud.sirocco.orca.action;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cloud.sirocco.orca.action.ActionOutcome.Status;
import cloud.sirocco.orca.action.AttemptVerdict.Kind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ActionMetersTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final AbandonedThreads abandoned = new AbandonedThreads(
      new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>()), 1);
  private final ActionMeters meters = new ActionMeters(registry, inFlight, abandoned);

  @Test
  void outcomesAreCountedByActionAndOutcome() {
    meters.outcome("http", Status.SUCCEEDED);
    meters.outcome("http", Status.SUCCEEDED);
    meters.outcome("http", Status.TIMED_OUT);

    assertEquals(2.0, registry.get("orca.actions").tags("action", "http", "outcome", "succeeded").counter().count());
    assertEquals(1.0, registry.get("orca.actions").tags("action", "http", "outcome", "timed_out").counter().count());
  }

  @Test
  void attemptsAreTimedByActionAndResult() {
    meters.attempt("http", Kind.RETRYABLE_FAILURE, TimeUnit.MILLISECONDS.toNanos(250));

    assertEquals(250.0, registry.get("orca.action.attempt.duration")
        .tags("action", "http", "result", "retryable_failure").timer().totalTime(TimeUnit.MILLISECONDS));
  }

  @Test
  void theGaugesShowActionsInFlightAndAbandonedAttempts() {
    inFlight.add("a");
    inFlight.add("b");
    abandoned.abandon("stubborn");

    assertEquals(2.0, registry.get("orca.actions.in.flight").gauge().value());
    assertEquals(1.0, registry.get("orca.action.attempts.abandoned").gauge().value());
  }
}
