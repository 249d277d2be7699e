package cloud.sirocco.orca.deadline;

import cloud.sirocco.orca.action.RunActions;
import cloud.sirocco.orca.cluster.Cluster;
import cloud.sirocco.orca.model.Overdue;
import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.SuccessDeadline;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.run.RunPhase;
import cloud.sirocco.orca.schedule.Periods;
import cloud.sirocco.orca.status.Conditions;
import cloud.sirocco.orca.status.Times;
import cloud.sirocco.orca.validation.NamespaceView;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A Task's success deadline, a dead man's switch, in one of two forms. {@code within}: when the Task has had no
 * successful run for its period (counted from its latest success, or from its creation before any), it is overdue
 * until the next success. {@code withinWorkflowRun}: when a workflow run begun by an Ignitor upstream has no
 * successful run of the Task by the fire's time plus the period ({@link WorkflowRunDeadlines}).
 *
 * <p>Once per overdue episode: the episode is opened in the Task's status ({@code overdue}, or one of
 * {@code overdueWorkflowRuns}) in the same write that raises the {@code Overdue} condition, and each notice of it
 * (the deadline's actions, then their recovery) is recorded there once done ({@link OverdueNotices}). A restarted
 * operator finds the episode open and its notices recorded, so it neither opens a second episode nor notifies twice.
 * The {@value #GAUGE} gauge counts the Tasks overdue now.
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
  private final OverdueNotices notices;
  private final WorkflowRunDeadlines workflowRuns;
  /** The uids of the Tasks overdue now. */
  private final Set<String> overdue = ConcurrentHashMap.newKeySet();

  public SuccessDeadlines(Cluster cluster, RunActions actions, MeterRegistry meters) {
    this.cluster = cluster;
    this.notices = new OverdueNotices(actions);
    this.workflowRuns = new WorkflowRunDeadlines(cluster, notices);
    // Registered at start, so that it is scraped as 0 before any Task is overdue.
    Gauge.builder(GAUGE, overdue, Set::size).description("Tasks whose success deadline passed with no successful run")
        .register(meters);
  }

  /**
   * Brings the Task's overdue episodes, its condition and its notices up to date in {@code status} (the pass's copy,
   * its runs recorded); returns when a deadline passes next, if one is ahead.
   */
  public Optional<Instant> converge(Task task, TaskStatus status, NamespaceView view, Instant now,
      Runnable actionsDone) {
    SuccessDeadline deadline = task.getSpec().getSuccessDeadline();
    Duration sinceSuccess = period(deadline, SuccessDeadline::getWithin);
    Duration perWorkflowRun = period(deadline, SuccessDeadline::getWithinWorkflowRun);
    String uid = task.getMetadata().getUid();
    if (perWorkflowRun == null) {
      workflowRuns.clear(task, status, "The success deadline within the workflow run was removed");
    }
    if (sinceSuccess == null) {
      clearSinceSuccess(task, status);
    }
    if (sinceSuccess == null && perWorkflowRun == null) {
      overdue.remove(uid);
      status.getConditions().removeIf(c -> CONDITION.equals(c.getType()));
      return Optional.empty();
    }
    if (perWorkflowRun != null) {
      WorkflowRunDeadlines.Judgement judgement = workflowRuns.converge(task, status, view, perWorkflowRun, now,
          actionsDone);
      count(uid, judgement.overdue());
      return judgement.next();
    }
    return convergeSinceSuccess(task, status, deadline, sinceSuccess, now, actionsDone);
  }

  /**
   * The Tasks downstream of {@code ignitor}, however far, whose deadline is within the workflow run: its fires start
   * their windows, so they are to be woken by its fires as the Tasks it starts are.
   *
   * @param tasksTriggeredBy the Tasks that name a name in one of their trigger lists
   */
  public static Set<Task> awaitingFiresOf(String ignitor, Function<String, Collection<Task>> tasksTriggeredBy) {
    Set<String> seen = new HashSet<>();
    Set<Task> awaiting = new HashSet<>();
    Deque<String> queue = new ArrayDeque<>(List.of(ignitor));
    while (!queue.isEmpty()) {
      for (Task task : tasksTriggeredBy.apply(queue.poll())) {
        if (!seen.add(task.getMetadata().getName())) {
          continue;
        }
        queue.add(task.getMetadata().getName());
        SuccessDeadline deadline = task.getSpec() == null ? null : task.getSpec().getSuccessDeadline();
        if (deadline != null && deadline.getWithinWorkflowRun() != null) {
          awaiting.add(task);
        }
      }
    }
    return awaiting;
  }

  /** Forgets a Task that is gone. */
  public void forget(Task task) {
    overdue.remove(task.getMetadata().getUid());
  }

  private Optional<Instant> convergeSinceSuccess(Task task, TaskStatus status, SuccessDeadline deadline,
      Duration period, Instant now, Runnable actionsDone) {
    String uid = task.getMetadata().getUid();
    Instant from = status.getLastSuccess() != null ? Instant.parse(status.getLastSuccess())
        : Instant.parse(task.getMetadata().getCreationTimestamp());
    Instant due = from.plus(period);
    Long generation = task.getMetadata().getGeneration();
    Overdue episode = status.getOverdue();
    boolean open = OverdueNotices.open(episode);
    if (now.isBefore(due)) {
      count(uid, false);
      if (open) {
        end(task, status, episode);
      }
      if (episode != null) {
        notices.recovery(task, status, deadline, episode, actionsDone);
      }
      Conditions.set(status.getConditions(), CONDITION, false, "SucceededInTime",
          "The next successful run is due by " + Times.rfc3339(due) + " (within " + deadline.getWithin() + ")",
          generation, now);
      return Optional.of(due);
    }
    count(uid, true);
    String message = overdueMessage(status, deadline, due);
    if (!open) {
      episode = new Overdue();
      episode.setSince(Times.rfc3339(due));
      status.setOverdue(episode);
      cluster.event(task, "Warning", OVERDUE, message);
    }
    Conditions.set(status.getConditions(), CONDITION, true, "NoSuccessInTime", message, generation, now);
    notices.overdue(task, status, deadline, episode, from, message, actionsDone);
    return Optional.empty();
  }

  /** An episode left open would swallow the first one of a deadline added back later. */
  private void clearSinceSuccess(Task task, TaskStatus status) {
    Overdue episode = status.getOverdue();
    if (OverdueNotices.open(episode)) {
      cluster.event(task, "Normal", "OverdueEnded", "The success deadline was removed: the Task is no longer"
          + " overdue (since " + episode.getSince() + ")");
    }
    status.setOverdue(null);
  }

  private void count(String uid, boolean isOverdue) {
    if (isOverdue) {
      overdue.add(uid);
    } else {
      overdue.remove(uid);
    }
  }

  /** Ends the open episode: a success came, or the deadline moved (a longer period). */
  private void end(Task task, TaskStatus status, Overdue episode) {
    Optional<RunRecord> success = status.getRuns().stream()
        .filter(r -> RunPhase.Succeeded.name().equals(r.getPhase()))
        .filter(r -> r.getFinishTime() != null && r.getFinishTime().compareTo(episode.getSince()) >= 0)
        .findFirst();
    OverdueNotices.end(episode, success);
    cluster.event(task, "Normal", "OverdueEnded", success.map(r -> "Run " + r.getName() + " succeeded")
        .orElse("The success deadline moved") + ": the Task is no longer overdue (since " + episode.getSince() + ")");
  }

  private static String overdueMessage(TaskStatus status, SuccessDeadline deadline, Instant due) {
    return (status.getLastSuccess() == null ? "No successful run since the Task was created"
        : "No successful run since " + status.getLastSuccess()) + ": it must succeed within " + deadline.getWithin()
        + ", and was due by " + Times.rfc3339(due);
  }

  /**
   * One of the deadline's periods; none without a deadline, without that period, or with a deadline that is not
   * valid (both periods, or one that does not parse: its Ready condition says why).
   */
  private static Duration period(SuccessDeadline deadline, Function<SuccessDeadline, String> field) {
    if (deadline == null || field.apply(deadline) == null
        || deadline.getWithin() != null && deadline.getWithinWorkflowRun() != null) {
      return null;
    }
    try {
      return Periods.parse(field.apply(deadline));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
