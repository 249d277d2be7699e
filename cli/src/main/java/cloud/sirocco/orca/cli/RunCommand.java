package cloud.sirocco.orca.cli;

import cloud.sirocco.orca.model.RunRequestSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs a Task now, as a new workflow run, by creating a RunRequest; waits until the operator has "
        + "started the run, then names it and its workflow run.",
        "Its downstream follows as for any run: kubectl orca watch WORKFLOW_RUN shows it."})
final class RunCommand extends RequestCommand {

  @Parameters(paramLabel = "TASK", description = "The Task.")
  private String taskName;

  @Option(names = {"-d", "--data"}, paramLabel = "DATA", description = "The run's ORCA_DATA (default: none).")
  private String data;

  RunCommand() {
    super("run");
  }

  @Override
  RunRequestSpec spec(OrcaNamespace namespace) {
    RunRequestSpec spec = new RunRequestSpec();
    spec.setTask(taskName);
    spec.setData(data);
    return spec;
  }
}
