package cloud.sirocco.orca.deadline;

import cloud.sirocco.orca.cluster.Cluster;
import cloud.sirocco.orca.graph.TriggerPaths;
import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.Overdue;
import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.SuccessDeadline;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.run.IgnitorFire;
import cloud.sirocco.orca.run.RunPhase;
import cloud.sirocco.orca.run.Trigger;
import cloud.sirocco.orca.status.Conditions;
import cloud.sirocco.orca.status.Times;
import cloud.sirocco.orca.validation.NamespaceView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A success deadline within the workflow run: after each fire of an Ignitor upstream of the Task, a run of the Task
 * in the workflow run that fire began must succeed within the period. The fire is the Ignitor's latest, read from its
 * status, and its workflow run's id is derived from it as its runs' is; a RunRequest's run opens no window.
 *
 * <p>Each fire is judged once, when its window ends, and recorded ({@code status.judgedWorkflowRuns}), so that a
 * restart, or the run leaving the bounded history, never judges it again. A late workflow run opens an episode of its
 * own, kept per Ignitor until the next late one ({@code status.overdueWorkflowRuns}); a success of the Task in that
 * workflow run or in a later fire's ends it.
 */
final class WorkflowRunDeadlines {

  /** Whether the Task is overdue now, and when the next window ends. */
  record Judgement(boolean overdue, Optional<Instant> next) {}

  private final Cluster cluster;
  private final OverdueNotices notices;

  WorkflowRunDeadlines(Cluster cluster, OverdueNotices notices) {
    this.cluster = cluster;
    this.notices = notices;
  }

  Judgement converge(Task task, TaskStatus status, NamespaceView view, Duration period, Instant now,
      Runnable actionsDone) {
    SuccessDeadline deadline = task.getSpec().getSuccessDeadline();
    String name = task.getMetadata().getName();
    Set<String> ignitors = TriggerPaths.around(task, view::task)
        .ignitorsUpstream(name);
    forgetIgnitors(task, status, ignitors);
    Optional<Instant> next = Optional.empty();
    for (String ignitor : ignitors) {
      Optional<Ignitor> object = view.ignitor(ignitor);
      // A cron fire from before the Task was created starts no run of it: no window to judge.
      Optional<IgnitorFire> fire = object.flatMap(IgnitorFire::latest).filter(f -> f.reaches(task, object.get()));
      Optional<String> workflowRun = fire.map(f -> Trigger.ignition(ignitor, f, null).workflowRun());
      episode(status, ignitor).filter(OverdueNotices::open).ifPresent(open -> recover(task, status, open, workflowRun));
      if (fire.isEmpty()) {
        continue;
      }
      Instant due = Instant.parse(fire.get().time()).plus(period);
      if (now.isBefore(due)) {
        next = next.filter(earlier -> earlier.isBefore(due)).or(() -> Optional.of(due));
      } else if (!workflowRun.get().equals(status.getJudgedWorkflowRuns().get(ignitor))) {
        status.getJudgedWorkflowRuns().put(ignitor, workflowRun.get());
        if (success(status, Set.of(workflowRun.get())).filter(r -> finishedBy(r, due)).isEmpty()) {
          open(task, status, ignitor, workflowRun.get(), due, deadline, period);
        }
      }
    }
    List<Overdue> open = new ArrayList<>();
    for (Overdue episode : status.getOverdueWorkflowRuns()) {
      if (OverdueNotices.open(episode)) {
        open.add(episode);
        notices.overdue(task, status, deadline, episode, fired(episode, period), message(episode, deadline, period),
            actionsDone);
      } else {
        notices.recovery(task, status, deadline, episode, actionsDone);
      }
    }
    Long generation = task.getMetadata().getGeneration();
    if (!open.isEmpty()) {
      Conditions.set(status.getConditions(), SuccessDeadlines.CONDITION, true, "NoSuccessInWorkflowRun",
          message(open.get(0), deadline, period) + (open.size() > 1 ? " (and " + (open.size() - 1) + " more)" : ""),
          generation, now);
    } else {
      Conditions.set(status.getConditions(), SuccessDeadlines.CONDITION, false, "SucceededInTime",
          next.map(due -> "The workflow run of the latest fire must have a successful run by " + Times.rfc3339(due))
              .orElse("No workflow run is waiting for a successful run")
              + " (within " + deadline.getWithinWorkflowRun() + " of its Ignitor's fire)", generation, now);
    }
    return new Judgement(!open.isEmpty(), next);
  }

