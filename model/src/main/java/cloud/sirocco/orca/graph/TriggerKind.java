package cloud.sirocco.orca.graph;

import cloud.sirocco.orca.model.TaskSpec;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The trigger lists of a Task's spec: the edges of the trigger graph. A RunRequest starts a Task without a list
 * naming it, so what started a run is a {@code StartedBy}, not one of these.
 */
public enum TriggerKind {
  IGNITION("startOnIgnition", TaskSpec::getStartOnIgnition),
  SUCCESS("startOnSuccess", TaskSpec::getStartOnSuccess),
  FAILURE("startOnFailure", TaskSpec::getStartOnFailure),
  /** An AND-join: every Task named succeeded in one workflow run. */
  JOIN("startOnAllSucceeded", TaskSpec::getStartOnAllSucceeded);

  /** The kinds whose lists name Tasks, in this order: the edges between Tasks in the trigger graph. */
  public static final Set<TriggerKind> BETWEEN_TASKS = Collections.unmodifiableSet(EnumSet.of(SUCCESS, FAILURE, JOIN));

  private final String field;
  private final Function<TaskSpec, List<String>> list;

  TriggerKind(String field, Function<TaskSpec, List<String>> list) {
    this.field = field;
    this.list = list;
  }

  /** The spec field, e.g. {@code startOnSuccess}. */
  public String field() {
    return field;
  }

  /** The names in this trigger list; empty when unset. */
  public List<String> sources(TaskSpec spec) {
    List<String> names = spec == null ? null : list.apply(spec);
    return names == null ? List.of() : names.stream().filter(Objects::nonNull).toList();
  }

  /** {@code Ignition}, {@code Success}, {@code Failure} or {@code Join}: how status, labels and Events name this kind. */
  public String label() {
    return name().charAt(0) + name().substring(1).toLowerCase();
  }
}
