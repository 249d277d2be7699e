package cloud.sirocco.orca.cli;

import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.names.StartedBy;
import cloud.sirocco.orca.schedule.Periods;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How every command words a run: its outcome, when, how long, and why it ended so. */
public final class RunText {

  private RunText() {}

  /** E.g. {@code Failed 2026-12-03T02:00:05Z, 7s: Error, exit code 1}; {@code Running since ...}. */
  public static String summary(RunRecord run) {
    String phase = run.getPhase() == null ? "Pending" : run.getPhase();
    if (run.getFinishTime() == null) {
      // An ended run seen on its pod before the Task's status records its finish: the phase alone.
      boolean ended = "Succeeded".equals(phase) || "Failed".equals(phase);
      return phase + (run.getStartTime() == null || ended ? "" : " since " + run.getStartTime());
    }
    String text = phase + " " + run.getFinishTime() + took(run).map(d -> ", took " + d).orElse("");
    List<String> why = ending(run);
    return why.isEmpty() || "Succeeded".equals(phase) ? text : text + ": " + String.join(", ", why);
  }

  /** The reason and exit code of a run that did not succeed, e.g. {@code [Error, exit code 1]}. */
  public static List<String> ending(RunRecord run) {
    List<String> parts = new ArrayList<>();
    if (run.getReason() != null && !"Completed".equals(run.getReason())) {
      parts.add(run.getReason());
    }
    if (run.getExitCode() != null && run.getExitCode() != 0) {
      parts.add("exit code " + run.getExitCode());
    }
    return parts;
  }

  /** How long a finished run took, as status writes durations (1m5s). */
  public static Optional<String> took(RunRecord run) {
    if (run.getStartTime() == null || run.getFinishTime() == null) {
      return Optional.empty();
    }
    return Optional.of(
        Periods.format(Duration.between(Instant.parse(run.getStartTime()), Instant.parse(run.getFinishTime()))));
  }

  /**
   * How a trigger reads: {@code Ignitor nightly}, {@code the success of extract}, {@code the failure of report},
   * {@code the success of all of extract, load}.
   */
  public static String trigger(String kind, String initiator) {
    if (kind == null) {
      return initiator;
    }
    String asNamed = kind + " of " + initiator;
    return StartedBy.ofLabel(kind).map(startedBy -> switch (startedBy) {
      case IGNITION -> "Ignitor " + initiator;
      case SUCCESS, FAILURE -> "the " + kind.toLowerCase() + " of " + initiator;
      // A new run's initiator is its RunRequest; a replay's, the replayed run's.
      case MANUAL -> "a RunRequest (initiator " + initiator + ")";
      // A joined run's initiator lists the joined Tasks, comma-separated.
      case JOIN -> "the success of all of " + String.join(", ", initiator.split(","));
    }).orElse(asNamed);
  }
}
