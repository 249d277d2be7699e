package cloud.sirocco.orca.action;

import cloud.sirocco.orca.cluster.Cluster;
import cloud.sirocco.orca.model.ActionSpec;
import cloud.sirocco.orca.model.ActionStatus;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.RunOutcome;
import cloud.sirocco.orca.reconciler.RunActions;
import cloud.sirocco.orca.run.RunNames;
import cloud.sirocco.orca.run.RunPhase;
import cloud.sirocco.orca.run.RunState;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns a finished run into action requests, hands them to the {@link ActionRunner}, and reports their outcomes
 * back to the Task's reconciler. A name in successActions/failureActions resolves to the Task's {@code actions}
 * entry of that name (plugin, configuration, Secret), or else to an installed plugin of that name.
 */
public final class RunActionDispatcher implements RunActions {

  private final Cluster cluster;
  private final ActionRunner runner;
  private static final Duration RETENTION = Duration.ofMinutes(10);

  private final PluginRegistry plugins;
  private final int logTailLines;
  /**
   * Dispatches by run (pod uid). An entry outlives its result for a while: until the pod's informer copy shows the
   * run's actions as done, a reconcile may still ask, and must get the result rather than start the actions again.
   */
  private final ConcurrentMap<String, Dispatch> dispatches = new ConcurrentHashMap<>();
  private final Clock clock;

  private record Dispatch(CompletableFuture<List<ActionOutcome>> outcomes, AtomicReference<Instant> reported) {}

  public RunActionDispatcher(Cluster cluster, ActionRunner runner, PluginRegistry plugins, int logTailLines,
      Clock clock) {
    this.clock = clock;
    this.cluster = cluster;
    this.runner = runner;
    this.plugins = plugins;
    this.logTailLines = logTailLines;
  }

  @Override
  public Optional<List<ActionStatus>> progress(Task task, Pod pod, RunState state, Runnable whenDone) {
    List<String> names = state.phase() == RunPhase.Succeeded ? task.getSpec().getSuccessActions()
        : task.getSpec().getFailureActions();
    if (names.isEmpty()) {
      return Optional.of(List.of());
    }
    forgetReportedBefore(clock.instant().minus(RETENTION));
    // After a restart the outcome of an interrupted dispatch is unknown: the actions run again, with the same
    // idempotency keys, so a receiver can drop the repeat.
    String run = pod.getMetadata().getUid();
    Dispatch dispatch = dispatches.computeIfAbsent(run, uid ->
        dispatch(runner.run(requests(task, pod, state, names)), whenDone));
    if (!dispatch.outcomes().isDone()) {
      return Optional.empty();
    }
    List<ActionOutcome> outcomes = dispatch.outcomes().join();
    if (outcomes.stream().anyMatch(RunActionDispatcher::rejected)) {
      // Only the pass that still finds this dispatch schedules the retry: it must not run twice.
      dispatches.computeIfPresent(run, (uid, current) -> current != dispatch ? current
          : dispatch(retryRejected(task, pod, state, names, outcomes), whenDone));
      return Optional.empty();
    }
    dispatch.reported().compareAndSet(null, clock.instant());
    return Optional.of(statuses(outcomes));
  }

  private static Dispatch dispatch(CompletableFuture<List<ActionOutcome>> outcomes, Runnable whenDone) {
    outcomes.whenComplete((result, error) -> whenDone.run());
    return new Dispatch(outcomes, new AtomicReference<>());
  }

  /**
   * A rejected action never ran (the runner was full, or stopping), so it is run again once the attempts that filled
   * the runner are over, while the outcomes of the others stand: they are not run twice.
   */
  private CompletableFuture<List<ActionOutcome>> retryRejected(Task task, Pod pod, RunState state, List<String> names,
      List<ActionOutcome> outcomes) {
    List<ActionOutcome> kept = outcomes.stream().filter(o -> !rejected(o)).toList();
    List<String> again = outcomes.stream().filter(RunActionDispatcher::rejected).map(ActionOutcome::action).toList();
    Executor later = CompletableFuture.delayedExecutor(runner.attemptTimeout().toMillis(), TimeUnit.MILLISECONDS);
    return CompletableFuture.supplyAsync(() -> requests(task, pod, state, again), later)
        .thenCompose(runner::run)
        .thenApply(retried -> {
          List<ActionOutcome> all = new ArrayList<>(kept);
          all.addAll(retried);
          all.sort(Comparator.comparingInt(o -> names.indexOf(o.action())));
          return all;
        });
  }

