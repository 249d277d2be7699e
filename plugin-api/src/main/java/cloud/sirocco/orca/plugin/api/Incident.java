package cloud.sirocco.orca.plugin.api;

import java.time.Instant;
import java.util.Objects;

/**
 * The incident a notice is about: a Task's streak of consecutive failed runs. An action set to notify on changes
 * runs once when an incident opens ({@link #recovered()} false, {@link #failures()} 1) and once when a successful run
 * ends it ({@link #recovered()} true).
 *
 * <p>A recovery keeps {@link ActionContext#outcome()} {@link RunOutcome#SUCCEEDED}: a plugin written before incidents
 * existed reports it as the success it is, rather than mistaking a new outcome for a failure.
 *
 * @param since when the failed run that opened the incident finished
 * @param failures failed runs in the incident: 1 when it opens, all of them when it ends
 * @param recovered whether this notice is the recovery that ends the incident
 */
public record Incident(Instant since, int failures, boolean recovered) {

  public Incident {
    Objects.requireNonNull(since, "since");
  }
}
