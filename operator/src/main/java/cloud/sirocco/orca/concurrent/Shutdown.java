package cloud.sirocco.orca.concurrent;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Stopping an executor the way every part of the operator stops its own. */
public final class Shutdown {

  private Shutdown() {}

  /**
   * Takes no new tasks, lets queued and running ones finish for up to {@code grace}, then interrupts what is left.
   * An interrupt of the caller while it waits cuts the grace short and is kept.
   */
  public static void within(ExecutorService executor, Duration grace) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
