package cloud.sirocco.orca.graph;

import cloud.sirocco.orca.model.TaskSpec;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** The three ways a Task starts, each read from its own list in the spec. */
public enum TriggerKind {
  IGNITION("startOnIgnition", TaskSpec::getStartOnIgnition),
  SUCCESS("startOnSuccess", TaskSpec::getStartOnSuccess),
  FAILURE("startOnFailure", TaskSpec::getStartOnFailure);

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

  /** {@code Ignition}, {@code Success} or {@code Failure}: how status and labels name this kind. */
  public String label() {
    return name().charAt(0) + name().substring(1).toLowerCase();
  }
}
