package cloud.sirocco.orca.cli.why;

import io.fabric8.kubernetes.api.model.Event;
import java.util.Map;

/**
 * The Events the operator records on a Task, each introduced by what it means for the Task's runs. A reason not
 * listed is shown with its own message: a new reason needs no change here to be seen, one entry to be explained.
 */
final class EventReadings {

  private static final Map<String, String> LEADS = Map.ofEntries(
      Map.entry("RunStarted", "A run started"),
      Map.entry("RunRequested", "A RunRequest started a run"),
      Map.entry("RunSucceeded", "A run succeeded"),
      Map.entry("RunFailed", "A run failed"),
      Map.entry("RunReplaced", "A run was stopped for a newer one (concurrencyPolicy Replace)"),
      Map.entry("TriggerSkipped", "A trigger was skipped, as a run was still in flight"),
      Map.entry("TriggerIgnored", "A trigger was ignored, as the Task was invalid"),
      Map.entry("RetryLimitReached", "The retry loop stopped: retryLimit reached"),
      Map.entry("PodRejected", "The API server refused a run's pod"),
      Map.entry("RunNameTaken", "A run could not start: another pod has its name"),
      Map.entry("ReconcileError", "The operator's pass failed"),
      Map.entry("NotReconciled", "The operator did not take the Task up"),
      Map.entry("SecretUnavailable", "An action ran without its Secret"),
      Map.entry("Overdue", "It missed its success deadline"),
      Map.entry("OverdueEnded", "It is no longer overdue"));

  private EventReadings() {}

  /** E.g. {@code A trigger was skipped, as a run was still in flight: Skipped the success of extract: ...}. */
  static String explain(Event event) {
    String lead = LEADS.get(event.getReason());
    String count = event.getCount() != null && event.getCount() > 1 ? " (" + event.getCount() + " times)" : "";
    return (lead == null ? event.getType() + " " + event.getReason() : lead) + count + ": " + event.getMessage();
  }

  /** Whether the Event says something went wrong or was left undone. */
  static boolean warning(Event event) {
    return "Warning".equals(event.getType());
  }
}
