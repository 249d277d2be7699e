package cloud.sirocco.orca.reconciler;

import cloud.sirocco.orca.cluster.Cluster;
import cloud.sirocco.orca.concurrent.DaemonThreads;
import cloud.sirocco.orca.model.Task;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceAction;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceEvent;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Has a Task reconciled that was created while the framework ran the pass for the deletion of the Task that had its
 * name before.
 *
 * <p>JOSDK (5.2) keeps its event state by name, not uid, and when the pass for a deletion ends it drops that name's
 * state together with the events that arrived meanwhile, the new Task's creation among them. Later events that are
 * not the Task's own (its run pods, nudges, the periodic pass) find no state and are dropped too, so the new Task
 * would wait for its next edit. Once such a pass is over, this announces a Task of that name that no pass has seen
 * as its informer would, again until a pass has run: every pass, a failed one too, leaves a Ready condition.
 */
final class RecreatedTasks extends AbstractEventSource<Void, Task> {

  private static final Logger log = LoggerFactory.getLogger(RecreatedTasks.class);
  /** Long enough for the deletion's pass to end, which it does right after {@link #afterDeletionPass}. */
  static final Duration PERIOD = Duration.ofSeconds(1);
  static final int ANNOUNCEMENTS = 60;

  private final IndexedResourceCache<Task> tasks;
  private final Cluster cluster;
  private ScheduledExecutorService timer;

  RecreatedTasks(IndexedResourceCache<Task> tasks, Cluster cluster) {
    super(Void.class, "recreated-tasks");
    this.tasks = tasks;
    this.cluster = cluster;
  }

  /** Called at the end of the pass for the deletion of the Task named {@code id}. */
  void afterDeletionPass(ResourceID id) {
    schedule(id, 1);
  }

  private void schedule(ResourceID id, int announcement) {
    timer.schedule(() -> announce(id, announcement), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void announce(ResourceID id, int announcement) {
    Optional<Task> unseen = tasks.get(id).filter(task -> !task.isMarkedForDeletion()
        && (task.getStatus() == null || task.getStatus().getConditions().isEmpty()));
    if (unseen.isEmpty() || !isRunning()) {
      return;
    }
    if (announcement > ANNOUNCEMENTS) {
      String message = "Created again while its predecessor's deletion was handled, and not reconciled after "
          + ANNOUNCEMENTS + " announcements: change the Task (an annotation will do) to have it reconciled";
      log.warn("{}: {}", id, message);
      cluster.event(unseen.get(), "Warning", "NotReconciled", message);
      return;
    }
    getEventHandler().handleEvent(new ResourceEvent(ResourceAction.UPDATED, id, unseen.get()));
    schedule(id, announcement + 1);
  }

  @Override
  public void start() {
    timer = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("orca-recreated-tasks-"));
    super.start();
  }

  @Override
  public void stop() {
    super.stop();
    timer.shutdownNow();
  }

  @Override
  public Set<Void> getSecondaryResources(Task primary) {
    return Set.of();
  }
}
