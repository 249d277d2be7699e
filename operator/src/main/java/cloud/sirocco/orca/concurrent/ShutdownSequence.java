package cloud.sirocco.orca.concurrent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the operator's parts one after another, in the order they were added, from a single JVM shutdown hook: the
 * JVM runs separate hooks all at once, in no order. A step that fails is logged, and the next one still runs.
 */
public final class ShutdownSequence {

  private static final Logger LOG = LoggerFactory.getLogger(ShutdownSequence.class);

  private final List<Step> steps = new CopyOnWriteArrayList<>();
  private final AtomicBoolean started = new AtomicBoolean();

  private record Step(String name, AutoCloseable stop) {}

  /** Adds a step, run after every step added before it. */
  public ShutdownSequence then(String name, AutoCloseable stop) {
    steps.add(new Step(name, stop));
    return this;
  }

  /** Whether the sequence has begun: a part that stops now was asked to. */
  public boolean started() {
    return started.get();
  }

  /** Runs the sequence when the JVM shuts down: on SIGTERM from the kubelet, or on System.exit. */
  public void runOnExit() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::run, "orca-shutdown"));
  }

  /** Runs every step in order, once; a later call does nothing. */
  public void run() {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    for (Step step : steps) {
      long begun = System.nanoTime();
      try {
        step.stop().close();
        LOG.info("Stopped {} in {} ms", step.name(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begun));
      } catch (Exception e) {
        LOG.error("Could not stop {} cleanly; the shutdown goes on", step.name(), e);
      }
    }
  }
}
