package cloud.sirocco.orca.join;

import cloud.sirocco.orca.action.RunActions;
import cloud.sirocco.orca.cluster.Cluster;
import cloud.sirocco.orca.graph.Retries;
import cloud.sirocco.orca.graph.TriggerKind;
import cloud.sirocco.orca.graph.TriggerPaths;
import cloud.sirocco.orca.model.JoinRecord;
import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.names.RunNames;
import cloud.sirocco.orca.run.RunPhase;
import cloud.sirocco.orca.run.RunState;
import cloud.sirocco.orca.run.StandInPod;
import cloud.sirocco.orca.run.Trigger;
import cloud.sirocco.orca.status.Incidents;
import cloud.sirocco.orca.status.RunHistory;
import cloud.sirocco.orca.status.Times;
import cloud.sirocco.orca.validation.NamespaceView;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The AND-joins of a Task's {@code startOnAllSucceeded}: one per workflow run, started once when every named Task
 * has succeeded in it, or closed when one of them failed for good or the join timed out.
 *
 * <p>Exactly once across restarts: a join's progress is read, never kept first, from the upstream Tasks' status.runs
 * (written before a run is handed on, each record with its workflow run), so a restarted operator sees what the
 * stopped one saw. The joined run's pod name derives from the workflow run, so a repeated pass finds it; the Task's
 * status.joins then says Started or Closed, and a join is decided once. An entry is kept while an upstream record
 * still names its workflow run (at most {@code RunHistory.MAX_RECORDS} per upstream), so the state is bounded and a
 * forgotten join can no longer be derived. A workflow run first seen after twice its timeout (a join added to a Task
 * whose upstreams ran long ago, an operator down that long) is not joined.
 */
public final class Joins {

  public static final String CLOSED_EVENT = "JoinClosed";
  public static final String UPSTREAM_FAILED = "UpstreamFailed";
  public static final String TIMEOUT = "Timeout";

  private final Cluster cluster;
  private final RunActions actions;

  public Joins(Cluster cluster, RunActions actions) {
    this.cluster = cluster;
    this.actions = actions;
  }

  /**
   * Starts, closes or waits on each workflow run's join of {@code task} (defaults applied), recording them in
   * {@code status}; {@code launch} starts a run and says false when it must be tried again. Returns when to come back
   * (the earliest timeout of a waiting join).
   */
  public Optional<Instant> converge(Task task, TaskStatus status, NamespaceView view, Instant now,
      Predicate<Trigger> launch, Runnable actionsDone) {
    List<String> upstreams = TriggerKind.JOIN.sources(task.getSpec()).stream().distinct().toList();
    if (upstreams.isEmpty()) {
      status.getJoins().clear();
      return Optional.empty();
    }
    Duration timeout = Duration.ofSeconds(task.getSpec().getJoinTimeoutSeconds());
    Map<String, WorkflowRunJoin> derived = derive(task, upstreams, view);
    Map<String, JoinRecord> known = status.getJoins().stream()
        .collect(Collectors.toMap(JoinRecord::getWorkflowRun, j -> j, (a, b) -> a, LinkedHashMap::new));
    List<JoinRecord> kept = new ArrayList<>();
    Instant revisit = null;
    Instant created = Instant.parse(task.getMetadata().getCreationTimestamp());
    for (WorkflowRunJoin join : derived.values()) {
      JoinRecord record = known.get(join.workflowRun);
      if (record == null) {
        if (join.opened.isBefore(created) || join.opened.plus(timeout.multipliedBy(2)).isBefore(now)) {
          continue;
        }
        record = new JoinRecord();
        record.setWorkflowRun(join.workflowRun);
        record.setOpened(Times.rfc3339(join.opened));
        record.setState(JoinRecord.WAITING);
      }
      kept.add(record);
      if (JoinRecord.WAITING.equals(record.getState())) {
        decide(task, status, upstreams, join, record, timeout, now, launch);
      }
      if (JoinRecord.WAITING.equals(record.getState())) {
        Instant due = join.opened.plus(timeout);
        revisit = revisit == null || due.isBefore(revisit) ? due : revisit;
      }
      if (JoinRecord.CLOSED.equals(record.getState()) && record.getActions() == null) {
        notifyClosed(task, status, record, actionsDone);
      }
    }
    status.setJoins(kept);
    return Optional.ofNullable(revisit);
  }

  private void decide(Task task, TaskStatus status, List<String> upstreams, WorkflowRunJoin join, JoinRecord record,
      Duration timeout, Instant now, Predicate<Trigger> launch) {
    record.setSucceeded(join.succeeded.entrySet().stream().map(e -> e.getKey() + "/" + e.getValue().getName())
        .toList());
    Instant deadline = join.opened.plus(timeout);
    if (join.succeeded.keySet().containsAll(upstreams) && !join.lastSuccess().isAfter(deadline)) {
      Map<String, String> messages = new LinkedHashMap<>();
      upstreams.forEach(u -> messages.put(u, join.succeeded.get(u).getMessage()));
      Trigger trigger = Trigger.join(messages, join.workflowRun, join.lastSuccess());
      if (launch.test(trigger)) {
        record.setState(JoinRecord.STARTED);
        record.setRun(trigger.podName(task));
      }
      return;
    }
    if (!join.failed.isEmpty()) {
      Map.Entry<String, RunRecord> failed = join.failed.entrySet().iterator().next();
      close(task, status, record, now, UPSTREAM_FAILED, "run " + failed.getValue().getName() + " of "
          + failed.getKey() + " failed (" + failed.getValue().getReason() + ") and is not retried");
    } else if (!now.isBefore(deadline)) {
      Set<String> missing = new TreeSet<>(upstreams);
      missing.removeAll(join.succeeded.keySet());
      close(task, status, record, now, TIMEOUT, String.join(", ", missing)
          + " did not succeed within joinTimeoutSeconds (" + timeout.toSeconds() + ") of the first upstream run's end");
    }
  }

