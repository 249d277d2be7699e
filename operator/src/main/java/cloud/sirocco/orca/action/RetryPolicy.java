package cloud.sirocco.orca.action;

import java.time.Duration;
import java.util.Optional;

/**
 * When an attempt is tried again: a retryable verdict (a plugin's {@code retry}, an exception, a timeout) is, after
 * {@code backoff}, then twice that, and so on, until {@code attempts} have been made; every other verdict is final.
 */
record RetryPolicy(int attempts, Duration backoff) {

  static RetryPolicy of(ActionRunnerSettings settings) {
    return new RetryPolicy(settings.attempts(), settings.backoff());
  }

  /** The wait before the attempt after attempt {@code number} (the first is 1) came to {@code kind}; empty: none. */
  Optional<Duration> delayAfter(int number, AttemptVerdict.Kind kind) {
    if (!kind.retryable || number >= attempts) {
      return Optional.empty();
    }
    return Optional.of(backoff.multipliedBy(1L << (number - 1)));
  }
}
