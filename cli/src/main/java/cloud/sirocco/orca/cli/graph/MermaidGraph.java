package cloud.sirocco.orca.cli.graph;

import cloud.sirocco.orca.cli.graph.WorkflowGraph.Edge;
import cloud.sirocco.orca.graph.TriggerKind;
import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.Task;
import java.util.stream.Stream;

/** The graph as a Mermaid flowchart, for Markdown that renders it (GitHub, GitLab, many wikis). */
public final class MermaidGraph {

  private MermaidGraph() {}

  public static String render(WorkflowGraph graph) {
    StringBuilder out = new StringBuilder("flowchart LR\n");
    for (Ignitor ignitor : graph.ignitors()) {
      String name = ignitor.getMetadata().getName();
      out.append("  ").append(id("ignitor", name)).append(">").append(label(name, NodeText.schedule(ignitor.getSpec())))
          .append("]\n");
    }
    for (Task task : graph.tasks()) {
      String name = task.getMetadata().getName();
      out.append("  ").append(id("task", name)).append("(")
          .append(label(Stream.concat(Stream.of(name, NodeText.state(task)), NodeText.lastRunLines(task).stream())
              .toArray(String[]::new))).append(")\n");
    }
    for (Edge edge : graph.edges()) {
      String from = id(graph.ignitor(edge.from()).isPresent() ? "ignitor" : "task", edge.from());
      String label = EdgeStyle.label(edge, graph);
      String arrow = edge.retry() ? "-.->" : edge.kind() == TriggerKind.JOIN ? "==>" : "-->";
      out.append("  ").append(from).append(' ').append(arrow)
          .append(label.isEmpty() ? "" : "|" + label(label) + "|").append(' ').append(id("task", edge.to()))
          .append('\n');
    }
    for (Task task : graph.tasks()) {
      out.append("  style ").append(id("task", task.getMetadata().getName())).append(" fill:")
          .append(EdgeStyle.fill(task)).append('\n');
    }
    return out.toString();
  }

  /** A Mermaid node id: Kubernetes names may hold '-' and '.', which Mermaid ids may not. */
  private static String id(String kind, String name) {
    return kind + "_" + name.replace("_", "__").replace("-", "_h").replace(".", "_d");
  }

  private static String label(String... lines) {
    return '"' + String.join("<br/>", lines).replace("\"", "#quot;") + '"';
  }
}
