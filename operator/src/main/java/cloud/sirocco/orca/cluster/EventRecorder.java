package cloud.sirocco.orca.cluster;

import cloud.sirocco.orca.concurrent.DaemonThreads;
import cloud.sirocco.orca.concurrent.Shutdown;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Events on a thread of its own, in the order they were recorded. An Event is a courtesy to whoever runs
 * {@code kubectl describe}: the reconcile that reports one must not wait for its API call (with 500 runs started at
 * once, one Event per run is a third of the operator's writes). The queue is bounded; beyond it, Events are dropped
 * and counted, never the work they describe.
 */
public final class EventRecorder implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  /** Events still written after {@link #close}, for up to this long. */
  private static final Duration FLUSH = Duration.ofSeconds(2);

  private final Consumer<Event> write;
  private final ThreadPoolExecutor writer;
  private final AtomicLong dropped = new AtomicLong();

  /** @param write writes one Event; called on the recorder's thread, one at a time */
  public EventRecorder(Consumer<Event> write, int capacity) {
    this.write = write;
    this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(capacity),
        new DaemonThreads("orca-events-"), (task, executor) -> drop());
  }

  /** Queues an Event for writing; returns at once. */
  public void record(Event event) {
    writer.execute(() -> {
      try {
        write.accept(event);
      } catch (RuntimeException e) {
        // An Event is a courtesy: one the API server refuses is logged, and the next one is tried.
        LOG.warn("Could not record event {} on {} {}: {}", event.getReason(), event.getInvolvedObject().getKind(),
            event.getInvolvedObject().getName(), e.getMessage());
      }
    });
  }

  /** Events dropped because the queue was full or the recorder closed. */
  public long dropped() {
    return dropped.get();
  }

  /** Writes what is queued, for up to two seconds, then stops. */
  @Override
  public void close() {
    Shutdown.within(writer, FLUSH);
  }

  private void drop() {
    long count = dropped.incrementAndGet();
    // Once, then every hundredth: an overloaded API server must not also flood the log.
    if (count == 1 || count % 100 == 0) {
      LOG.warn("{} Event(s) not recorded so far: more were waiting than the queue holds, or the operator is stopping",
          count);
    }
  }
}
