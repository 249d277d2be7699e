package cloud.sirocco.orca.reconciler;

import cloud.sirocco.orca.cluster.Cluster;
import cloud.sirocco.orca.graph.TriggerKind;
import cloud.sirocco.orca.graph.TriggerPaths;
import cloud.sirocco.orca.model.ActionStatus;
import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.run.RunLauncher;
import cloud.sirocco.orca.run.RunNames;
import cloud.sirocco.orca.run.RunObserver;
import cloud.sirocco.orca.run.RunPhase;
import cloud.sirocco.orca.run.RunPodCache;
import cloud.sirocco.orca.run.RunState;
import cloud.sirocco.orca.run.Trigger;
import cloud.sirocco.orca.schedule.Schedule;
import cloud.sirocco.orca.status.Conditions;
import cloud.sirocco.orca.status.RunHistory;
import cloud.sirocco.orca.validation.Defaults;
import cloud.sirocco.orca.validation.NamespaceView;
import cloud.sirocco.orca.validation.Verdict;
import cloud.sirocco.orca.validation.WorkflowRules;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One pass of a Task towards what its pods and triggers call for, in stages: check the Task, observe its runs,
 * hand each finished run downstream and to its actions, start runs for new Ignitor fires, and summarise. Every
 * stage is idempotent, so a repeated pass (a resync, a retry, a restarted operator) changes nothing that was done.
 *
 * <p>Nothing here is written to the Task: the caller persists {@link Outcome#status()} first, and only then applies
 * {@link Outcome#marks()} to the pods, so a run is marked handled only once its outcome is safely recorded.
 */
public final class TaskConverger {

  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private final Cluster cluster;
  private final RunLauncher launcher;
  private final RunActions actions;
  private final MeterRegistry meters;

  public TaskConverger(Cluster cluster, RunLauncher launcher, RunActions actions, MeterRegistry meters) {
    this.cluster = cluster;
    this.launcher = launcher;
    this.actions = actions;
    this.meters = meters;
  }

  /** What a pass decided: the status to persist, then the pod annotations to write, then pods to delete. */
  public record Outcome(TaskStatus status, List<PodMark> marks, List<String> deletions, Optional<Instant> revisit) {}

  /** Annotations for a run pod, and whether its finalizer can go: its outcome is recorded and acted upon. */
  public record PodMark(Pod pod, Map<String, String> annotations, boolean release) {}

  public Outcome converge(Task stored, RunPodCache runs, NamespaceView view, Instant now, Runnable actionsDone) {
    Task task = withDefaults(stored);
    List<Pod> pods = runs.runsOf(stored);
    TaskStatus status = stored.getStatus() == null ? new TaskStatus()
        : SERIALIZATION.clone(stored.getStatus());
    Verdict verdict = WorkflowRules.checkTask(task, view);
    Revisit revisit = new Revisit();
    List<PodMark> marks = new ArrayList<>();
    List<String> deletions = new ArrayList<>();

    for (Pod pod : byCreation(pods)) {
      Duration startTimeout = Duration.ofSeconds(task.getSpec().getStartTimeoutSeconds());
      RunState state = RunObserver.observe(pod, now, startTimeout);
      boolean recordedBefore = RunHistory.find(status, pod.getMetadata().getName())
          .filter(RunHistory::finished).isPresent();
      RunRecord record = RunHistory.record(status, pod, state);
      if (!state.finished()) {
        if (state.phase() == RunPhase.Pending) {
          RunObserver.startDeadline(pod, startTimeout).ifPresent(revisit::at);
        }
        continue;
      }
      Map<String, String> annotations = new LinkedHashMap<>();
      boolean handled = annotated(pod, RunNames.HANDLED_ANNOTATION);
      if (RunObserver.REPLACED.equals(state.reason())) {
        // A replaced run hands nothing on and fires no action: the run that replaced it does.
        marks.add(new PodMark(pod, Map.of(RunNames.HANDLED_ANNOTATION, "true", RunNames.ACTIONS_ANNOTATION, "none"),
            true));
        continue;
      }
      if (!handled && RunObserver.PENDING_TOO_LONG.equals(state.reason())) {
        // A pod that never started would count as in flight and block its own retry: it goes now (its finalizer
        // keeps it until this run is handled).
        deletions.add(pod.getMetadata().getName());
      }
      if (!handled) {
        Optional<Instant> postponed = startDownstream(task, pod, state, record, status, view, runs, now);
        if (postponed.isPresent()) {
          revisit.at(postponed.get());
          continue;
        }
        if (!recordedBefore) {
          // The informer may still show the pod unmarked after its outcome was recorded: announce once.
          announce(task, pod, state);
        }
        annotations.put(RunNames.HANDLED_ANNOTATION, "true");
        handled = true;
      }
      boolean acted = annotated(pod, RunNames.ACTIONS_ANNOTATION);
      if (!acted) {
        Optional<List<ActionStatus>> results = actions.progress(task, pod, state, actionsDone);
        if (results.isPresent()) {
          record.setActions(results.get().isEmpty() ? null : results.get());
          annotations.put(RunNames.ACTIONS_ANNOTATION, summary(results.get()));
          acted = true;
        }
      }
      if (!annotations.isEmpty()) {
        marks.add(new PodMark(pod, annotations, handled && acted));
      }
    }

    if (verdict.allowed()) {
      startIgnitions(task, status, view, runs);
    }
    deletions.addAll(expiredRuns(task, pods, marks));
    RunHistory.trim(status);
    RunHistory.summarize(status);
    status.setObservedGeneration(stored.getMetadata().getGeneration());
    setConditions(task, status, verdict, now);
    return new Outcome(status, marks, deletions, revisit.earliest());
  }

  /**
   * Starts every Task that names this one in the trigger list matching the run's outcome. A failure edge that
   * closes a loop (a retry) is bounded by the downstream Task's retryLimit and delayed by its backoff; returns the
   * time to come back when such a retry is not due yet.
   */
  private Optional<Instant> startDownstream(Task task, Pod pod, RunState state, RunRecord record, TaskStatus status,
      NamespaceView view, RunPodCache runs, Instant now) {
    String name = task.getMetadata().getName();
    TriggerKind kind = state.phase() == RunPhase.Succeeded ? TriggerKind.SUCCESS : TriggerKind.FAILURE;
    TriggerPaths paths = new TriggerPaths(view::task);
    Optional<Instant> postponed = Optional.empty();
    List<Task> listeners = view.tasksTriggeredBy(name).stream()
        .filter(t -> kind.sources(t.getSpec()).contains(name))
        .sorted(Comparator.comparing(t -> t.getMetadata().getName()))
        .toList();
    for (Task listener : listeners) {
      Task downstream = listener.getMetadata().getName().equals(name) ? task : withDefaults(listener);
      if (!WorkflowRules.checkTask(downstream, view).allowed()) {
        cluster.event(downstream, "Warning", "TriggerIgnored", "Not started on the " + kind.label().toLowerCase()
            + " of " + name + ": this Task is invalid (see its Ready condition)");
        continue;
      }
      if (kind == TriggerKind.FAILURE && paths.closesLoop(name, downstream)) {
        int failures = status.getFailuresCount() == null ? 1 : status.getFailuresCount();
        int limit = downstream.getSpec().getRetryLimit();
        if (failures > limit) {
          cluster.event(downstream, "Warning", "RetryLimitReached", "Not started again after " + failures
              + " consecutive failures of " + name + " (retryLimit " + limit + ")");
          continue;
        }
        Instant finished = record.getFinishTime() != null ? Instant.parse(record.getFinishTime()) : state.finishTime();
        Instant due = finished.plus(backoff(downstream.getSpec().getRetryBackoffSeconds(), failures));
        if (now.isBefore(due)) {
          postponed = Optional.of(postponed.filter(p -> p.isBefore(due)).orElse(due));
          continue;
        }
      }
      launcher.launch(downstream, Trigger.afterRun(kind, name, pod.getMetadata().getName(), state.message()), runs);
    }
    return postponed;
  }

  /** Starts a run for each Ignitor fire this Task has not consumed yet, and records it as consumed. */
  private void startIgnitions(Task task, TaskStatus status, NamespaceView view, RunPodCache runs) {
    for (String name : TriggerKind.IGNITION.sources(task.getSpec())) {
      Optional<Ignitor> ignitor = view.ignitor(name);
      String fire = ignitor.map(i -> i.getStatus() == null ? null : i.getStatus().getLastFireTime()).orElse(null);
      if (fire == null || fire.equals(status.getIgnitions().get(name))) {
        continue;
      }
      // A one-shot fire reaches every Task that names the Ignitor, also one created after it fired: so a file
      // listing the Ignitor before its Tasks always runs. A cron fire reaches the Tasks that existed at its time.
      boolean oneShot = oneShot(ignitor.get());
      Instant created = Instant.parse(task.getMetadata().getCreationTimestamp());
      if (oneShot || !Instant.parse(fire).isBefore(created)) {
        String data = ignitor.get().getSpec() == null ? null : ignitor.get().getSpec().getData();
        launcher.launch(task, Trigger.ignition(name, ignitor.get().getMetadata().getUid(), fire, data), runs);
      }
      status.getIgnitions().put(name, fire);
    }
  }

  /** Finished and fully handled runs beyond the Task's history limits, oldest first. */
  private static List<String> expiredRuns(Task task, List<Pod> pods, List<PodMark> marks) {
    List<String> expired = new ArrayList<>();
    for (RunPhase phase : List.of(RunPhase.Succeeded, RunPhase.Failed)) {
      int limit = phase == RunPhase.Succeeded ? task.getSpec().getSuccessfulRunsHistoryLimit()
          : task.getSpec().getFailedRunsHistoryLimit();
      List<Pod> done = byCreation(pods).stream()
          .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
          .filter(p -> p.getStatus() != null && phase.name().equals(p.getStatus().getPhase()))
          .filter(p -> released(p, marks))
          .toList();
      done.subList(0, Math.max(0, done.size() - limit)).forEach(p -> expired.add(p.getMetadata().getName()));
    }
    return expired;
  }

  private void announce(Task task, Pod pod, RunState state) {
    String run = pod.getMetadata().getName();
    meters.counter("orca_runs_finished_total", "outcome", state.phase().name(), "reason", state.reason())
        .increment();
    if (state.phase() == RunPhase.Succeeded) {
      cluster.event(task, "Normal", "RunSucceeded", "Run " + run + " succeeded");
    } else {
      cluster.event(task, "Warning", "RunFailed", "Run " + run + " failed: " + state.reason()
          + (state.exitCode() == null ? "" : " (exit code " + state.exitCode() + ")")
          + (state.message() == null || state.message().isEmpty() ? "" : ": " + state.message()));
    }
  }

  private void setConditions(Task task, TaskStatus status, Verdict verdict, Instant now) {
    Long generation = task.getMetadata().getGeneration();
    if (verdict.allowed()) {
      Conditions.set(status.getConditions(), "Ready", true, "Valid",
          "The Task starts on its triggers", generation, now);
    } else {
      Conditions.set(status.getConditions(), "Ready", false, "InvalidSpec",
          "The Task does not run until this is fixed: " + WorkflowRules.summary(verdict.errors()), generation, now);
    }
    List<String> unknown = actions.unknown(task);
    if (unknown.isEmpty()) {
      Conditions.set(status.getConditions(), "ActionsResolved", true, "Resolved",
          "Every action names a configured action or an installed plugin", generation, now);
    } else {
      Conditions.set(status.getConditions(), "ActionsResolved", false, "UnknownAction",
          "No action or installed plugin is named " + String.join(", ", unknown)
              + "; install the plugin or fix the name" + notLoadedPluginFiles(), generation, now);
    }
  }

  /** The plugin files that failed to load, which may be meant to provide the unknown actions. */
  private String notLoadedPluginFiles() {
    return actions.pluginFilesNotLoaded().entrySet().stream()
        .map(file -> ". Plugin file " + file.getKey() + " is not loaded: " + file.getValue())
        .collect(Collectors.joining());
  }

  private static boolean oneShot(Ignitor ignitor) {
    try {
      return Schedule.parse(ignitor.getSpec().getScheduled(), Schedule.zone(ignitor.getSpec().getTimeZone()))
          .oneShot();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static Duration backoff(int baseSeconds, int failures) {
    Duration delay = Duration.ofSeconds(baseSeconds).multipliedBy(1L << Math.min(failures - 1, 20));
    return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
  }

  /** A copy of the Task with every default applied: what the operator acts on. */
  static Task withDefaults(Task task) {
    Task copy = SERIALIZATION.clone(task);
    Defaults.apply(copy);
    return copy;
  }

  private static List<Pod> byCreation(List<Pod> pods) {
    return pods.stream()
        .sorted(Comparator.comparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
            .thenComparing(p -> p.getMetadata().getName()))
        .toList();
  }

  private static boolean annotated(Pod pod, String key) {
    return pod.getMetadata().getAnnotations() != null && pod.getMetadata().getAnnotations().containsKey(key);
  }

  /** Whether a pod's finalizer is gone or goes in this pass: only then may history clean it up. */
  private static boolean released(Pod pod, List<PodMark> marks) {
    return !pod.hasFinalizer(RunNames.FINALIZER) || marks.stream().anyMatch(m -> m.pod() == pod && m.release());
  }

  private static String summary(List<ActionStatus> results) {
    return results.isEmpty() ? "none" : results.stream().map(r -> r.getName() + "=" + r.getState())
        .collect(Collectors.joining(","));
  }

  /** The earliest time a pass must come back by itself (a start timeout, a retry backoff). */
  private static final class Revisit {
    private Instant earliest;

    void at(Instant time) {
      if (earliest == null || time.isBefore(earliest)) {
        earliest = time;
      }
    }

    Optional<Instant> earliest() {
      return Optional.ofNullable(earliest);
    }
  }
}
