package cloud.sirocco.orca.cli.graph;

import java.util.function.Function;

/** The outputs of {@code kubectl orca graph}: a tree for the terminal, DOT (Graphviz) and Mermaid for pictures. */
public enum GraphFormat {
  text(TextTree::render),
  dot(DotGraph::render),
  mermaid(MermaidGraph::render);

  private final Function<WorkflowGraph, String> renderer;

  GraphFormat(Function<WorkflowGraph, String> renderer) {
    this.renderer = renderer;
  }

  public String render(WorkflowGraph graph) {
    return renderer.apply(graph);
  }
}
