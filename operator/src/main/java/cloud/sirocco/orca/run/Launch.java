package cloud.sirocco.orca.run;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/**
 * What {@link RunLauncher#launch} did for a trigger: its run's pod (started now, or found from an earlier start), or
 * why it has none.
 *
 * @param run the trigger's run, if it has one
 * @param skipped whether the Task's concurrencyPolicy Forbid skipped it while another run was in flight
 * @param reason why there is no run, as the Task's Event says; null when there is one
 */
public record Launch(Optional<Pod> run, boolean skipped, String reason) {

  static Launch of(Pod run) {
    return new Launch(Optional.of(run), false, null);
  }

  static Launch skipped(String reason) {
    return new Launch(Optional.empty(), true, reason);
  }

  static Launch notStarted(String reason) {
    return new Launch(Optional.empty(), false, reason);
  }
}
