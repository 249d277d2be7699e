package cloud.sirocco.orca.deadline;

import cloud.sirocco.orca.action.RunActions;
import cloud.sirocco.orca.cluster.Cluster;
import cloud.sirocco.orca.model.Overdue;
import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.SuccessDeadline;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.run.RunPhase;
import cloud.sirocco.orca.run.RunState;
import cloud.sirocco.orca.run.StandInPod;
import cloud.sirocco.orca.schedule.Periods;
import cloud.sirocco.orca.status.Conditions;
import cloud.sirocco.orca.status.Incidents;
import cloud.sirocco.orca.status.RunHistory;
import cloud.sirocco.orca.status.Times;
import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Task's success deadline, a dead man's switch: when the Task has had no successful run for its period (counted
 * from its latest success, or from its creation before any), it is overdue until the next success.
 *
 * <p>Once per overdue episode: the episode is opened in the Task's status ({@code overdue.since}) in the same write
 * that raises the {@code Overdue} condition, and each notice of it (the deadline's actions, then their recovery) is
 * recorded there once done. A restarted operator finds the episode open and its notices recorded, so it neither
 * opens a second episode nor notifies twice; a notice cut short by the restart is sent again with the same
 * idempotency key. The {@value #GAUGE} gauge counts the Tasks overdue now.
 */
public final class SuccessDeadlines {

  /** The gauge's name as Prometheus scrapes it. */
  public static final String GAUGE = "orca_tasks_overdue";
  /** The condition's type. */
  public static final String CONDITION = "Overdue";
  /** The reason of a notice's stand-in run, as actions see it. */
  public static final String OVERDUE = "Overdue";
  public static final String RECOVERED = "Recovered";

  private final Cluster cluster;
  private final RunActions actions;
  /** The uids of the Tasks overdue now. */
  private final Set<String> overdue = ConcurrentHashMap.newKeySet();

  public SuccessDeadlines(Cluster cluster, RunActions actions, MeterRegistry meters) {
    this.cluster = cluster;
    this.actions = actions;
    // Registered at start, so that it is scraped as 0 before any Task is overdue.
    Gauge.builder(GAUGE, overdue, Set::size).description("Tasks whose success deadline passed with no successful run")
        .register(meters);
  }

  /**
   * Brings the Task's overdue episode, its condition and its notices up to date in {@code status} (the pass's copy,
   * its runs recorded); returns when the deadline passes, if it is ahead.
   */
  public Optional<Instant> converge(Task task, TaskStatus status, Instant now, Runnable actionsDone) {
    SuccessDeadline deadline = task.getSpec().getSuccessDeadline();
    Duration period = period(deadline);
    String uid = task.getMetadata().getUid();
    if (period == null) {
      overdue.remove(uid);
      status.getConditions().removeIf(c -> CONDITION.equals(c.getType()));
      // An episode left open would swallow the first one of a deadline added back later.
      Overdue episode = status.getOverdue();
      if (episode != null && episode.getRecoveredBy() == null) {
        cluster.event(task, "Normal", "OverdueEnded", "The success deadline was removed: the Task is no longer"
            + " overdue (since " + episode.getSince() + ")");
      }
      status.setOverdue(null);
      return Optional.empty();
    }
    Instant from = status.getLastSuccess() != null ? Instant.parse(status.getLastSuccess())
        : Instant.parse(task.getMetadata().getCreationTimestamp());
    Instant due = from.plus(period);
    Long generation = task.getMetadata().getGeneration();
    Overdue episode = status.getOverdue();
    boolean open = episode != null && episode.getRecoveredBy() == null;
    if (now.isBefore(due)) {
      overdue.remove(uid);
      if (open) {
        end(task, status, episode);
      }
      if (episode != null && episode.getRecoveredBy() != null && episode.getRecoveryActions() == null) {
        notifyRecovery(task, status, deadline, episode, actionsDone);
      }
      Conditions.set(status.getConditions(), CONDITION, false, "SucceededInTime",
          "The next successful run is due by " + Times.rfc3339(due) + " (within " + deadline.getWithin() + ")",
          generation, now);
      return Optional.of(due);
    }
    overdue.add(uid);
    String message = overdueMessage(status, deadline, due);
    if (!open) {
      episode = new Overdue();
      episode.setSince(Times.rfc3339(due));
      status.setOverdue(episode);
      cluster.event(task, "Warning", OVERDUE, message);
    }
    Conditions.set(status.getConditions(), CONDITION, true, "NoSuccessInTime", message, generation, now);
    if (episode.getActions() == null) {
      Overdue current = episode;
      RunState state = new RunState(RunPhase.Failed, OVERDUE, null, null, message, from, due, List.of(), 0);
      Incidents.Notice notice = new Incidents.Notice(due, RunHistory.failuresCount(status), false);
      actions.notify(task, standIn(task, episode, OVERDUE), state, deadline.getActions(), Optional.of(notice),
          actionsDone).ifPresent(current::setActions);
    }
    return Optional.empty();
  }

  /** Forgets a Task that is gone. */
  public void forget(Task task) {
    overdue.remove(task.getMetadata().getUid());
  }

  /** Ends the open episode: a success came, or the deadline moved (a longer period). */
  private void end(Task task, TaskStatus status, Overdue episode) {
    Optional<RunRecord> success = status.getRuns().stream()
        .filter(r -> RunPhase.Succeeded.name().equals(r.getPhase()))
        .filter(r -> r.getFinishTime() != null && r.getFinishTime().compareTo(episode.getSince()) >= 0)
        .findFirst();
    // Without a success there is nothing to recover from: the recovery is not notified.
    episode.setRecoveredBy(success.map(RunRecord::getName).orElse(""));
    episode.setRecoveryActions(success.isPresent() ? null : List.of());
    cluster.event(task, "Normal", "OverdueEnded", success.map(r -> "Run " + r.getName() + " succeeded")
        .orElse("The success deadline moved") + ": the Task is no longer overdue (since " + episode.getSince() + ")");
  }

  private void notifyRecovery(Task task, TaskStatus status, SuccessDeadline deadline, Overdue episode,
      Runnable actionsDone) {
    RunRecord run = status.getRuns().stream().filter(r -> r.getName().equals(episode.getRecoveredBy()))
        .findFirst().orElse(null);
    Instant since = Instant.parse(episode.getSince());
    Instant finished = run == null || run.getFinishTime() == null ? since : Instant.parse(run.getFinishTime());
    RunState state = new RunState(RunPhase.Succeeded, RECOVERED, 0, null, "run " + episode.getRecoveredBy()
        + " succeeded after the Task was overdue since " + episode.getSince(), since, finished, List.of(), 0);
    int failures = Incidents.notice(status, episode.getRecoveredBy()).map(Incidents.Notice::failures).orElse(0);
    actions.notify(task, standIn(task, episode, RECOVERED), state, deadline.getActions(),
        Optional.of(new Incidents.Notice(since, failures, true)), actionsDone).ifPresent(episode::setRecoveryActions);
  }

  /**
   * The run a notice stands for, never created: named after the Task and the episode, so that its idempotency key
   * ({@code <namespace>/<task>-overdue-<epoch second>/<action>}) is the same after a restart.
   */
  private static Pod standIn(Task task, Overdue episode, String reason) {
    long second = Instant.parse(episode.getSince()).getEpochSecond();
    String kind = reason.equals(OVERDUE) ? "overdue" : "recovered";
    // A notice belongs to no workflow run: an empty one, rather than one named after the stand-in.
    return StandInPod.of(task, task.getMetadata().getName() + "-" + kind + "-" + second, kind + "/" + second,
        "successDeadline", "");
  }

  private static String overdueMessage(TaskStatus status, SuccessDeadline deadline, Instant due) {
    return (status.getLastSuccess() == null ? "No successful run since the Task was created"
        : "No successful run since " + status.getLastSuccess()) + ": it must succeed within " + deadline.getWithin()
        + ", and was due by " + Times.rfc3339(due);
  }

  /** The deadline's period; none without a deadline, or with one that is not valid (its Ready condition says why). */
  private static Duration period(SuccessDeadline deadline) {
    if (deadline == null) {
      return null;
    }
    try {
      return Periods.parse(deadline.getWithin());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