  private static boolean rejected(ActionOutcome outcome) {
    return outcome.status() == ActionOutcome.Status.REJECTED;
  }

  private void forgetReportedBefore(Instant cutoff) {
    dispatches.values().removeIf(d -> d.reported().get() != null && d.reported().get().isBefore(cutoff));
  }

  @Override
  public List<String> unknown(Task task) {
    List<String> unknown = new ArrayList<>();
    for (String name : names(task)) {
      String plugin = entry(task, name).map(ActionSpec::getPlugin).orElse(name);
      if (plugins.find(plugin).isEmpty() && !unknown.contains(name)) {
        unknown.add(name);
      }
    }
    return unknown;
  }

  @Override
  public SortedMap<String, String> pluginFilesNotLoaded() {
    return plugins.notLoaded();
  }

  private List<ActionRequest> requests(Task task, Pod pod, RunState state, List<String> names) {
    String namespace = task.getMetadata().getNamespace();
    String logTail = state.phase() == RunPhase.Failed && state.container() != null
        ? cluster.logTail(namespace, pod.getMetadata().getName(), state.container(), logTailLines).orElse("")
        : "";
    List<ActionRequest> requests = new ArrayList<>();
    for (String name : names) {
      Optional<ActionSpec> entry = entry(task, name);
      ActionContext context = ActionContext.builder()
          .namespace(namespace)
          .task(task.getMetadata().getName())
          .runId(pod.getMetadata().getName())
          .actionName(name)
          .outcome(state.phase() == RunPhase.Succeeded ? RunOutcome.SUCCEEDED : RunOutcome.FAILED)
          .exitCode(state.exitCode())
          .reason(state.reason())
          .terminationMessage(state.message())
          .startedAt(state.startTime())
          .finishedAt(state.finishTime())
          .initiator(pod.getMetadata().getLabels().get(RunNames.INITIATOR_LABEL))
          .logTail(logTail)
          .config(entry.map(ActionSpec::getConfig).orElse(Map.of()))
          .secrets(entry.map(e -> secrets(task, e)).orElse(Map.of()))
          .build();
      requests.add(new ActionRequest(entry.map(ActionSpec::getPlugin).orElse(name), context));
    }
    return requests;
  }

  private Map<String, String> secrets(Task task, ActionSpec entry) {
    if (entry.getSecretRef() == null || entry.getSecretRef().getName() == null) {
      return Map.of();
    }
    try {
      return cluster.secretData(task.getMetadata().getNamespace(), entry.getSecretRef().getName());
    } catch (IllegalStateException e) {
      // The action still runs, and its plugin reports the setting it misses; the Event says why it is missing
      // (no such Secret, or Orca may not read it).
      cluster.event(task, "Warning", "SecretUnavailable", "Action " + entry.getName() + ": " + e.getMessage());
      return Map.of();
    }
  }

  private static Optional<ActionSpec> entry(Task task, String name) {
    return task.getSpec().getActions().stream().filter(a -> name.equals(a.getName())).findFirst();
  }

  private static List<String> names(Task task) {
    List<String> names = new ArrayList<>(task.getSpec().getSuccessActions());
    names.addAll(task.getSpec().getFailureActions());
    return names;
  }

  private static List<ActionStatus> statuses(List<ActionOutcome> outcomes) {
    return outcomes.stream().map(outcome -> {
      ActionStatus status = new ActionStatus();
      status.setName(outcome.action());
      status.setState(outcome.status() == ActionOutcome.Status.SUCCEEDED ? "Succeeded" : "Failed");
      status.setMessage(outcome.status() + (outcome.message().isEmpty() ? "" : ": " + outcome.message()));
      status.setAttempts(outcome.attempts());
      return status;
    }).toList();
  }
}
