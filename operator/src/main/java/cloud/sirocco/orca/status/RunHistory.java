package cloud.sirocco.orca.status;

import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.names.RunNames;
import cloud.sirocco.orca.run.RunObserver;
import cloud.sirocco.orca.run.RunPhase;
import cloud.sirocco.orca.run.RunState;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Task's status as a record of its runs. A finished run is recorded once: its counters (last success, last
 * failure, consecutive failures) move only on the transition, so handling the same pod again changes nothing.
 */
public final class RunHistory {

  /** Runs kept in status, newest first; older ones live on only as pods (within the history limits) and Events. */
  public static final int MAX_RECORDS = 10;

  private RunHistory() {}

  /**
   * Records what a pod says about its run; returns the run's record. A run whose pod is marked handled was counted
   * when it was recorded: if its record has since been trimmed, it gets a record that is not kept, and nothing is
   * counted again.
   */
  public static RunRecord record(TaskStatus status, Pod pod, RunState state) {
    String name = pod.getMetadata().getName();
    Optional<RunRecord> existing = find(status, name);
    if (existing.isPresent() && finished(existing.get())) {
      return existing.get();
    }
    boolean counted = existing.isEmpty() && handled(pod);
    RunRecord record = existing.orElseGet(RunRecord::new);
    record.setName(name);
    record.setInitiator(pod.getMetadata().getLabels().get(RunNames.INITIATOR_LABEL));
    record.setTrigger(pod.getMetadata().getLabels().get(RunNames.TRIGGER_LABEL));
    record.setWorkflowRun(RunNames.workflowRunOf(pod));
    record.setPhase(state.phase().name());
    record.setStartTime(Times.rfc3339(state.startTime()));
    record.setFinishTime(Times.rfc3339(state.finishTime()));
    record.setExitCode(state.exitCode());
    record.setReason(state.finished() ? state.reason() : null);
    record.setMessage(state.message() == null || state.message().isEmpty() ? null : state.message());
    record.setSteps(state.steps().isEmpty() ? null : state.steps());
    record.setRestarts(state.restarts() == 0 ? null : state.restarts());
    if (counted) {
      return record;
    }
    if (existing.isEmpty()) {
      status.getRuns().add(record);
    }
    if (state.finished() && !RunObserver.REPLACED.equals(state.reason())) {
      countFinished(status, state);
      Incidents.count(status, name, state);
      if (state.phase() == RunPhase.Failed) {
        record.setConsecutiveFailures(status.getFailuresCount());
      }
    }
    status.getRuns().sort(Comparator.comparing(RunRecord::getStartTime, Comparator.nullsLast(
        Comparator.reverseOrder())));
    return record;
  }

  public static Optional<RunRecord> find(TaskStatus status, String run) {
    return status.getRuns().stream().filter(r -> run.equals(r.getName())).findFirst();
  }

  /**
   * Drops the oldest finished records beyond {@link #MAX_RECORDS}. Runs still in flight always stay, and so do runs in
   * {@code staying}: those whose pods do not show them handled yet (their record is what keeps them from being counted
   * twice until then), and those a replay not done yet is checked against.
   */
  public static void trim(TaskStatus status, Set<String> staying) {
    List<RunRecord> kept = new ArrayList<>();
    int finished = 0;
    for (RunRecord record : status.getRuns()) {
      if (!finished(record) || staying.contains(record.getName()) || finished++ < MAX_RECORDS) {
        kept.add(record);
      }
    }
    status.setRuns(kept);
  }

  /**
   * Sets the summary columns: state (Running while any run is in flight, else the newest run's phase, or Pending
   * before the first run), and the newest run's start and duration.
   */
  public static void summarize(TaskStatus status) {
    List<RunRecord> runs = status.getRuns();
    if (runs.stream().anyMatch(r -> RunPhase.Running.name().equals(r.getPhase()))) {
      status.setState(RunPhase.Running.name());
    } else if (runs.stream().anyMatch(r -> !finished(r))) {
      status.setState(RunPhase.Pending.name());
    } else {
      status.setState(runs.isEmpty() ? RunPhase.Pending.name() : runs.get(0).getPhase());
    }
    RunRecord newest = runs.isEmpty() ? null : runs.get(0);
    status.setStartTime(newest == null ? null : newest.getStartTime());
    status.setDuration(newest == null || newest.getFinishTime() == null ? null
        : Times.duration(Instant.parse(newest.getStartTime()), Instant.parse(newest.getFinishTime())));
  }

  /** The Task's failed runs in a row so far: 0 before any, or since its latest success. */
  public static int failuresCount(TaskStatus status) {
    return status.getFailuresCount() == null ? 0 : status.getFailuresCount();
  }

  private static void countFinished(TaskStatus status, RunState state) {
    String finishedAt = Times.rfc3339(state.finishTime());
    int failures = failuresCount(status);
    if (state.phase() == RunPhase.Succeeded) {
      status.setLastSuccess(latest(status.getLastSuccess(), finishedAt));
      status.setFailuresCount(0);
    } else {
      status.setLastFailure(latest(status.getLastFailure(), finishedAt));
      status.setFailuresCount(failures + 1);
    }
  }

  private static String latest(String a, String b) {
    return a == null || (b != null && b.compareTo(a) > 0) ? b : a;
  }

  /** Whether the pod says its outcome is recorded and handed on. */
  public static boolean handled(Pod pod) {
    return RunNames.annotation(pod, RunNames.HANDLED_ANNOTATION) != null;
  }

  public static boolean finished(RunRecord record) {
    return RunPhase.Succeeded.name().equals(record.getPhase()) || RunPhase.Failed.name().equals(record.getPhase());
  }
}
