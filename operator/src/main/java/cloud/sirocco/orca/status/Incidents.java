package cloud.sirocco.orca.status;

import cloud.sirocco.orca.model.Incident;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.run.RunPhase;
import cloud.sirocco.orca.run.RunState;
import java.time.Instant;
import java.util.Optional;

/**
 * One notice per incident. An incident is a Task's streak of consecutive failed runs (a closed join that notifies
 * counts as one): the failure that opens it and the success that ends it are each named in the Task's status
 * ({@code incident.openedBy}, {@code incident.recoveredBy}) in the same write that records the run. A run's actions may start in the pass before
 * that write lands, so the notice is derived from the runs the pass records, the same way on every pass: an operator
 * restarted in the middle of a run's actions sends the same notice again (with the same idempotency key), never a
 * second one for a repeated failure, and never loses the recovery.
 *
 * <p>A notice whose run's actions were cut short by a restart after a newer incident had opened is not sent: it
 * would be stale. With {@code concurrencyPolicy: Allow}, two runs finishing close together around such a restart
 * may be recorded in the other order afterwards and both get the opening notice.
 */
public final class Incidents {

  private Incidents() {}

  /**
   * What a notice tells: when the incident opened, its failed runs so far (1 for the failure that opens it), and
   * whether it is the recovery.
   */
  public record Notice(Instant since, int failures, boolean recovered) {}

  /** Counts a finished run (once, when it is recorded) into the Task's incident. */
  static void count(TaskStatus status, String run, RunState state) {
    if (state.phase() == RunPhase.Failed) {
      countFailure(status, run, state.finishTime());
      return;
    }
    Incident incident = status.getIncident();
    if (incident != null && incident.getRecoveredBy() == null) {
      incident.setRecoveredBy(run);
      incident.setRecoveredAt(Times.rfc3339(state.finishTime()));
    }
  }

  /**
   * Counts a failure (once, when it is recorded) into the Task's incident: a failed run's, or one no run pod stands
   * for, such as a closed join's, named {@code run} after its stand-in.
   */
  public static void countFailure(TaskStatus status, String run, Instant finished) {
    Incident incident = status.getIncident();
    if (incident != null && incident.getRecoveredBy() == null) {
      incident.setFailures(incident.getFailures() + 1);
      return;
    }
    Incident opened = new Incident();
    opened.setSince(Times.rfc3339(finished));
    opened.setFailures(1);
    opened.setOpenedBy(run);
    status.setIncident(opened);
  }

  /** The notice a finished run carries: it opened the Task's incident, or ended it; empty for any other run. */
  public static Optional<Notice> notice(TaskStatus status, String run) {
    Incident incident = status.getIncident();
    if (incident == null) {
      return Optional.empty();
    }
    Instant since = Instant.parse(incident.getSince());
    if (run.equals(incident.getRecoveredBy())) {
      return Optional.of(new Notice(since, incident.getFailures(), true));
    }
    return run.equals(incident.getOpenedBy()) ? Optional.of(new Notice(since, 1, false)) : Optional.empty();
  }
}
