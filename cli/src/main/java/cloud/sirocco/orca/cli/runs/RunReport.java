package cloud.sirocco.orca.cli.runs;

import cloud.sirocco.orca.cli.RunText;
import cloud.sirocco.orca.model.ActionStatus;
import cloud.sirocco.orca.model.RejectedRun;
import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.StepStatus;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.model.TaskStatus;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Task's runs, newest first, from its status: when and how each started and ended, the data it was handed (its
 * pod's {@code ORCA_DATA}, while the pod exists) and wrote (its termination message), its steps and actions.
 */
public final class RunReport {

  private static final String DATA_VARIABLE = "ORCA_DATA";

  private RunReport() {}

  /** @param pods the Task's run pods that still exist */
  public static String render(Task task, List<Pod> pods) {
    TaskStatus status = task.getStatus();
    List<RunRecord> runs = status == null || status.getRuns() == null ? List.of() : status.getRuns();
    List<RejectedRun> refused = status == null || status.getRejectedRuns() == null ? List.of()
        : status.getRejectedRuns().stream().filter(r -> !Boolean.TRUE.equals(r.getHandled())).toList();
    Map<String, Pod> podsByName = pods.stream().collect(Collectors.toMap(p -> p.getMetadata().getName(),
        Function.identity(), (a, b) -> a));
    StringBuilder out = new StringBuilder();
    out.append("Task ").append(task.getMetadata().getName()).append(" in namespace ")
        .append(task.getMetadata().getNamespace()).append(": ");
    if (runs.isEmpty() && refused.isEmpty()) {
      return out.append("no runs yet (kubectl orca why ").append(task.getMetadata().getName())
          .append(" says why)\n").toString();
    }
    out.append(runs.size()).append(runs.size() == 1 ? " run" : " runs").append(" (newest first)\n");
    for (RejectedRun run : refused) {
      out.append('\n').append(run.getName()).append("  Refused\n");
      line(out, "started", run.getTime() + " by " + RunText.trigger(run.getTrigger(), run.getInitiator()));
      line(out, "ended", "PodRejected: " + run.getMessage() + " (being recorded as a failed run)");
    }
    for (RunRecord run : runs) {
      out.append('\n').append(run.getName()).append("  ").append(run.getPhase() == null ? "Pending" : run.getPhase())
          .append('\n');
      line(out, "started", (run.getStartTime() == null ? "not yet" : run.getStartTime()) + " by "
          + RunText.trigger(run.getTrigger(), run.getInitiator())
          + RunText.took(run).map(d -> ", took " + d).orElse(""));
      List<String> ending = RunText.ending(run);
      if (run.getFinishTime() != null) {
        line(out, "ended", run.getFinishTime() + (ending.isEmpty() ? "" : ", " + String.join(", ", ending))
            + (run.getRestarts() == null ? "" : ", after " + run.getRestarts() + " restart(s)"));
      }
      if (run.getWorkflowRun() != null) {
        line(out, "workflow", "run " + run.getWorkflowRun());
      }
      line(out, "handed", handed(podsByName.get(run.getName())));
      if (run.getMessage() != null && !run.getMessage().isEmpty()) {
        line(out, wroteByContainer(run) ? "wrote" : "message", run.getMessage());
      }
      if (run.getSteps() != null && !run.getSteps().isEmpty()) {
        line(out, "steps", run.getSteps().stream().map(RunReport::step).collect(Collectors.joining(", ")));
      }
      if (run.getActions() != null && !run.getActions().isEmpty()) {
        line(out, "actions", run.getActions().stream().map(RunReport::action).collect(Collectors.joining("; ")));
      }
    }
    return out.toString();
  }

  /** Whether the run's message is its termination message, not Orca's word on what went wrong. */
  private static boolean wroteByContainer(RunRecord run) {
    return run.getExitCode() != null && ("Completed".equals(run.getReason()) || "Error".equals(run.getReason()));
  }

  private static void line(StringBuilder out, String label, String text) {
    out.append("  ").append(String.format("%-8s", label)).append(' ').append(text.replace("\n", "\n           "))
        .append('\n');
  }

  private static String handed(Pod pod) {
    if (pod == null) {
      return "(not known: the run has no pod any more)";
    }
    Optional<String> data = Stream.concat(pod.getSpec().getInitContainers().stream(),
            pod.getSpec().getContainers().stream())
        .map(Container::getEnv).filter(Objects::nonNull).flatMap(List::stream)
        .filter(e -> DATA_VARIABLE.equals(e.getName())).map(EnvVar::getValue).findFirst();
    return data.map(d -> d == null || d.isEmpty() ? "(nothing)" : d).orElse("(nothing)");
  }

  private static String step(StepStatus step) {
    String text = step.getName() + " " + step.getState();
    if (step.getExitCode() != null) {
      text += " (exit code " + step.getExitCode() + (step.getReason() == null || "Completed".equals(step.getReason())
          ? "" : ", " + step.getReason()) + ")";
    }
    return text;
  }

  private static String action(ActionStatus action) {
    String text = action.getName() + ": " + action.getState();
    if (action.getAttempts() != null && action.getAttempts() > 1) {
      text += " after " + action.getAttempts() + " attempts";
    }
    return action.getMessage() == null || action.getMessage().isEmpty() ? text : text + " (" + action.getMessage()
        + ")";
  }
}
