package cloud.sirocco.orca.cli.graph;

import cloud.sirocco.orca.cli.graph.WorkflowGraph.Edge;
import cloud.sirocco.orca.graph.Retries;
import cloud.sirocco.orca.graph.TriggerKind;
import cloud.sirocco.orca.model.Task;

/** What the picture formats share: an edge's label and a state's colour. */
final class EdgeStyle {

  private EdgeStyle() {}

  /** {@code success}, {@code failure}, {@code retry (at most 3)}; nothing for an Ignitor's fire. */
  static String label(Edge edge, WorkflowGraph graph) {
    if (edge.kind() == TriggerKind.IGNITION) {
      return "";
    }
    if (edge.retry()) {
      return "retry (at most " + graph.task(edge.to()).map(Retries::limit).orElse(0) + ")";
    }
    return edge.kind().label().toLowerCase();
  }

  static String color(Edge edge) {
    return switch (edge.kind()) {
      case IGNITION -> "#455a64"; // started from outside the Task graph
      case SUCCESS, JOIN -> "#2e7d32"; // a join is a success edge too, labelled "join" and drawn heavier
      case FAILURE -> "#c62828";
    };
  }

  /** Fill colour of a Task by its state. */
  static String fill(Task task) {
    return switch (NodeText.state(task)) {
      case "Succeeded" -> "#c8e6c9";
      case "Failed" -> "#ffcdd2";
      case "Running" -> "#bbdefb";
      case "Pending" -> "#eeeeee";
      default -> "#ffe0b2";
    };
  }
}