  /** Ends the open episodes and forgets the judgements: the deadline within the workflow run is gone. */
  void clear(Task task, TaskStatus status, String why) {
    status.getOverdueWorkflowRuns().stream().filter(OverdueNotices::open).forEach(open -> end(task, open,
        Optional.empty(), why));
    status.getOverdueWorkflowRuns().clear();
    status.getJudgedWorkflowRuns().clear();
  }

  /** Keeps the state bounded by the Ignitors upstream: one no longer upstream ends its episode. */
  private void forgetIgnitors(Task task, TaskStatus status, Set<String> ignitors) {
    status.getOverdueWorkflowRuns().stream()
        .filter(episode -> OverdueNotices.open(episode) && !ignitors.contains(episode.getIgnitor()))
        .forEach(open -> end(task, open, Optional.empty(), "Ignitor " + open.getIgnitor()
            + " is no longer upstream of the Task"));
    status.getOverdueWorkflowRuns().removeIf(episode -> !ignitors.contains(episode.getIgnitor()));
    status.getJudgedWorkflowRuns().keySet().retainAll(ignitors);
  }

  /** A success in the episode's workflow run, or in the one of the Ignitor's latest fire, ends the episode. */
  private void recover(Task task, TaskStatus status, Overdue episode, Optional<String> latest) {
    Set<String> workflowRuns = new HashSet<>(Set.of(episode.getWorkflowRun()));
    latest.ifPresent(workflowRuns::add);
    success(status, workflowRuns).ifPresent(run -> end(task, episode, Optional.of(run), "Run " + run.getName()
        + " succeeded in workflow run " + run.getWorkflowRun()));
  }

  private void end(Task task, Overdue episode, Optional<RunRecord> success, String why) {
    OverdueNotices.end(episode, success);
    cluster.event(task, "Normal", "OverdueEnded", why + ": the Task is no longer overdue in workflow run "
        + episode.getWorkflowRun() + " (since " + episode.getSince() + ")");
  }

  /** Opens the episode of a late workflow run, in place of the Ignitor's previous one. */
  private void open(Task task, TaskStatus status, String ignitor, String workflowRun, Instant due,
      SuccessDeadline deadline, Duration period) {
    Overdue episode = new Overdue();
    episode.setIgnitor(ignitor);
    episode.setWorkflowRun(workflowRun);
    episode.setSince(Times.rfc3339(due));
    status.getOverdueWorkflowRuns().removeIf(previous -> ignitor.equals(previous.getIgnitor()));
    status.getOverdueWorkflowRuns().add(episode);
    cluster.event(task, "Warning", SuccessDeadlines.OVERDUE, message(episode, deadline, period));
  }

  private static Optional<Overdue> episode(TaskStatus status, String ignitor) {
    return status.getOverdueWorkflowRuns().stream().filter(e -> ignitor.equals(e.getIgnitor())).findFirst();
  }

  private static Optional<RunRecord> success(TaskStatus status, Set<String> workflowRuns) {
    return status.getRuns().stream()
        .filter(r -> RunPhase.Succeeded.name().equals(r.getPhase()) && workflowRuns.contains(r.getWorkflowRun()))
        .findFirst();
  }

  private static boolean finishedBy(RunRecord run, Instant due) {
    return run.getFinishTime() != null && !Instant.parse(run.getFinishTime()).isAfter(due);
  }

  /** When the fire that began the episode's workflow run was: its window is the period before the episode. */
  private static Instant fired(Overdue episode, Duration period) {
    return Instant.parse(episode.getSince()).minus(period);
  }

  private static String message(Overdue episode, SuccessDeadline deadline, Duration period) {
    return "No successful run in workflow run " + episode.getWorkflowRun() + ", begun by the fire of Ignitor "
        + episode.getIgnitor() + " at " + Times.rfc3339(fired(episode, period)) + ": the Task must succeed within " + deadline.getWithinWorkflowRun()
        + " of the fire, and was due by " + episode.getSince();
  }
}
