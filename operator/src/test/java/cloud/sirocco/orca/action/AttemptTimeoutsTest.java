package cloud.sirocco.orca.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.action.testplugins.Gate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AttemptTimeoutsTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ThreadPoolExecutor pool =
      new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
  private final AbandonedThreads abandoned = new AbandonedThreads(pool, 1);
  private final AttemptTimeouts timeouts = new AttemptTimeouts(timer, Duration.ofMillis(100), abandoned);
  private final AtomicInteger timedOut = new AtomicInteger();

  @BeforeEach
  void closeTheGate() {
    Gate.reset();
  }

  @AfterEach
  void stop() {
    Gate.open();
    pool.shutdownNow();
    timer.shutdownNow();
  }

  @Test
  void anAttemptThatAnswersInTimeCountsAndItsTimeoutIsCalledOff() throws Exception {
    timer.setRemoveOnCancelPolicy(true);

    boolean inTime = attempt(() -> {}).get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertTrue(inTime);
    assertTrue(timer.getQueue().isEmpty(), "no timeout left to fire");
    assertEquals(0, timedOut.get());
    assertEquals(0, abandoned.count());
  }

  @Test
  void anAttemptThatOutlivesItsTimeoutIsInterruptedAbandonedAndCounted() throws Exception {
    CompletableFuture<Boolean> inTime = attempt(Gate::waitIgnoringInterrupts);

    Await.until("the timeout", WAIT, () -> timedOut.get() == 1);
    Await.until("the attempt to be interrupted", WAIT, () -> Gate.interrupts() == 1);
    assertEquals(1, abandoned.count());
    assertFalse(inTime.isDone(), "the attempt still runs");
    AtomicBoolean other = new AtomicBoolean();
    pool.execute(() -> other.set(true));
    Await.until("other work to run beside the abandoned attempt", WAIT, other::get);

    Gate.open();

    assertFalse(inTime.get(WAIT.toSeconds(), TimeUnit.SECONDS), "its late answer does not count");
    assertEquals(0, abandoned.count(), "its thread came back");
    assertEquals(1, pool.getMaximumPoolSize());
  }

  @Test
  void theTimeoutsInterruptDoesNotOutliveTheAttempt() throws Exception {
    AtomicBoolean interruptedAfter = new AtomicBoolean(true);
    CompletableFuture<Boolean> inTime = CompletableFuture.supplyAsync(() -> {
      AttemptTimeouts.Deadline deadline = timeouts.start("stubborn", timedOut::incrementAndGet);
      Gate.waitIgnoringInterrupts();
      boolean counted = deadline.answeredInTime();
      interruptedAfter.set(Thread.currentThread().isInterrupted());
      return counted;
    }, pool);
    Await.until("the timeout", WAIT, () -> timedOut.get() == 1);

    Gate.open();

    assertFalse(inTime.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertFalse(interruptedAfter.get(), "the thread goes on to its next work uninterrupted");
  }

  /** Runs {@code plugin} as an attempt of the stubborn plugin on the pool: whether its answer counted. */
  private CompletableFuture<Boolean> attempt(Runnable plugin) {
    return CompletableFuture.supplyAsync(() -> {
      AttemptTimeouts.Deadline deadline = timeouts.start("stubborn", timedOut::incrementAndGet);
      plugin.run();
      return deadline.answeredInTime();
    }, pool);
  }
}
