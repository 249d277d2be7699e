package cloud.sirocco.orca.deadline;

import cloud.sirocco.orca.action.RunActions;
import cloud.sirocco.orca.model.Overdue;
import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.SuccessDeadline;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.run.RunPhase;
import cloud.sirocco.orca.run.RunState;
import cloud.sirocco.orca.run.StandInPod;
import cloud.sirocco.orca.status.Incidents;
import cloud.sirocco.orca.status.RunHistory;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The notices of an overdue episode, each sent once: the deadline's actions when it opens, and their recovery after
 * the success that ends it. Each is recorded in the episode once done; one cut short by a restart is sent again
 * under the same idempotency key, {@code <namespace>/<task>-overdue-<episode>/<action>}, where the episode is the
 * second its deadline passed or, within the workflow run, the workflow run's id.
 */
final class OverdueNotices {

  private final RunActions actions;

  OverdueNotices(RunActions actions) {
    this.actions = actions;
  }

  /** Runs the deadline's actions for the open {@code episode} unless done; {@code from} is when its window began. */
  void overdue(Task task, TaskStatus status, SuccessDeadline deadline, Overdue episode, Instant from, String message,
      Runnable actionsDone) {
    if (episode.getActions() != null) {
      return;
    }
    Instant due = Instant.parse(episode.getSince());
    RunState state = new RunState(RunPhase.Failed, SuccessDeadlines.OVERDUE, null, null, message, from, due,
        List.of(), 0);
    Incidents.Notice notice = new Incidents.Notice(due, RunHistory.failuresCount(status), false);
    actions.notify(task, standIn(task, episode, SuccessDeadlines.OVERDUE), state, deadline.getActions(),
        Optional.of(notice), actionsDone).ifPresent(episode::setActions);
  }

  /** Runs the deadline's actions as a recovery for the ended {@code episode}, unless done or not called for. */
  void recovery(Task task, TaskStatus status, SuccessDeadline deadline, Overdue episode, Runnable actionsDone) {
    if (episode.getRecoveredBy() == null || episode.getRecoveryActions() != null) {
      return;
    }
    RunRecord run = status.getRuns().stream().filter(r -> r.getName().equals(episode.getRecoveredBy()))
        .findFirst().orElse(null);
    Instant since = Instant.parse(episode.getSince());
    Instant finished = run == null || run.getFinishTime() == null ? since : Instant.parse(run.getFinishTime());
    RunState state = new RunState(RunPhase.Succeeded, SuccessDeadlines.RECOVERED, 0, null, "run "
        + episode.getRecoveredBy() + " succeeded after the Task was overdue since " + episode.getSince(), since,
        finished, List.of(), 0);
    int failures = Incidents.notice(status, episode.getRecoveredBy()).map(Incidents.Notice::failures).orElse(0);
    actions.notify(task, standIn(task, episode, SuccessDeadlines.RECOVERED), state, deadline.getActions(),
        Optional.of(new Incidents.Notice(since, failures, true)), actionsDone).ifPresent(episode::setRecoveryActions);
  }

  /**
   * Ends the open {@code episode} with {@code success}, whose recovery is then notified; without one (the deadline
   * moved or went) there is nothing to recover from, and no recovery is notified.
   */
  static void end(Overdue episode, Optional<RunRecord> success) {
    episode.setRecoveredBy(success.map(RunRecord::getName).orElse(""));
    episode.setRecoveryActions(success.isPresent() ? null : List.of());
  }

  /** Whether the episode is open: its deadline passed, and no success or change of deadline ended it yet. */
  static boolean open(Overdue episode) {
    return episode != null && episode.getRecoveredBy() == null;
  }

  /**
   * The run a notice stands for, never created: named after the Task and the episode, so that its idempotency key is
   * the same after a restart. A notice within a workflow run belongs to it; another belongs to none (an empty one,
   * rather than one named after the stand-in).
   */
  private static Pod standIn(Task task, Overdue episode, String reason) {
    String kind = reason.equals(SuccessDeadlines.OVERDUE) ? "overdue" : "recovered";
    String key = episode.getWorkflowRun() != null ? episode.getWorkflowRun()
        : String.valueOf(Instant.parse(episode.getSince()).getEpochSecond());
    String workflowRun = episode.getWorkflowRun() != null ? episode.getWorkflowRun() : "";
    return StandInPod.of(task, task.getMetadata().getName() + "-" + kind + "-" + key, kind + "/" + key,
        "successDeadline", workflowRun);
  }
}
