package cloud.sirocco.orca.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The reconciles an operator has finished and the ones that failed, as JOSDK reports them through its metrics
 * hook: what a test waits on when the proof of a reconcile is that nothing changed. It can also hold a pass at its
 * start, so that a test makes an event arrive while that pass runs.
 */
public final class ReconcileLog implements Metrics {

  private final ConcurrentLinkedQueue<HasMetadata> finished = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<HasMetadata> announced = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Hold> holds = new ConcurrentLinkedQueue<>();

  @Override
  public void receivedEvent(Event event, Map<String, Object> metadata) {
    if (event instanceof ResourceEvent resourceEvent) {
      resourceEvent.getResource().ifPresent(announced::add);
    }
  }

  @Override
  public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
    holds.stream().filter(hold -> hold.which.test(resource)).findFirst().ifPresent(hold -> {
      holds.remove(hold);
      hold.held.countDown();
      hold.awaitRelease();
    });
  }

  @Override
  public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
    finished.add(resource);
  }

  @Override
  public void failedReconciliation(HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    failures.add(resource.getKind() + " " + ResourceID.fromResource(resource) + ": " + exception);
  }

  /** How many reconciles of this kind and name finished with the resource as {@code seen} describes it. */
  public long finished(String kind, String name, Predicate<HasMetadata> seen) {
    return finished.stream()
        .filter(r -> kind.equals(r.getKind()) && name.equals(r.getMetadata().getName()))
        .filter(seen)
        .count();
  }

  public long finished(String kind, String name) {
    return finished(kind, name, r -> true);
  }

  /** Whether the controller has received an event announcing the resource with this uid (as its informer saw it). */
  public boolean announced(String uid) {
    return announced.stream().anyMatch(r -> uid.equals(r.getMetadata().getUid()));
  }

  /** Holds the next pass that starts over a resource matching {@code which} until {@link Hold#release}. */
  public Hold holdNextPass(Predicate<HasMetadata> which) {
    Hold hold = new Hold(which);
    holds.add(hold);
    return hold;
  }

  /** Failed reconciles, oldest first, for a failure message. */
  public List<String> failures() {
    return List.copyOf(failures);
  }

  /** A pass held at its start; it goes on when released, or after a minute so that a failed test cannot hang. */
  public static final class Hold {
    private final Predicate<HasMetadata> which;
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    private Hold(Predicate<HasMetadata> which) {
      this.which = which;
    }

    /** Whether the pass has started and waits. */
    public boolean holding() {
      return held.getCount() == 0 && released.getCount() == 1;
    }

    public void release() {
      released.countDown();
    }

    private void awaitRelease() {
      try {
        released.await(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
