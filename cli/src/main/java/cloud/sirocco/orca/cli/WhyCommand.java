package cloud.sirocco.orca.cli;

import cloud.sirocco.orca.cli.graph.WorkflowGraph;
import cloud.sirocco.orca.cli.why.Why;
import cloud.sirocco.orca.model.Task;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "why", mixinStandardHelpOptions = true,
    description = "Why a Task did or did not run lately: its last run, what stands in its way (invalid spec, "
        + "refused pods, retry limit, reconcile errors), what starts it, and the operator's Events about it.")
final class WhyCommand implements Callable<Integer> {

  @ParentCommand
  private OrcaCli orca;

  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "TASK", description = "The Task.")
  private String taskName;

  @Override
  public Integer call() {
    OrcaNamespace namespace = orca.namespace();
    Task task = namespace.task(taskName);
    WorkflowGraph graph = WorkflowGraph.of(namespace.name(), namespace.ignitors(), namespace.tasks());
    spec.commandLine().getOut().print(Why.explain(task, graph, namespace.events(task)));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
