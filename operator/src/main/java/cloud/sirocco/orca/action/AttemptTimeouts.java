package cloud.sirocco.orca.action;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Gives up on attempts that outlive their timeout. At the timeout an attempt still running is abandoned: counted in
 * {@link AbandonedThreads}, so that a new thread takes its place, and interrupted; the action goes on without it. A
 * plugin that ignores interruption thus never holds a thread the runner counts on. Its answer, when it comes, is
 * ignored, and its thread goes back to the pool.
 */
final class AttemptTimeouts {

  private final ScheduledExecutorService timer;
  private final Duration timeout;
  private final AbandonedThreads abandoned;

  AttemptTimeouts(ScheduledExecutorService timer, Duration timeout, AbandonedThreads abandoned) {
    this.timer = timer;
    this.timeout = timeout;
    this.abandoned = abandoned;
  }

  Duration timeout() {
    return timeout;
  }

  /**
   * Starts the timeout of an attempt of {@code plugin} about to run on the current thread; {@code onTimeout} runs on
   * the timer's thread if the attempt is abandoned.
   *
   * @throws RejectedExecutionException when the timer is shut down
   */
  Deadline start(String plugin, Runnable onTimeout) {
    Deadline deadline = new Deadline(Thread.currentThread(), plugin);
    deadline.expiry = timer.schedule(() -> {
      if (deadline.abandon()) {
        onTimeout.run();
      }
    }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    return deadline;
  }

  /** Who settles an attempt: the plugin by answering, or the timer by giving up on it; whoever comes first. */
  final class Deadline {
    private final Thread thread;
    private final String plugin;
    private ScheduledFuture<?> expiry;
    private boolean settled;

    private Deadline(Thread thread, String plugin) {
      this.thread = thread;
      this.plugin = plugin;
    }

    /**
     * By the attempt's thread, once the plugin answered: true when the answer counts, false when the attempt was
     * abandoned, whose thread now goes back to the pool. The thread is no longer interrupted either way.
     */
    boolean answeredInTime() {
      expiry.cancel(false);
      boolean inTime = settle();
      // After settle(), a timeout's interrupt has been delivered, if there was one; it must not outlive the attempt.
      Thread.interrupted();
      if (!inTime) {
        abandoned.giveBack(plugin);
      }
      return inTime;
    }

    private synchronized boolean settle() {
      boolean first = !settled;
      settled = true;
      return first;
    }

    /** By the timer: true when the attempt was still running, which is now interrupted and its thread replaced. */
    private synchronized boolean abandon() {
      if (settled) {
        return false;
      }
      settled = true;
      // Replaced before the interrupt, so that the thread cannot give itself back before it was counted as lost.
      abandoned.abandon(plugin);
      thread.interrupt();
      return true;
    }
  }
}
