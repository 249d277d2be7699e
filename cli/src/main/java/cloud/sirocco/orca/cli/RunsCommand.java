package cloud.sirocco.orca.cli;

import cloud.sirocco.orca.cli.runs.RunReport;
import cloud.sirocco.orca.model.Task;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "runs", mixinStandardHelpOptions = true,
    description = "A Task's runs, newest first: start, duration, outcome, exit code, reason, the data it was handed "
        + "and wrote, its steps and its actions' outcomes.")
final class RunsCommand implements Callable<Integer> {

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
    spec.commandLine().getOut().print(RunReport.render(task, namespace.runPods(taskName)));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
