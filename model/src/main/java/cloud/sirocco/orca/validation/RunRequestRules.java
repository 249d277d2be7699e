package cloud.sirocco.orca.validation;

import cloud.sirocco.orca.model.Defaults;
import cloud.sirocco.orca.model.RejectedRun;
import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.RunRequest;
import cloud.sirocco.orca.model.RunRequestSpec;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.model.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules of a {@link RunRequest}, shared by the webhook (to refuse it) and the operator (to fail it, when the
 * webhook was bypassed or the Task changed since): a name that fits a label, a Task that exists and, for a replay,
 * one of its runs that had a pod.
 */
public final class RunRequestRules {

  private RunRequestRules() {}

  public static Verdict check(RunRequest request, NamespaceView view) {
    List<Violation> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    String name = request.getMetadata().getName();
    if (name != null && name.length() > WorkflowRules.MAX_LABEL) {
      errors.add(new Violation("metadata.name", "must be at most " + WorkflowRules.MAX_LABEL + " characters (it has "
          + name.length() + "): the run carries it in its orca.sirocco.cloud/initiator label; use a shorter "
          + "metadata.generateName, which the API server cuts to fit"));
    }
    RunRequestSpec spec = request.getSpec();
    if (spec == null || spec.getTask() == null || spec.getTask().isEmpty()) {
      errors.add(new Violation("spec.task", "is required: the name of the Task to run"));
      return new Verdict(errors, warnings);
    }
    Optional<Task> task = view.task(spec.getTask());
    if (task.isEmpty()) {
      errors.add(new Violation("spec.task", "Task \"" + spec.getTask() + "\" does not exist in namespace \""
          + view.namespace() + "\""));
    }
    if (spec.getData() != null && spec.getData().indexOf('\u0000') >= 0) {
      errors.add(new Violation("spec.data", "contains a NUL character, which no environment variable (ORCA_DATA) "
          + "can hold"));
    }
    if (spec.getReplay() != null) {
      if (spec.getData() != null) {
        errors.add(new Violation("spec.data", "cannot be used with spec.replay: a replay is handed the data its run "
            + "was handed"));
      }
      task.ifPresent(t -> checkReplay(t, spec.getReplay(), errors, warnings));
    }
    return new Verdict(errors, warnings);
  }

  /**
   * A replay reads its data from the replayed run's pod: a run whose pod the API server refused never had one. Whether
   * a listed run's pod is still kept (the history limits) only the operator can tell: the requester is warned.
   */
  private static void checkReplay(Task task, String replay, List<Violation> errors, List<String> warnings) {
    List<RunRecord> runs = task.getStatus() == null ? List.of() : task.getStatus().getRuns();
    Optional<RunRecord> run = runs.stream().filter(r -> replay.equals(r.getName())).findFirst();
    if (run.isEmpty()) {
      errors.add(new Violation("spec.replay", "Task \"" + task.getMetadata().getName() + "\" has no run \"" + replay
          + "\"; its status.runs lists: " + String.join(", ", runs.stream().map(RunRecord::getName).toList())));
    } else if (RejectedRun.REASON.equals(run.get().getReason())) {
      errors.add(new Violation("spec.replay", "run \"" + replay + "\" of Task \"" + task.getMetadata().getName()
          + "\" never had a pod (the API server refused it), so there is no data to replay; create a RunRequest "
          + "with spec.data instead"));
    } else {
      TaskSpec spec = task.getSpec() == null ? new TaskSpec() : task.getSpec();
      warnings.add("a replay reads run \"" + replay + "\"'s pod, and Task \"" + task.getMetadata().getName()
          + "\" keeps only the pods of its last "
          + Objects.requireNonNullElse(spec.getSuccessfulRunsHistoryLimit(), Defaults.SUCCESSFUL_RUNS_HISTORY_LIMIT) + " succeeded and "
          + Objects.requireNonNullElse(spec.getFailedRunsHistoryLimit(), Defaults.FAILED_RUNS_HISTORY_LIMIT) + " failed runs "
          + "(successfulRunsHistoryLimit, failedRunsHistoryLimit) while status.runs lists up to 10: if the pod is "
          + "gone, the request ends Failed");
    }
  }

}
