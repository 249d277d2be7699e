package cloud.sirocco.orca.cli.why;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What each condition type of a Task means when it reports a problem. A new condition type is one entry in
 * {@link #KNOWN}; a type not listed is still shown, in general words, whenever it is not in its usual state.
 */
final class ConditionReadings {

  /**
   * How one condition type reads: the status that means trouble ({@code False} for Ready, {@code True} for Overdue),
   * and the sentence for it.
   */
  record Reading(String troubleStatus, Function<Condition, String> sentence) {}

  private static final Map<String, Reading> KNOWN = Map.of(
      "Ready", new Reading("False", ConditionReadings::notReady),
      "ActionsResolved", new Reading("False",
          c -> "An action it names is provided by no installed plugin: " + c.getMessage()),
      "Overdue", new Reading("True",
          c -> "It is overdue: " + c.getMessage()));

  private ConditionReadings() {}

  /** The sentence for a condition that reports a problem; empty when it reports none. */
  static Optional<String> explain(Condition condition) {
    Reading reading = KNOWN.get(condition.getType());
    if (reading == null) {
      // Unknown types come from a newer operator: shown, since the plugin cannot tell which status is the usual one.
      return Optional.of("Condition " + condition.getType() + " is " + condition.getStatus()
          + (condition.getReason() == null ? "" : " (" + condition.getReason() + ")")
          + (condition.getMessage() == null ? "" : ": " + condition.getMessage()));
    }
    return reading.troubleStatus().equals(condition.getStatus()) ? Optional.of(reading.sentence().apply(condition))
        : Optional.empty();
  }

  private static String notReady(Condition ready) {
    return switch (String.valueOf(ready.getReason())) {
      case "InvalidSpec" -> "Its spec breaks Orca's rules, so it never runs until fixed: " + ready.getMessage();
      case "ReconcileError" -> "The operator could not complete its last pass over it and keeps retrying: "
          + ready.getMessage();
      default -> "It is not ready (" + ready.getReason() + "): " + ready.getMessage();
    };
  }
}
