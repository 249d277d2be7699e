package cloud.sirocco.orca.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline, and says what it waited for when it gives up, with whatever context the
 * caller can add (the operator's failed reconciles, the object as last seen).
 */
public final class Eventually {

  /** Far above what a reconcile round trip takes on the mock server (tens of milliseconds). */
  public static final Duration DEADLINE = Duration.ofSeconds(20);

  private Eventually() {}

  /** The first value {@code probe} yields before the deadline. */
  public static <T> T await(String what, Supplier<Optional<T>> probe, Supplier<String> context) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up after " + DEADLINE.toSeconds() + "s waiting for " + what + "; "
            + context.get());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  public static void until(String what, BooleanSupplier condition, Supplier<String> context) {
    await(what, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty(), context);
  }
}
