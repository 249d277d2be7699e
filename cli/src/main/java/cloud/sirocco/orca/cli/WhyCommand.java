package cloud.sirocco.orca.cli;

import cloud.sirocco.orca.cli.graph.WorkflowGraph;
import cloud.sirocco.orca.cli.why.Why;
import cloud.sirocco.orca.model.Task;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "why", mixinStandardHelpOptions = true,
    description = "Why a Task did or did not run lately: its last run, what stands in its way (invalid spec, "
        + "refused pods, retry limit, reconcile errors), what starts it, and the operator's Events about it.")
final class WhyCommand extends OrcaCommand {

  @Parameters(paramLabel = "TASK", description = "The Task.")
  private String taskName;

  @Override
  void print(OrcaNamespace namespace, PrintWriter out) {
    Task task = namespace.task(taskName);
    WorkflowGraph graph = WorkflowGraph.of(namespace.name(), namespace.ignitors(), namespace.tasks());
    out.print(Why.explain(task, graph, namespace.events(task)));
  }
}
