package cloud.sirocco.orca.names;

import cloud.sirocco.orca.graph.TriggerKind;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What started a run: one of the Task's trigger lists, or a RunRequest naming the Task. Its {@link #label()} is the
 * value of the run pod's {@link RunNames#TRIGGER_LABEL} and of {@code status.runs[].trigger}, which users select and
 * read by.
 */
public enum StartedBy {
  IGNITION(TriggerKind.IGNITION),
  SUCCESS(TriggerKind.SUCCESS),
  FAILURE(TriggerKind.FAILURE),
  JOIN(TriggerKind.JOIN),
  /** A RunRequest: it names the Task, no trigger list does. */
  MANUAL(null);

  private final TriggerKind list;

  StartedBy(TriggerKind list) {
    this.list = list;
  }

  /** What started a run that {@code kind}'s list started. */
  public static StartedBy of(TriggerKind kind) {
    Objects.requireNonNull(kind, "kind");
    return Arrays.stream(values()).filter(startedBy -> startedBy.list == kind).findFirst().orElseThrow();
  }

  /** What a run's trigger {@code label} names; empty for a value Orca does not write. */
  public static Optional<StartedBy> ofLabel(String label) {
    return Arrays.stream(values()).filter(startedBy -> startedBy.label().equals(label)).findFirst();
  }

  /** {@code Ignition}, {@code Success}, {@code Failure}, {@code Join} or {@code Manual}. */
  public String label() {
    return list == null ? "Manual" : list.label();
  }
}
