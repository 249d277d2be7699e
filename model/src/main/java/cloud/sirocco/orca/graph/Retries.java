package cloud.sirocco.orca.graph;

import cloud.sirocco.orca.model.Defaults;
import cloud.sirocco.orca.model.Task;
import java.time.Duration;

/**
 * The retry rule. A failure edge {@code U -> D} (D's startOnFailure names U) that closes a loop, D being able to
 * start U again, is a retry: D starts on U's failure number {@code n} in a row only while {@code n} is within D's
 * retryLimit, and {@code n} also sets its backoff. Every place that must know whether a failure is followed by
 * another run (the hand-off of a failed run, a join waiting on its upstreams) asks here.
 */
public final class Retries {

  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private Retries() {}

  /** Whether {@code downstream} starting on a failure of {@code upstream} is a retry of {@code upstream}. */
  public static boolean isRetry(String upstream, Task downstream, TriggerPaths paths) {
    return TriggerKind.FAILURE.sources(downstream.getSpec()).contains(upstream)
        && paths.closesLoop(upstream, downstream);
  }

  /** Whether {@code downstream} retries {@code upstream} after its failure number {@code failures} in a row. */
  public static boolean retries(String upstream, Task downstream, int failures, TriggerPaths paths) {
    return isRetry(upstream, downstream, paths) && withinLimit(downstream, failures);
  }

  /** Whether a retry by {@code downstream} still follows failure number {@code failures} in a row. */
  public static boolean withinLimit(Task downstream, int failures) {
    return failures <= limit(downstream);
  }

  /** {@code downstream}'s retryLimit, its default when unset. */
  public static int limit(Task downstream) {
    Integer limit = downstream.getSpec().getRetryLimit();
    return limit == null ? Defaults.RETRY_LIMIT : limit;
  }

  /**
   * The wait before {@code downstream}'s retry of failure number {@code failures} (1 or more) in a row: its
   * retryBackoffSeconds doubled per failure before it, at most five minutes.
   */
  public static Duration backoff(Task downstream, int failures) {
    Integer base = downstream.getSpec().getRetryBackoffSeconds();
    Duration delay = Duration.ofSeconds(base == null ? Defaults.RETRY_BACKOFF_SECONDS : base)
        .multipliedBy(1L << Math.min(Math.max(failures, 1) - 1, 20));
    return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
  }
}
