package cloud.sirocco.orca.cli.graph;

import cloud.sirocco.orca.cli.graph.WorkflowGraph.Edge;
import cloud.sirocco.orca.graph.Retries;
import cloud.sirocco.orca.graph.TriggerKind;
import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.Task;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The graph as a tree for the terminal: each Ignitor with the Tasks it starts below it, and below each Task the
 * Tasks its runs start. A Task reached a second time (several upstreams start it) is written in full once and
 * referred to after; a retry edge points back to its Task instead of descending again.
 */
public final class TextTree {

  private TextTree() {}

  public static String render(WorkflowGraph graph) {
    StringBuilder out = new StringBuilder();
    out.append("Namespace ").append(graph.namespace()).append(": ").append(count(graph.ignitors().size(), "Ignitor"))
        .append(", ").append(count(graph.tasks().size(), "Task")).append('\n');
    Set<String> shown = new HashSet<>();
    for (Ignitor ignitor : graph.ignitors()) {
      String name = ignitor.getMetadata().getName();
      out.append('\n').append("Ignitor ").append(name).append("  ").append(NodeText.ignitor(ignitor)).append('\n');
      children(graph, name, "", new ArrayList<>(List.of(name)), shown, out);
    }
    for (Task task : graph.unreachedTasks()) {
      String name = task.getMetadata().getName();
      if (shown.add(name)) {
        out.append('\n').append(name).append("  ").append(taskText(task, graph)).append('\n');
        children(graph, name, "", new ArrayList<>(List.of(name)), shown, out);
      }
    }
    return out.toString();
  }

  private static void children(WorkflowGraph graph, String name, String indent, List<String> path,
      Set<String> shown, StringBuilder out) {
    List<Edge> edges = graph.from(name);
    for (int i = 0; i < edges.size(); i++) {
      Edge edge = edges.get(i);
      boolean last = i == edges.size() - 1;
      out.append(indent).append(last ? "└─ " : "├─ ").append(edgeText(edge)).append(edge.to()).append("  ");
      Task task = graph.task(edge.to()).orElseThrow();
      if (edge.retry() && path.contains(edge.to())) {
        out.append("↺ retry, at most ").append(Retries.limit(task)).append(" in a row\n");
      } else if (!shown.add(edge.to())) {
        out.append("(shown above)\n");
      } else {
        out.append(taskText(task, graph)).append('\n');
        path.add(edge.to());
        children(graph, edge.to(), indent + (last ? "   " : "│  "), path, shown, out);
        path.remove(path.size() - 1);
      }
    }
  }

  private static String edgeText(Edge edge) {
    return edge.kind() == TriggerKind.IGNITION ? "" : "on " + edge.kind().label().toLowerCase() + " → ";
  }

  private static String taskText(Task task, WorkflowGraph graph) {
    List<String> missing = new ArrayList<>();
    for (TriggerKind kind : TriggerKind.values()) {
      kind.sources(task.getSpec()).stream()
          .filter(s -> graph.task(s).isEmpty() && graph.ignitor(s).isEmpty())
          .forEach(missing::add);
    }
    String text = "[" + NodeText.state(task) + "] " + NodeText.lastRunText(task);
    return missing.isEmpty() ? text : text + "; starts on missing " + String.join(", ", missing);
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
