package cloud.sirocco.orca.validation;

import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.Task;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link NamespaceView} over three lookups of a cache: the operator's (JOSDK's informer caches) and the webhook's
 * (fabric8 informers) differ only in how they look an object up.
 *
 * @param task a Task by name in this namespace
 * @param ignitor an Ignitor by name in this namespace
 * @param listeners the Tasks naming an object in a trigger list, by the trigger index
 */
public record LookupNamespaceView(String namespace, Function<String, Optional<Task>> task,
    Function<String, Optional<Ignitor>> ignitor, Function<String, Collection<Task>> listeners)
    implements NamespaceView {

  @Override
  public Optional<Task> task(String name) {
    return task.apply(name);
  }

  @Override
  public Optional<Ignitor> ignitor(String name) {
    return ignitor.apply(name);
  }

  @Override
  public Collection<Task> tasksTriggeredBy(String name) {
    return listeners.apply(name);
  }
}
