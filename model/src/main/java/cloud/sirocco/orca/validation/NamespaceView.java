package cloud.sirocco.orca.validation;

import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.Task;
import java.util.Collection;
import java.util.Optional;

/** One namespace's Tasks and Ignitors, as a cache holds them. Lookups only: never an API call. */
public interface NamespaceView {

  String namespace();

  Optional<Task> task(String name);

  Optional<Ignitor> ignitor(String name);

  /** Tasks naming {@code name} in startOnIgnition, startOnSuccess or startOnFailure. */
  Collection<Task> tasksTriggeredBy(String name);
}
