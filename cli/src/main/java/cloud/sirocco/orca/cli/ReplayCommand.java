package cloud.sirocco.orca.cli;

import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.RunRequestSpec;
import cloud.sirocco.orca.model.Task;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Runs a past run again, with the ORCA_DATA and ORCA_INITIATOR it was handed, in its workflow run, "
        + "by creating a RunRequest; waits until the operator has started the run, then names it.",
        "Its downstream follows as for any run, so a replay after a fix resumes the workflow run from there."})
final class ReplayCommand extends RequestCommand {

  @Parameters(paramLabel = "RUN", description = "The run, as kubectl orca runs names it.")
  private String run;

  ReplayCommand() {
    super("replay");
  }

  @Override
  RunRequestSpec spec(OrcaNamespace namespace) {
    Task task = namespace.tasks().stream()
        .filter(t -> t.getStatus() != null && t.getStatus().getRuns().stream().map(RunRecord::getName)
            .anyMatch(run::equals))
        .findFirst().orElseThrow(() -> new UserError("No Task in namespace \"" + namespace.name() + "\" has a run \""
            + run + "\" in its status.runs (kubectl orca runs TASK lists a Task's runs)"));
    RunRequestSpec spec = new RunRequestSpec();
    spec.setTask(task.getMetadata().getName());
    spec.setReplay(run);
    return spec;
  }
}
