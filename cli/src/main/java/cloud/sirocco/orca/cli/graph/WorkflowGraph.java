package cloud.sirocco.orca.cli.graph;

import cloud.sirocco.orca.graph.TriggerKind;
import cloud.sirocco.orca.graph.TriggerPaths;
import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A namespace's trigger graph as the plugin draws it: Ignitors and Tasks, and an edge {@code from -> to} for each name
 * in a Task's trigger lists. A failure edge that closes a loop is a retry, as the operator judges it
 * ({@link TriggerPaths#closesLoop}).
 */
public final class WorkflowGraph {

  /** One trigger: a fire of Ignitor {@code from}, or a run of Task {@code from} ending so, starts Task {@code to}. */
  public record Edge(String from, String to, TriggerKind kind, boolean retry) {}

  private final String namespace;
  private final Map<String, Ignitor> ignitors = new LinkedHashMap<>();
  private final Map<String, Task> tasks = new LinkedHashMap<>();
  private final List<Edge> edges = new ArrayList<>();

  private WorkflowGraph(String namespace) {
    this.namespace = namespace;
  }

  public static WorkflowGraph of(String namespace, List<Ignitor> ignitors, List<Task> tasks) {
    WorkflowGraph graph = new WorkflowGraph(namespace);
    ignitors.stream().sorted(Comparator.comparing(i -> i.getMetadata().getName()))
        .forEach(i -> graph.ignitors.put(i.getMetadata().getName(), i));
    tasks.stream().sorted(Comparator.comparing(t -> t.getMetadata().getName()))
        .forEach(t -> graph.tasks.put(t.getMetadata().getName(), t));
    TriggerPaths paths = new TriggerPaths(graph::task);
    for (Task task : graph.tasks.values()) {
      for (TriggerKind kind : TriggerKind.values()) {
        for (String source : kind.sources(task.getSpec())) {
          boolean retry = kind == TriggerKind.FAILURE && paths.closesLoop(source, task);
          graph.edges.add(new Edge(source, task.getMetadata().getName(), kind, retry));
        }
      }
    }
    return graph;
  }

  public String namespace() {
    return namespace;
  }

  public List<Ignitor> ignitors() {
    return List.copyOf(ignitors.values());
  }

  public List<Task> tasks() {
    return List.copyOf(tasks.values());
  }

  public List<Edge> edges() {
    return List.copyOf(edges);
  }

  public Optional<Task> task(String name) {
    return Optional.ofNullable(tasks.get(name));
  }

  public Optional<Ignitor> ignitor(String name) {
    return Optional.ofNullable(ignitors.get(name));
  }

  /** The triggers {@code name} (an Ignitor or a Task) sets off: success edges first, then failure edges. */
  public List<Edge> from(String name) {
    return edges.stream().filter(e -> e.from().equals(name))
        .sorted(Comparator.comparing(Edge::kind).thenComparing(Edge::to)).toList();
  }

  /**
   * Tasks the walk from the Ignitors does not reach: Tasks nothing starts, or whose triggers name objects that do
   * not exist (any more).
   */
  public List<Task> unreachedTasks() {
    List<String> reached = new ArrayList<>();
    ignitors.keySet().forEach(name -> reach(name, reached));
    return tasks.values().stream().filter(t -> !reached.contains(t.getMetadata().getName())).toList();
  }

  private void reach(String name, List<String> reached) {
    for (Edge edge : from(name)) {
      if (!reached.contains(edge.to())) {
        reached.add(edge.to());
        reach(edge.to(), reached);
      }
    }
  }
}
