package cloud.sirocco.orca.validation;

import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.RunRequest;
import cloud.sirocco.orca.model.RunRequestSpec;
import cloud.sirocco.orca.model.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules of a {@link RunRequest}, shared by the webhook (to refuse it) and the operator (to fail it, when the
 * webhook was bypassed or the Task changed since): it names a Task that exists and, for a replay, one of its runs.
 */
public final class RunRequestRules {

  private RunRequestRules() {}

  public static Verdict check(RunRequest request, NamespaceView view) {
    List<Violation> errors = new ArrayList<>();
    RunRequestSpec spec = request.getSpec();
    if (spec == null || spec.getTask() == null || spec.getTask().isEmpty()) {
      errors.add(new Violation("spec.task", "is required: the name of the Task to run"));
      return new Verdict(errors, List.of());
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
      task.filter(t -> !knownRun(t, spec.getReplay())).ifPresent(t -> errors.add(new Violation("spec.replay",
          "Task \"" + t.getMetadata().getName() + "\" has no run \"" + spec.getReplay() + "\"; its status.runs "
              + "lists: " + String.join(", ", runs(t)))));
    }
    return new Verdict(errors, List.of());
  }

  private static boolean knownRun(Task task, String run) {
    return runs(task).contains(run);
  }

  private static List<String> runs(Task task) {
    return task.getStatus() == null ? List.of() : task.getStatus().getRuns().stream().map(RunRecord::getName)
        .toList();
  }
}
