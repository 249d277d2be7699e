package cloud.sirocco.orca.cli.graph;

import cloud.sirocco.orca.cli.RunText;
import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.IgnitorSpec;
import cloud.sirocco.orca.model.IgnitorStatus;
import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.schedule.InvalidScheduleException;
import cloud.sirocco.orca.schedule.Schedule;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What a node of the graph says about its object, in every output format: state, last run, schedule. */
public final class NodeText {

  private NodeText() {}

  /**
   * The Task's state: {@code InvalidSpec} or {@code ReconcileError} when its Ready condition is False (it does not
   * run, or the operator cannot complete a pass), else {@code status.state}, {@code Pending} before any status.
   */
  public static String state(Task task) {
    TaskStatus status = task.getStatus();
    if (status == null) {
      return "Pending";
    }
    Optional<Condition> notReady = status.getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()) && "False".equals(c.getStatus())).findFirst();
    if (notReady.isPresent() && notReady.get().getReason() != null) {
      return notReady.get().getReason();
    }
    return status.getState() == null ? "Pending" : status.getState();
  }

  /** The newest run, if any. */
  public static Optional<RunRecord> lastRun(Task task) {
    TaskStatus status = task.getStatus();
    return status == null || status.getRuns() == null || status.getRuns().isEmpty() ? Optional.empty()
        : Optional.of(status.getRuns().get(0));
  }

  /** E.g. {@code last run Failed 2026-12-03T02:00:05Z, took 7s: Error, exit code 1} or {@code never ran}. */
  public static String lastRunText(Task task) {
    return lastRun(task).map(run -> "last run " + RunText.summary(run)).orElse("never ran");
  }

  /**
   * The last run in short lines for a picture, under the Task's name and state: e.g. {@code [last run
   * 2026-12-03T02:00:05Z, took 7s: Error, exit code 1]} as two lines, or {@code [never ran]}.
   */
  public static List<String> lastRunLines(Task task) {
    Optional<RunRecord> last = lastRun(task);
    if (last.isEmpty()) {
      return List.of("never ran");
    }
    RunRecord run = last.get();
    if (run.getFinishTime() == null) {
      return List.of("running since", String.valueOf(run.getStartTime()));
    }
    List<String> how = new ArrayList<>();
    RunText.took(run).ifPresent(d -> how.add("took " + d));
    how.addAll(RunText.ending(run));
    return List.of("last run " + run.getFinishTime(), String.join(", ", how));
  }

  /** E.g. {@code cron "0 2 * * *" UTC, next 2026-12-04T02:00:00Z, fired 3 times}. */
  public static String ignitor(Ignitor ignitor) {
    IgnitorSpec spec = ignitor.getSpec();
    IgnitorStatus status = ignitor.getStatus();
    List<String> parts = new ArrayList<>();
    parts.add(schedule(spec));
    if (Boolean.TRUE.equals(spec.getSuspend())) {
      parts.add("suspended");
    }
    if (status != null && status.getNextFireTime() != null && !status.getNextFireTime().isEmpty()) {
      parts.add("next " + status.getNextFireTime());
    }
    int fires = status == null || status.getFireCount() == null ? 0 : status.getFireCount();
    parts.add(fires == 0 ? "never fired" : "fired " + (fires == 1 ? "once" : fires + " times") + ", last "
        + status.getLastFireTime());
    return String.join(", ", parts);
  }

  /** {@code NOW}, {@code at <time>}, {@code cron "<expression>" <zone>}, read as the operator reads them. */
  public static String schedule(IgnitorSpec spec) {
    try {
      Schedule schedule = Schedule.parse(spec.getScheduled(), Schedule.zone(spec.getTimeZone()));
      if (schedule instanceof Schedule.At at) {
        return "at " + at.at();
      }
      if (schedule instanceof Schedule.Cron cron) {
        return "cron \"" + cron.expression() + "\" " + cron.zone();
      }
      return "NOW";
    } catch (InvalidScheduleException e) {
      return "invalid schedule \"" + spec.getScheduled() + "\"";
    }
  }
}