  /**
   * Closes the join. One whose Task is notified of it is a failure of the Task in that workflow run: it opens an
   * incident or repeats the open one, as a failed run does, recorded in the same status write as the closure. One
   * nobody is told of counts for nothing: an incident opened silently would pass over the next failure's notice.
   */
  private void close(Task task, TaskStatus status, JoinRecord record, Instant now, String reason, String why) {
    record.setState(JoinRecord.CLOSED);
    record.setReason(reason + ": " + why);
    if (Boolean.TRUE.equals(task.getSpec().getFailureActionsOnJoinClosed())) {
      Incidents.countFailure(status, standInName(task, record), now);
    } else {
      record.setActions(List.of());
    }
    cluster.event(task, "Warning", CLOSED_EVENT, "The join of workflow run " + record.getWorkflowRun()
        + " is closed and will not start: " + why);
  }

  /** The Task's failureActions for a closed join, as for a failed run that never existed. */
  private void notifyClosed(Task task, TaskStatus status, JoinRecord record, Runnable actionsDone) {
    Instant opened = Instant.parse(record.getOpened());
    RunState state = new RunState(RunPhase.Failed, CLOSED_EVENT, null, null, record.getReason(), opened, opened,
        List.of(), 0);
    Pod standIn = standIn(task, record);
    actions.notify(task, standIn, state, task.getSpec().getFailureActions(),
        Incidents.notice(status, standIn.getMetadata().getName()), actionsDone).ifPresent(record::setActions);
  }

  /** The run a closed join stands for, never created: named after the workflow run, the same after a restart. */
  private static Pod standIn(Task task, JoinRecord record) {
    return StandInPod.of(task, standInName(task, record), closedKey(record), "startOnAllSucceeded",
        record.getWorkflowRun());
  }

  private static String standInName(Task task, JoinRecord record) {
    return RunNames.podName(task.getMetadata().getName(), task.getMetadata().getUid(), closedKey(record));
  }

  /** What keys the closure of one workflow run's join: its stand-in's name and uid derive from it. */
  private static String closedKey(JoinRecord record) {
    return "join-closed/" + record.getWorkflowRun();
  }

  /**
   * The upstream runs by workflow run, oldest join first: each upstream's latest run in it, as a success, a failure
   * that no retry follows, or still to come.
   */
  private static Map<String, WorkflowRunJoin> derive(Task task, List<String> upstreams, NamespaceView view) {
    TriggerPaths paths = TriggerPaths.around(task, view::task);
    Map<String, WorkflowRunJoin> joins = new LinkedHashMap<>();
    for (String upstream : upstreams) {
      Optional<Task> found = view.task(upstream);
      if (found.isEmpty() || found.get().getStatus() == null) {
        continue;
      }
      Map<String, RunRecord> latest = new LinkedHashMap<>();
      for (RunRecord run : found.get().getStatus().getRuns()) {
        if (run.getWorkflowRun() == null || run.getFinishTime() == null || !RunHistory.finished(run)) {
          continue;
        }
        joins.computeIfAbsent(run.getWorkflowRun(), WorkflowRunJoin::new).sawEnd(Instant.parse(run.getFinishTime()));
        latest.merge(run.getWorkflowRun(), run,
            (a, b) -> b.getFinishTime().compareTo(a.getFinishTime()) > 0 ? b : a);
      }
      latest.forEach((workflowRun, run) -> {
        WorkflowRunJoin join = joins.get(workflowRun);
        if (RunPhase.Succeeded.name().equals(run.getPhase())) {
          join.succeeded.put(upstream, run);
        } else if (!retried(upstream, run, view, paths)) {
          join.failed.put(upstream, run);
        }
      });
    }
    return joins.values().stream().sorted(Comparator.comparing((WorkflowRunJoin j) -> j.opened)
            .thenComparing(j -> j.workflowRun))
        .collect(Collectors.toMap(j -> j.workflowRun, j -> j, (a, b) -> a, LinkedHashMap::new));
  }

  /** Whether a failed run of {@code upstream} starts a retry: a failure edge closing a loop, within its limit. */
  private static boolean retried(String upstream, RunRecord run, NamespaceView view, TriggerPaths paths) {
    int failures = run.getConsecutiveFailures() == null ? 1 : run.getConsecutiveFailures();
    return view.tasksTriggeredBy(upstream).stream().anyMatch(t -> Retries.retries(upstream, t, failures, paths));
  }

  /** What the upstream runs of one workflow run say so far. */
  private static final class WorkflowRunJoin {
    private final String workflowRun;
    private final Map<String, RunRecord> succeeded = new LinkedHashMap<>();
    private final Map<String, RunRecord> failed = new LinkedHashMap<>();
    private Instant opened;

    WorkflowRunJoin(String workflowRun) {
      this.workflowRun = workflowRun;
    }

    void sawEnd(Instant end) {
      opened = opened == null || end.isBefore(opened) ? end : opened;
    }

    Instant lastSuccess() {
      return succeeded.values().stream().map(r -> Instant.parse(r.getFinishTime())).max(Comparator.naturalOrder())
          .orElse(opened);
    }
  }
}
