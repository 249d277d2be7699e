package cloud.sirocco.orca.cli;

import cloud.sirocco.orca.cli.graph.GraphFormat;
import cloud.sirocco.orca.cli.graph.WorkflowGraph;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "graph", mixinStandardHelpOptions = true,
    description = {"The namespace's trigger graph: Ignitors, Tasks, success and failure edges, retry loops, with each "
        + "Task's state and last run.", "DOT: kubectl orca graph -o dot | dot -Tpng > graph.png"})
final class GraphCommand implements Callable<Integer> {

  @ParentCommand
  private OrcaCli orca;

  @Spec
  private CommandSpec spec;

  @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
      description = "text (a tree), dot (Graphviz) or mermaid. Default: ${DEFAULT-VALUE}.")
  private GraphFormat format;

  @Override
  public Integer call() {
    OrcaNamespace namespace = orca.namespace();
    WorkflowGraph graph = WorkflowGraph.of(namespace.name(), namespace.ignitors(), namespace.tasks());
    spec.commandLine().getOut().print(format.render(graph));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
