package cloud.sirocco.orca.action;

import cloud.sirocco.orca.cluster.Cluster;
import cloud.sirocco.orca.concurrent.DaemonThreads;
import cloud.sirocco.orca.concurrent.Shutdown;
import cloud.sirocco.orca.model.ActionSpec;
import cloud.sirocco.orca.model.ActionStatus;
import cloud.sirocco.orca.model.NotifyPolicy;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.Incident;
import cloud.sirocco.orca.plugin.api.RunOutcome;
import cloud.sirocco.orca.names.RunNames;
import cloud.sirocco.orca.run.RunPhase;
import cloud.sirocco.orca.run.RunState;
import cloud.sirocco.orca.status.Incidents;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a finished run into action requests, hands them to the {@link ActionRunner}, and reports their outcomes
 * back to the Task's reconciler. A name in successActions/failureActions resolves to the Task's {@code actions}
 * entry of that name (plugin, configuration, Secret), or else to an installed plugin of that name.
 *
 * <p>What actions need from the API server (the failed container's log tail, Secrets) is read on the dispatcher's
 * own threads: a reconcile never waits for it. Whatever goes wrong on the way ends as the outcome of the action
 * concerned, never as an exception of {@link #progress}, so a run's actions always come to an end.
 *
 * <p>An action entry with {@code notify: OnChange} runs only for a run that carries an {@link Incidents.Notice}: the
 * failure that opened an incident, and the success that ended it, for which it runs although only failureActions
 * name it. A repeated failure passes it over, and its status says so, whether a pod ran it or a stand-in stands for
 * it (a closed join's).
 *
 * <p>A dispatch is kept for {@code retention} after it finished, asked for or not: until the pod's informer copy
 * shows the run's actions as done, a reconcile may still ask, and must get the outcome rather than start the actions
 * again; and the Task of a run may be deleted meanwhile, after which nobody asks again.
 */
public final class RunActionDispatcher implements RunActions, AutoCloseable {

  /** How long a finished dispatch answers for its run. */
  public static final Duration RETENTION = Duration.ofMinutes(10);

  /** The state of an action passed over by design. */
  static final String SKIPPED = "Skipped";

  private static final Logger LOG = LoggerFactory.getLogger(RunActionDispatcher.class);
  /** Two, so that one slow read does not hold up every other run's actions. */
  private static final int THREADS = 2;
  /** How long {@link #close} lets reads under way finish. */
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

  private final Cluster cluster;
  private final ActionRunner runner;
  private final PluginRegistry plugins;
  private final int logTailLines;
  private final Duration retention;
  /** Dispatches by run (pod uid); each future completes normally, with an outcome for every action. */
  private final ConcurrentMap<String, CompletableFuture<List<ActionOutcome>>> dispatches = new ConcurrentHashMap<>();
  /** Reads what actions need, waits out the delay of a retry and forgets finished dispatches; runs no plugin. */
  private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(THREADS,
      new DaemonThreads("orca-action-dispatch-"));

  /** The run whose actions are dispatched, the incident it opened or ended, and its actions' names in order. */
  private record FinishedRun(Task task, Pod pod, RunState state, Optional<Incidents.Notice> notice,
      List<String> names) {}

  public RunActionDispatcher(Cluster cluster, ActionRunner runner, PluginRegistry plugins, int logTailLines,
      Duration retention) {
    this.cluster = cluster;
    this.runner = runner;
    this.plugins = plugins;
    this.logTailLines = logTailLines;
    this.retention = retention;
    // Retries and forgetting have no use once the operator stops: close() does not wait for them.
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  @Override
  public Optional<List<ActionStatus>> progress(Task task, Pod pod, RunState state, Optional<Incidents.Notice> notice,
      Runnable whenDone) {
    List<String> names = new ArrayList<>(state.phase() == RunPhase.Succeeded ? task.getSpec().getSuccessActions()
        : task.getSpec().getFailureActions());
    if (notice.filter(Incidents.Notice::recovered).isPresent()) {
      task.getSpec().getFailureActions().stream()
          .filter(name -> onChange(task, name) && !names.contains(name))
          .forEach(names::add);
    }
    return dispatchOnce(new FinishedRun(task, pod, state, notice, names), whenDone);
  }

  @Override
  public Optional<List<ActionStatus>> notify(Task task, Pod standIn, RunState state, List<String> names,
      Optional<Incidents.Notice> notice, Runnable whenDone) {
    return dispatchOnce(new FinishedRun(task, standIn, state, notice, names), whenDone);
  }

  /**
   * Starts the run's actions unless they are in flight; their statuses once all are done. Every finished run, a
   * pod's or a stand-in's, passes here: an OnChange action is passed over wherever a run carries no notice.
   */
  private Optional<List<ActionStatus>> dispatchOnce(FinishedRun asked, Runnable whenDone) {
    Task task = asked.task();
    List<String> passedOver = asked.notice().isPresent() ? List.of()
        : asked.names().stream().filter(name -> onChange(task, name)).toList();
    List<String> names = asked.names().stream().filter(name -> !passedOver.contains(name)).toList();
    return startOrCollect(new FinishedRun(task, asked.pod(), asked.state(), asked.notice(), names), whenDone)
        .map(statuses -> {
          List<ActionStatus> all = new ArrayList<>(statuses);
          passedOver.forEach(name -> all.add(passedOver(name)));
          return all;
        });
  }

  /** Starts the actions {@code run} names unless they are in flight; their statuses once all are done. */
  private Optional<List<ActionStatus>> startOrCollect(FinishedRun run, Runnable whenDone) {
    List<String> names = run.names();
    if (names.isEmpty()) {
      return Optional.of(List.of());
    }
    Pod pod = run.pod();
    // After a restart the outcome of an interrupted dispatch is unknown: the actions run again, with the same
    // idempotency keys, so a receiver can drop the repeat.
    String uid = pod.getMetadata().getUid();
    CompletableFuture<List<ActionOutcome>> dispatch = dispatches.computeIfAbsent(uid,
        key -> dispatch(key, run, List.of(), names, Duration.ZERO, whenDone));
    if (!dispatch.isDone()) {
      return Optional.empty();
    }
    List<ActionOutcome> outcomes = dispatch.join();
    if (outcomes.stream().anyMatch(RunActionDispatcher::rejected)) {
      // A rejected action never ran (the runner was full, or stopping), so it is run again once the attempts that
      // filled the runner are over, while the outcomes of the others stand: they are not run twice. Only the pass
      // that still finds this dispatch schedules the retry: it must not run twice.
      List<ActionOutcome> kept = outcomes.stream().filter(o -> !rejected(o)).toList();
      List<String> again = outcomes.stream().filter(RunActionDispatcher::rejected).map(ActionOutcome::action).toList();
      dispatches.computeIfPresent(uid, (key, current) -> current != dispatch ? current
          : dispatch(key, run, kept, again, runner.attemptTimeout(), whenDone));
      return Optional.empty();
    }
    return Optional.of(statuses(outcomes));
  }

  /** Stops dispatching; reads under way finish for up to two seconds. Does not close the {@link ActionRunner}. */
  @Override
  public void close() {
    Shutdown.within(executor, CLOSE_GRACE);
  }

  /** Runs whose dispatch is kept: in flight, or finished less than the retention ago. */
  int held() {
    return dispatches.size();
  }

  /**
   * Runs the {@code pending} actions of a run after {@code delay}, on the dispatcher's threads, and completes with
   * the outcomes of all the run's actions ({@code settled} ones included) in the Task's order. Returns at once.
   */
  private CompletableFuture<List<ActionOutcome>> dispatch(String uid, FinishedRun run, List<ActionOutcome> settled,
      List<String> pending, Duration delay, Runnable whenDone) {
    CompletableFuture<List<ActionOutcome>> outcomes = new CompletableFuture<>();
    outcomes.whenComplete((done, never) -> {
      forgetLater(uid, outcomes);
      whenDone.run();
    });
    try {
      executor.schedule(() -> runToEnd(run, settled, pending).thenAccept(outcomes::complete),
          delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      outcomes.complete(inOrder(run, settled, pending.stream().map(name -> new ActionOutcome(name,
          pluginOf(run.task(), name), ActionOutcome.Status.REJECTED, "not run: Orca is shutting down", 0)).toList()));
    }
    return outcomes;
  }

  /**
   * Prepares the {@code pending} actions and hands them to the runner; the outcomes of all the run's actions come
   * later, on the runner's threads. An action that could not be prepared, or a failure of Orca's own, is an outcome
   * too: the future never fails.
   */
  private CompletableFuture<List<ActionOutcome>> runToEnd(FinishedRun run, List<ActionOutcome> settled,
      List<String> pending) {
    try {
      String logTail = logTail(run);
      List<ActionRequest> requests = new ArrayList<>();
      List<ActionOutcome> known = new ArrayList<>(settled);
      for (String name : pending) {
        Optional<ActionSpec> entry = entry(run.task(), name);
        Map<String, String> secrets;
        try {
          secrets = entry.map(e -> secrets(run.task(), e)).orElse(Map.of());
        } catch (RuntimeException e) {
          known.add(unreadableSecret(run.task(), entry.orElseThrow(), e));
          continue;
        }
        requests.add(new ActionRequest(pluginOf(run.task(), name), context(run, name, entry, logTail, secrets)));
      }
      return runner.run(requests).thenApply(ran -> inOrder(run, known, ran))
          .exceptionally(e -> inOrder(run, settled, brokeDown(run, pending, e)));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(inOrder(run, settled, brokeDown(run, pending, e)));
    }
  }

  /** Forgets a finished dispatch after the retention, whether anyone asked for it or not. */
  private void forgetLater(String uid, CompletableFuture<List<ActionOutcome>> dispatch) {
    try {
      executor.schedule(() -> dispatches.remove(uid, dispatch), retention.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      LOG.debug("Run {}: stopping, its dispatch is not kept", uid);
    }
  }

  private static List<ActionOutcome> inOrder(FinishedRun run, List<ActionOutcome> settled, List<ActionOutcome> ran) {
    List<ActionOutcome> all = new ArrayList<>(settled);
    all.addAll(ran);
    all.sort(Comparator.comparingInt(o -> run.names().indexOf(o.action())));
    return all;
  }

  private static boolean rejected(ActionOutcome outcome) {
    return outcome.status() == ActionOutcome.Status.REJECTED;
  }

  @Override
  public List<String> unknown(Task task) {
    List<String> unknown = new ArrayList<>();
    for (String name : names(task)) {
      if (plugins.find(pluginOf(task, name)).isEmpty() && !unknown.contains(name)) {
        unknown.add(name);
      }
    }
    return unknown;
  }

  @Override
  public SortedMap<String, String> pluginFilesNotLoaded() {
    return plugins.notLoaded();
  }

  private String logTail(FinishedRun run) {
    RunState state = run.state();
    return state.phase() == RunPhase.Failed && state.container() != null
        ? cluster.logTail(run.task().getMetadata().getNamespace(), run.pod().getMetadata().getName(),
            state.container(), logTailLines).orElse("")
        : "";
  }

  private static ActionContext context(FinishedRun run, String name, Optional<ActionSpec> entry, String logTail,
      Map<String, String> secrets) {
    RunState state = run.state();
    return ActionContext.builder()
        .namespace(run.task().getMetadata().getNamespace())
        .task(run.task().getMetadata().getName())
        .runId(run.pod().getMetadata().getName())
        .actionName(name)
        .outcome(state.phase() == RunPhase.Succeeded ? RunOutcome.SUCCEEDED : RunOutcome.FAILED)
        .exitCode(state.exitCode())
        .reason(state.reason())
        .terminationMessage(state.message())
        .startedAt(state.startTime())
        .finishedAt(state.finishTime())
        .initiator(run.pod().getMetadata().getLabels().get(RunNames.INITIATOR_LABEL))
        .workflowRun(RunNames.workflowRunOf(run.pod()))
        .logTail(logTail)
        .config(entry.map(ActionSpec::getConfig).orElse(Map.of()))
        .secrets(secrets)
        .incident(run.notice().map(n -> new Incident(n.since(), n.failures(), n.recovered())).orElse(null))
        .build();
  }

  /**
   * The data of the entry's Secret. One that does not exist or that Orca may not read is empty; any other failure to
   * read it is thrown.
   */
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

  /**
   * An action whose Secret exists but could not be read fails without running: run without its Secret, its plugin
   * would act on half its settings. It is not tried again: the client already retried what a retry can mend (429,
   * 5xx and I/O errors, with backoff), and what reaches here, such as a Secret the API server cannot decrypt, would
   * fail again.
   */
  private ActionOutcome unreadableSecret(Task task, ActionSpec entry, RuntimeException error) {
    String message = "could not read Secret \"" + entry.getSecretRef().getName() + "\": "
        + ActionPluginManager.describe(error) + "; the action did not run";
    LOG.warn("{}/{}: action {} {}", task.getMetadata().getNamespace(), task.getMetadata().getName(), entry.getName(),
        message);
    cluster.event(task, "Warning", "SecretUnavailable", "Action " + entry.getName() + ": " + message);
    return new ActionOutcome(entry.getName(), pluginOf(task, entry.getName()), ActionOutcome.Status.FAILED, message, 0);
  }

  /** A failure of Orca's own while dispatching: the actions it concerns end, saying so. */
  private static List<ActionOutcome> brokeDown(FinishedRun run, List<String> pending, Throwable error) {
    LOG.error("{}/{}: the actions of run {} broke down", run.task().getMetadata().getNamespace(),
        run.task().getMetadata().getName(), run.pod().getMetadata().getName(), error);
    return pending.stream().map(name -> new ActionOutcome(name, pluginOf(run.task(), name),
        ActionOutcome.Status.FAILED, "Orca failed to run the action: " + ActionPluginManager.describe(error), 0))
        .toList();
  }

  private static boolean onChange(Task task, String name) {
    return entry(task, name).map(ActionSpec::getNotify).orElse(null) == NotifyPolicy.OnChange;
  }

  /** The status of an OnChange action on a failure that repeats one of an open incident. */
  private static ActionStatus passedOver(String name) {
    ActionStatus status = new ActionStatus();
    status.setName(name);
    status.setState(SKIPPED);
    status.setMessage("not run: a repeated failure of an open incident, and the action notifies on changes only");
    status.setAttempts(0);
    return status;
  }

  private static String pluginOf(Task task, String name) {
    return entry(task, name).map(ActionSpec::getPlugin).orElse(name);
  }

  private static Optional<ActionSpec> entry(Task task, String name) {
    return task.getSpec().getActions().stream().filter(a -> name.equals(a.getName())).findFirst();
  }

  private static List<String> names(Task task) {
    List<String> names = new ArrayList<>(task.getSpec().getSuccessActions());
    names.addAll(task.getSpec().getFailureActions());
    if (task.getSpec().getSuccessDeadline() != null) {
      names.addAll(task.getSpec().getSuccessDeadline().getActions());
    }
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
