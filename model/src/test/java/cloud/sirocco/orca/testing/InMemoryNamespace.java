package cloud.sirocco.orca.testing;

import cloud.sirocco.orca.graph.TriggerIndex;
import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.validation.NamespaceView;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A namespace's Tasks and Ignitors in memory, for rule and converger tests. */
public final class InMemoryNamespace implements NamespaceView {

  private final String namespace;
  private final Map<String, Task> tasks = new LinkedHashMap<>();
  private final Map<String, Ignitor> ignitors = new LinkedHashMap<>();

  public InMemoryNamespace(String namespace) {
    this.namespace = namespace;
  }

  public InMemoryNamespace put(Task task) {
    task.getMetadata().setNamespace(namespace);
    tasks.put(task.getMetadata().getName(), task);
    return this;
  }

  public InMemoryNamespace put(Ignitor ignitor) {
    ignitor.getMetadata().setNamespace(namespace);
    ignitors.put(ignitor.getMetadata().getName(), ignitor);
    return this;
  }

  @Override
  public String namespace() {
    return namespace;
  }

  @Override
  public Optional<Task> task(String name) {
    return Optional.ofNullable(tasks.get(name));
  }

  @Override
  public Optional<Ignitor> ignitor(String name) {
    return Optional.ofNullable(ignitors.get(name));
  }

  @Override
  public Collection<Task> tasksTriggeredBy(String name) {
    return tasks.values().stream().filter(t -> TriggerIndex.sources(t).contains(name)).toList();
  }
}
