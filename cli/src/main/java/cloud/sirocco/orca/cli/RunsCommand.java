package cloud.sirocco.orca.cli;

import cloud.sirocco.orca.cli.runs.RunReport;
import cloud.sirocco.orca.model.Task;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "runs", mixinStandardHelpOptions = true,
    description = "A Task's runs, newest first: start, duration, outcome, exit code, reason, the data it was handed "
        + "and wrote, its steps and its actions' outcomes.")
final class RunsCommand extends OrcaCommand {

  @Parameters(paramLabel = "TASK", description = "The Task.")
  private String taskName;

  @Override
  void print(OrcaNamespace namespace, PrintWriter out) {
    Task task = namespace.task(taskName);
    out.print(RunReport.render(task, namespace.runPods(taskName)));
  }
}
