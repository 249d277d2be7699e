package cloud.sirocco.orca.reconciler;

import cloud.sirocco.orca.action.RunActions;
import cloud.sirocco.orca.cluster.Cluster;
import cloud.sirocco.orca.cluster.PodRejectedException;
import cloud.sirocco.orca.deadline.SuccessDeadlines;
import cloud.sirocco.orca.graph.Retries;
import cloud.sirocco.orca.graph.TriggerKind;
import cloud.sirocco.orca.graph.TriggerPaths;
import cloud.sirocco.orca.join.Joins;
import cloud.sirocco.orca.model.ActionStatus;
import cloud.sirocco.orca.model.Defaults;
import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.RejectedRun;
import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.RunRequest;
import cloud.sirocco.orca.model.RunRequestStatus;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.names.RunNames;
import cloud.sirocco.orca.run.IgnitorFire;
import cloud.sirocco.orca.run.RunLauncher;
import cloud.sirocco.orca.run.RunObserver;
import cloud.sirocco.orca.run.RunPhase;
import cloud.sirocco.orca.run.RunPodCache;
import cloud.sirocco.orca.run.RunState;
import cloud.sirocco.orca.run.Trigger;
import cloud.sirocco.orca.status.Conditions;
import cloud.sirocco.orca.status.Incidents;
import cloud.sirocco.orca.status.RejectedRuns;
import cloud.sirocco.orca.status.RunHistory;
import cloud.sirocco.orca.validation.NamespaceView;
import cloud.sirocco.orca.validation.ReferencePolicy;
import cloud.sirocco.orca.validation.UnresolvedReference;
import cloud.sirocco.orca.validation.Verdict;
import cloud.sirocco.orca.validation.WorkflowRules;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One pass of a Task towards what its pods and triggers call for, in stages: check the Task, observe its runs,
 * hand each finished run downstream and to its actions, start runs for new Ignitor fires and completed joins, and
 * summarise. Every stage is idempotent, so a repeated pass (a resync, a retry, a restarted operator) changes nothing that was done.
 *
 * <p>Nothing here is written to the Task: the caller persists {@link Outcome#status()} first, and only then applies
 * {@link Outcome#marks()} to the pods, so a run is marked handled only once its outcome is safely recorded.
 */
public final class TaskConverger {

  private final Cluster cluster;
  private final RunLauncher launcher;
  private final RunActions actions;
  private final MeterRegistry meters;
  private final RunRequests requests;
  private final SuccessDeadlines deadlines;
  private final Joins joins;

  public TaskConverger(Cluster cluster, RunLauncher launcher, RunActions actions, MeterRegistry meters) {
    this.cluster = cluster;
    this.launcher = launcher;
    this.actions = actions;
    this.meters = meters;
    this.requests = new RunRequests(cluster, launcher);
    this.deadlines = new SuccessDeadlines(cluster, actions, meters);
    this.joins = new Joins(cluster, actions);
  }

  /** Starts the run {@code request} asks of {@code stored}, once; returns the request's status to write. */
  public RunRequestStatus startRequested(Task stored, RunRequest request, RunPodCache runs, NamespaceView view,
      Instant now) {
    return requests.start(withDefaults(stored), request, runs, view, now);
  }

  /**
   * What a pass decided: the status to persist; then the refused runs to add to other Tasks' statuses; then the pod
   * annotations to write, then pods to delete; when to come back; and a transient error to fail the pass with once
   * all that is written, so that it is retried with the framework's backoff.
   */
  public record Outcome(TaskStatus status, List<Rejection> rejections, List<PodMark> marks, List<String> deletions,
      Optional<Instant> revisit, Optional<KubernetesClientException> transientError) {}

  /** Annotations for a run pod, and whether its finalizer can go: its outcome is recorded and acted upon. */
  public record PodMark(Pod pod, Map<String, String> annotations, boolean release) {

    /** Writes the mark to the pod. */
    void applyTo(Cluster cluster) {
      if (release) {
        cluster.annotateAndRelease(pod, annotations);
      } else {
        cluster.annotate(pod, annotations);
      }
    }
  }

  /** A run of another Task whose pod the API server refused: that Task records and handles it. */
  public record Rejection(Task task, RejectedRun run) {}

  /**
   * One pass. {@code pinned} maps runs that replays not done yet read to the RunRequest replaying each: the history
   * keeps their pods and records beyond its limits.
   */
  public Outcome converge(Task stored, RunPodCache runs, Map<String, String> pinned, NamespaceView view, Instant now,
      Runnable actionsDone) {
    Task task = withDefaults(stored);
    List<Pod> pods = runs.runsOf(stored);
    TaskStatus status = stored.getStatus() == null ? new TaskStatus() : Copies.deepCopy(stored.getStatus());
    Verdict verdict = WorkflowRules.checkTask(task, view);
    Revisit revisit = new Revisit();
    Launches launches = new Launches(task, status, runs, now);
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
      if (RunObserver.REPLACED.equals(state.reason())) {
        // A replaced run hands nothing on and fires no action: the run that replaced it does.
        marks.add(new PodMark(pod, Map.of(RunNames.HANDLED_ANNOTATION, "true", RunNames.ACTIONS_ANNOTATION, "none"),
            true));
        continue;
      }
      if (!RunHistory.handled(pod) && (RunObserver.PENDING_TOO_LONG.equals(state.reason())
          || RunObserver.RESTART_LIMIT_EXCEEDED.equals(state.reason()))) {
        // A pod that never started, or that the kubelet would go on restarting, would count as in flight and block
        // its own retry: it goes now (its finalizer keeps it until this run is handled).
        deletions.add(pod.getMetadata().getName());
      }
      handOn(task, pod, state, record, recordedBefore, view, launches, revisit, actionsDone).ifPresent(marks::add);
    }

    if (verdict.allowed()) {
      startIgnitions(task, status, view, launches);
      joins.converge(task, status, view, now, trigger -> launches.launch(task, trigger), actionsDone)
          .ifPresent(revisit::at);
    }
    handRejectedOn(task, status, view, launches, revisit, actionsDone);
    deletions.addAll(expiredRuns(task, pods, marks, pinned));
    Set<String> staying = pods.stream().filter(p -> !RunHistory.handled(p))
        .map(p -> p.getMetadata().getName()).collect(Collectors.toCollection(HashSet::new));
    status.getRejectedRuns().stream().filter(r -> !Boolean.TRUE.equals(r.getHandled()))
        .forEach(r -> staying.add(r.getName()));
    staying.addAll(pinned.keySet());
    RunHistory.trim(status, staying);
    RunHistory.summarize(status);
    deadlines.converge(task, status, view, now, actionsDone).ifPresent(revisit::at);
    status.setObservedGeneration(stored.getMetadata().getGeneration());
    setConditions(task, status, verdict, view, now, launches.transientError);
    return new Outcome(status, launches.rejections, marks, deletions, revisit.earliest(),
        Optional.ofNullable(launches.transientError));
  }

  /** Forgets what is kept in memory about a Task that is gone. */
  public void forget(Task task) {
    deadlines.forget(task);
  }

  /**
   * Hands a finished run on: to the Tasks that start on its outcome, then to its actions. Returns the annotations
   * that record how far it got, if they changed.
   */
  private Optional<PodMark> handOn(Task task, Pod pod, RunState state, RunRecord record, boolean recordedBefore,
      NamespaceView view, Launches launches, Revisit revisit, Runnable actionsDone) {
    Map<String, String> annotations = new LinkedHashMap<>();
    boolean handled = RunHistory.handled(pod);
    if (!handled) {
      if (!recordedBefore) {
        // The informer may still show the pod unmarked after its outcome was recorded: announce once.
        announce(task, pod, state);
      }
      Handoff handoff = startDownstream(task, pod, state, record, view, launches);
      if (handoff.waiting()) {
        handoff.postponed().ifPresent(revisit::at);
        return handoff.annotation().map(startedSoFar -> new PodMark(pod, startedSoFar, false));
      }
      annotations.put(RunNames.HANDLED_ANNOTATION, "true");
      handled = true;
    }
    boolean acted = annotated(pod, RunNames.ACTIONS_ANNOTATION);
    if (!acted) {
      Optional<List<ActionStatus>> results = actions.progress(task, pod, state,
          Incidents.notice(launches.status, pod.getMetadata().getName()), actionsDone);
      if (results.isPresent()) {
        record.setActions(results.get().isEmpty() ? null : results.get());
        annotations.put(RunNames.ACTIONS_ANNOTATION, summary(results.get()));
        acted = true;
      }
    }
    return annotations.isEmpty() ? Optional.empty() : Optional.of(new PodMark(pod, annotations, handled && acted));
  }

  /**
   * Hands on the runs whose pods were refused as failed runs, each standing in for its pod, with the progress a pod
   * would carry kept in its status entry. One refused while this pass hands them on (a retry refused again) waits
   * for the next pass, which comes at once.
   */
  private void handRejectedOn(Task task, TaskStatus status, NamespaceView view, Launches launches, Revisit revisit,
      Runnable actionsDone) {
    List<RejectedRun> waiting = List.copyOf(status.getRejectedRuns());
    for (RejectedRun rejected : waiting) {
      Pod pod = RejectedRuns.asPod(task, rejected);
      RunState state = RejectedRuns.state(rejected);
      boolean recordedBefore = RunHistory.find(status, rejected.getName()).isPresent();
      RunRecord record = RunHistory.record(status, pod, state);
      handOn(task, pod, state, record, recordedBefore, view, launches, revisit, actionsDone)
          .ifPresent(mark -> RejectedRuns.mark(status, rejected, mark.annotations(), mark.release()));
    }
    if (status.getRejectedRuns().stream().anyMatch(r -> waiting.stream()
        .noneMatch(w -> w.getName().equals(r.getName())))) {
      revisit.at(launches.now);
    }
  }

  /**
   * Starts every Task that names this one in the trigger list matching the run's outcome, except those the run has
   * already started. A failure edge that closes a loop (a retry) is bounded by the downstream Task's retryLimit and
   * delayed by its backoff, both counted by this failure's own place in its streak of consecutive failures, whatever
   * ran since; such a retry that is not due yet postpones the hand-off, and the others go ahead and are recorded on
   * the pod, so that none of them starts twice while the retry waits.
   */
  private Handoff startDownstream(Task task, Pod pod, RunState state, RunRecord record, NamespaceView view,
      Launches launches) {
    String name = task.getMetadata().getName();
    TriggerKind kind = state.phase() == RunPhase.Succeeded ? TriggerKind.SUCCESS : TriggerKind.FAILURE;
    TriggerPaths paths = new TriggerPaths(view::task);
    Set<String> startedBefore = Handoff.startedBefore(pod);
    Handoff handoff = new Handoff(startedBefore);
    List<Task> listeners = view.tasksTriggeredBy(name).stream()
        .filter(t -> kind.sources(t.getSpec()).contains(name))
        .filter(t -> !startedBefore.contains(t.getMetadata().getName()))
        .sorted(Comparator.comparing(t -> t.getMetadata().getName()))
        .toList();
    for (Task listener : listeners) {
      Task downstream = listener.getMetadata().getName().equals(name) ? task : withDefaults(listener);
      String downstreamName = downstream.getMetadata().getName();
      if (!WorkflowRules.checkTask(downstream, view).allowed()) {
        cluster.event(downstream, "Warning", "TriggerIgnored", "Not started on the " + kind.label().toLowerCase()
            + " of " + name + ": this Task is invalid (see its Ready condition)");
        handoff.started(downstreamName);
        continue;
      }
      if (kind == TriggerKind.FAILURE && Retries.isRetry(name, downstream, paths)) {
        // Runs recorded before the count was kept fall back to the Task's current streak.
        int failures = record.getConsecutiveFailures() != null ? record.getConsecutiveFailures()
            : Math.max(1, task.getStatus() == null ? 1 : RunHistory.failuresCount(task.getStatus()));
        if (!Retries.withinLimit(downstream, failures)) {
          cluster.event(downstream, "Warning", "RetryLimitReached", "Not started again after " + failures
              + " consecutive failures of " + name + " (retryLimit " + Retries.limit(downstream) + ")");
          handoff.started(downstreamName);
          continue;
        }
        Instant finished = record.getFinishTime() != null ? Instant.parse(record.getFinishTime()) : state.finishTime();
        Instant due = finished.plus(Retries.backoff(downstream, failures));
        if (launches.now.isBefore(due)) {
          handoff.postpone(due);
          continue;
        }
      }
      if (launches.launch(downstream, Trigger.afterRun(kind, name, pod.getMetadata().getName(),
          RunNames.workflowRunOf(pod), state.message(), state.finishTime()))) {
        handoff.started(downstreamName);
      } else {
        handoff.incomplete();
      }
    }
    return handoff;
  }

  /** Starts a run for each Ignitor fire this Task has not consumed yet, and records it as consumed. */
  private void startIgnitions(Task task, TaskStatus status, NamespaceView view, Launches launches) {
    for (String name : TriggerKind.IGNITION.sources(task.getSpec())) {
      Optional<Ignitor> ignitor = view.ignitor(name);
      Optional<IgnitorFire> fire = ignitor.flatMap(IgnitorFire::latest);
      if (fire.isEmpty()) {
        continue;
      }
      // Recorded by its id, also over a record of its time alone, which it replaces.
      String recorded = status.getIgnitions().put(name, fire.get().id());
      if (fire.get().recordedAs(recorded)) {
        continue;
      }
      if (fire.get().reaches(task, ignitor.get())) {
        String data = ignitor.get().getSpec() == null ? null : ignitor.get().getSpec().getData();
        if (!launches.launch(task, Trigger.ignition(name, fire.get(), data))) {
          // Not started for now (a transient error): the fire stays unconsumed, for the retried pass.
          if (recorded == null) {
            status.getIgnitions().remove(name);
          } else {
            status.getIgnitions().put(name, recorded);
          }
        }
      }
    }
  }

  /**
   * Finished and fully handled runs beyond the Task's history limits, oldest first, except those {@code pinned}, which
   * stay, with an Event saying for which RunRequest, and take no other run's place.
   */
  private List<String> expiredRuns(Task task, List<Pod> pods, List<PodMark> marks, Map<String, String> pinned) {
    List<String> expired = new ArrayList<>();
    for (RunPhase phase : List.of(RunPhase.Succeeded, RunPhase.Failed)) {
      String limitField = phase == RunPhase.Succeeded ? "successfulRunsHistoryLimit" : "failedRunsHistoryLimit";
      int limit = phase == RunPhase.Succeeded ? task.getSpec().getSuccessfulRunsHistoryLimit()
          : task.getSpec().getFailedRunsHistoryLimit();
      List<Pod> done = byCreation(pods).stream()
          .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
          .filter(p -> p.getStatus() != null && phase.name().equals(p.getStatus().getPhase()))
          .filter(p -> released(p, marks))
          .toList();
      for (Pod pod : done.subList(0, Math.max(0, done.size() - limit))) {
        String run = pod.getMetadata().getName();
        if (pinned.containsKey(run)) {
          cluster.event(task, "Normal", "RunKept", "Kept run " + run + " beyond " + limitField + " " + limit
              + ": RunRequest " + pinned.get(run) + " replays it and has not started yet");
        } else {
          expired.add(run);
        }
      }
    }
    return expired;
  }

  private void announce(Task task, Pod pod, RunState state) {
    String run = pod.getMetadata().getName();
    meters.counter("orca_runs_finished_total", "outcome", state.phase().name(), "reason", state.reason())
        .increment();
    if (state.phase() == RunPhase.Succeeded) {
      cluster.event(task, "Normal", "RunSucceeded", "Run " + run + inWorkflowRun(pod) + " succeeded");
    } else {
      cluster.event(task, "Warning", "RunFailed", "Run " + run + inWorkflowRun(pod) + " failed: " + state.reason()
          + (state.exitCode() == null ? "" : " (exit code " + state.exitCode() + ")")
          + (state.message() == null || state.message().isEmpty() ? "" : ": " + state.message()));
    }
  }

  private static String inWorkflowRun(Pod pod) {
    return " (workflow run " + RunNames.workflowRunOf(pod) + ")";
  }

  private void setConditions(Task task, TaskStatus status, Verdict verdict, NamespaceView view, Instant now,
      KubernetesClientException transientError) {
    Long generation = task.getMetadata().getGeneration();
    if (transientError != null) {
      ReconcileErrors.mark(cluster, task, status.getConditions(), transientError, now);
    } else if (verdict.allowed()) {
      Conditions.set(status.getConditions(), "Ready", true, "Valid",
          "The Task starts on its triggers", generation, now);
    } else if (WorkflowRules.checkTask(task, view, ReferencePolicy.EVENTUAL).allowed()) {
      // Only names of objects not there (yet): applied out of order, or deleted since. It waits, as it would for
      // an upstream that has not run; the object's arrival reconciles it again.
      Conditions.set(status.getConditions(), "Ready", false, "UnresolvedReference", "The Task does not run until "
          + "what its triggers name exists: " + WorkflowRules.unresolvedReferences(task, view).stream()
              .map(UnresolvedReference::toString).collect(Collectors.joining("; ")), generation, now);
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

  /** A copy of the Task with every default applied: what the operator acts on. */
  static Task withDefaults(Task task) {
    Task copy = Copies.deepCopy(task);
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
    return RunNames.annotation(pod, key) != null;
  }

  /** Whether a pod's finalizer is gone or goes in this pass: only then may history clean it up. */
  private static boolean released(Pod pod, List<PodMark> marks) {
    return !pod.hasFinalizer(RunNames.FINALIZER) || marks.stream().anyMatch(m -> m.pod() == pod && m.release());
  }

  private static String summary(List<ActionStatus> results) {
    return results.isEmpty() ? "none" : results.stream().map(r -> r.getName() + "=" + r.getState())
        .collect(Collectors.joining(","));
  }

  /**
   * Which downstream Tasks a finished run has started so far, and when to come back for a retry that is not due yet.
   * Until the run is handled, the names live on its pod ({@link RunNames#STARTED_ANNOTATION}).
   */
  private static final class Handoff {
    private final Set<String> before;
    private final Set<String> started;
    private Instant postponed;
    private boolean incomplete;

    Handoff(Set<String> before) {
      this.before = before;
      this.started = new TreeSet<>(before);
    }

    static Set<String> startedBefore(Pod pod) {
      String value = RunNames.annotation(pod, RunNames.STARTED_ANNOTATION);
      return value == null || value.isEmpty() ? Set.of() : Set.of(value.split(","));
    }

    void started(String task) {
      started.add(task);
    }

    void postpone(Instant due) {
      postponed = postponed == null || due.isBefore(postponed) ? due : postponed;
    }

    /** A listener could not be started for now (a transient API error): the run stays unhandled. */
    void incomplete() {
      incomplete = true;
    }

    /** Whether a listener is still to be started: a retry not due yet, or a start to try again. */
    boolean waiting() {
      return postponed != null || incomplete;
    }

    Optional<Instant> postponed() {
      return Optional.ofNullable(postponed);
    }

    /** The pod annotation that records the Tasks started so far, if this pass started any. */
    Optional<Map<String, String>> annotation() {
      return started.equals(before) ? Optional.empty()
          : Optional.of(Map.of(RunNames.STARTED_ANNOTATION, String.join(",", started)));
    }
  }

  /**
   * The runs one pass starts. A pod the API server refuses for good becomes a failed run of its Task, recorded in that
   * Task's status; a transient error leaves the start to a retry of the pass, while the other starts go ahead.
   */
  private final class Launches {
    private final Task task;
    private final TaskStatus status;
    private final RunPodCache runs;
    private final Instant now;
    private final List<Rejection> rejections = new ArrayList<>();
    private KubernetesClientException transientError;

    Launches(Task task, TaskStatus status, RunPodCache runs, Instant now) {
      this.task = task;
      this.status = status;
      this.runs = runs;
      this.now = now;
    }

    /** Starts the run; returns false when it must be tried again later. */
    boolean launch(Task target, Trigger trigger) {
      String run = trigger.podName(target);
      if (target.getStatus() != null && RejectedRuns.known(target.getStatus(), run)) {
        // Refused before, and recorded so, though this run's pod may not show it handed on yet: not asked again.
        return true;
      }
      try {
        launcher.launch(target, trigger, runs);
      } catch (PodRejectedException e) {
        RejectedRun rejected = RejectedRuns.of(e.pod(), trigger, now, e.getMessage());
        if (target.getMetadata().getName().equals(task.getMetadata().getName())) {
          RejectedRuns.add(status, rejected);
        } else {
          rejections.add(new Rejection(target, rejected));
        }
      } catch (KubernetesClientException e) {
        transientError = transientError == null ? e : transientError;
        return false;
      }
      return true;
    }
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
