package cloud.sirocco.orca.cli.graph;

import cloud.sirocco.orca.cli.graph.WorkflowGraph.Edge;
import cloud.sirocco.orca.graph.TriggerKind;
import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.Task;

/** The graph in Graphviz's DOT: {@code kubectl orca graph -o dot | dot -Tpng > graph.png}. */
public final class DotGraph {

  private DotGraph() {}

  public static String render(WorkflowGraph graph) {
    StringBuilder out = new StringBuilder();
    out.append("digraph ").append(quote("orca/" + graph.namespace())).append(" {\n")
        .append("  rankdir=LR;\n")
        .append("  node [fontname=\"Helvetica\", fontsize=11];\n")
        .append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
    for (Ignitor ignitor : graph.ignitors()) {
      String name = ignitor.getMetadata().getName();
      out.append("  ").append(quote("ignitor/" + name)).append(" [shape=cds, style=filled, fillcolor=\"#fff9c4\", "
          + "label=").append(quote(name + "\n" + NodeText.schedule(ignitor.getSpec()))).append("];\n");
    }
    for (Task task : graph.tasks()) {
      String name = task.getMetadata().getName();
      out.append("  ").append(quote("task/" + name)).append(" [shape=box, style=\"rounded,filled\", fillcolor=")
          .append(quote(EdgeStyle.fill(task))).append(", label=")
          .append(quote(name + "\n" + NodeText.state(task) + "\n" + String.join("\n", NodeText.lastRunLines(task))))
          .append("];\n");
    }
    for (Edge edge : graph.edges()) {
      String from = (graph.ignitor(edge.from()).isPresent() ? "ignitor/" : "task/") + edge.from();
      out.append("  ").append(quote(from)).append(" -> ").append(quote("task/" + edge.to())).append(" [color=")
          .append(quote(EdgeStyle.color(edge))).append(", fontcolor=").append(quote(EdgeStyle.color(edge)));
      String label = EdgeStyle.label(edge, graph);
      if (!label.isEmpty()) {
        out.append(", label=").append(quote(label));
      }
      if (edge.retry()) {
        out.append(", style=dashed");
      } else if (edge.kind() == TriggerKind.JOIN) {
        out.append(", style=bold");
      }
      out.append("];\n");
    }
    return out.append("}\n").toString();
  }

  private static String quote(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }
}
