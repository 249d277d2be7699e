package cloud.sirocco.orca.cli;

import cloud.sirocco.orca.cli.graph.GraphFormat;
import cloud.sirocco.orca.cli.graph.WorkflowGraph;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "graph", mixinStandardHelpOptions = true,
    description = {"The namespace's trigger graph: Ignitors, Tasks, success and failure edges, retry loops, with each "
        + "Task's state and last run.", "DOT: kubectl orca graph -o dot | dot -Tpng > graph.png"})
final class GraphCommand extends OrcaCommand {

  @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
      description = "text (a tree), dot (Graphviz) or mermaid. Default: ${DEFAULT-VALUE}.")
  private GraphFormat format;

  @Override
  void print(OrcaNamespace namespace, PrintWriter out) {
    WorkflowGraph graph = WorkflowGraph.of(namespace.name(), namespace.ignitors(), namespace.tasks());
    out.print(format.render(graph));
  }
}
