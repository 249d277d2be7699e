package cloud.sirocco.orca.webhook.admission;

import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.validation.NamespaceView;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** A view that remembers which names it was asked for and did not hold: those the cache may simply not have yet. */
final class MissRecordingView implements NamespaceView {

  private final NamespaceView delegate;
  private final Set<String> missedTasks = new LinkedHashSet<>();
  private final Set<String> missedIgnitors = new LinkedHashSet<>();

  MissRecordingView(NamespaceView delegate) {
    this.delegate = delegate;
  }

  /** The names looked up as a Task or an Ignitor, or both, and not held. */
  Set<String> misses() {
    Set<String> misses = new LinkedHashSet<>(missedTasks);
    misses.addAll(missedIgnitors);
    return misses;
  }

  Set<String> missedTasks() {
    return missedTasks;
  }

  Set<String> missedIgnitors() {
    return missedIgnitors;
  }

  @Override
  public String namespace() {
    return delegate.namespace();
  }

  @Override
  public Optional<Task> task(String name) {
    return recorded(missedTasks, name, delegate.task(name));
  }

  @Override
  public Optional<Ignitor> ignitor(String name) {
    return recorded(missedIgnitors, name, delegate.ignitor(name));
  }

  @Override
  public Collection<Task> tasksTriggeredBy(String name) {
    return delegate.tasksTriggeredBy(name);
  }

  private static <T> Optional<T> recorded(Set<String> misses, String name, Optional<T> found) {
    if (found.isEmpty() && name != null) {
      misses.add(name);
    }
    return found;
  }
}
