package cloud.sirocco.orca.model;

import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The defaults a user would otherwise have to know. The mutating webhook persists them; the operator applies them
 * to its own copy too, so an object admitted while the webhook was bypassed behaves the same.
 */
public final class Defaults {

  public static final ConcurrencyPolicy CONCURRENCY_POLICY = ConcurrencyPolicy.Forbid;
  public static final int RETRY_LIMIT = 3;
  public static final int RETRY_BACKOFF_SECONDS = 10;
  public static final int SUCCESSFUL_RUNS_HISTORY_LIMIT = 3;
  public static final int FAILED_RUNS_HISTORY_LIMIT = 3;
  public static final int START_TIMEOUT_SECONDS = 300;
  public static final NotifyPolicy NOTIFY = NotifyPolicy.EveryRun;
  public static final String RESTART_POLICY = "Never";
  public static final String TIME_ZONE = "UTC";
  public static final int JOIN_TIMEOUT_SECONDS = 3600;

  private Defaults() {}

  /** Fills every unset field of a Task's spec; returns whether anything changed. */
  public static boolean apply(Task task) {
    if (task.getSpec() == null) {
      task.setSpec(new TaskSpec());
    }
    TaskSpec spec = task.getSpec();
    boolean changed = false;
    changed |= list(spec::getStartOnIgnition, spec::setStartOnIgnition);
    changed |= list(spec::getStartOnSuccess, spec::setStartOnSuccess);
    changed |= list(spec::getStartOnFailure, spec::setStartOnFailure);
    changed |= list(spec::getStartOnAllSucceeded, spec::setStartOnAllSucceeded);
    if (!spec.getStartOnAllSucceeded().isEmpty()) {
      changed |= value(spec::getJoinTimeoutSeconds, spec::setJoinTimeoutSeconds, JOIN_TIMEOUT_SECONDS);
      changed |= value(spec::getFailureActionsOnJoinClosed, spec::setFailureActionsOnJoinClosed, false);
    }
    changed |= list(spec::getSuccessActions, spec::setSuccessActions);
    changed |= list(spec::getFailureActions, spec::setFailureActions);
    changed |= list(spec::getActions, spec::setActions);
    SuccessDeadline deadline = spec.getSuccessDeadline();
    if (deadline != null) {
      changed |= list(deadline::getActions, deadline::setActions);
    }
    changed |= value(spec::getConcurrencyPolicy, spec::setConcurrencyPolicy, CONCURRENCY_POLICY);
    changed |= value(spec::getRetryLimit, spec::setRetryLimit, RETRY_LIMIT);
    changed |= value(spec::getRetryBackoffSeconds, spec::setRetryBackoffSeconds, RETRY_BACKOFF_SECONDS);
    changed |= value(spec::getSuccessfulRunsHistoryLimit, spec::setSuccessfulRunsHistoryLimit,
        SUCCESSFUL_RUNS_HISTORY_LIMIT);
    changed |= value(spec::getFailedRunsHistoryLimit, spec::setFailedRunsHistoryLimit, FAILED_RUNS_HISTORY_LIMIT);
    changed |= value(spec::getStartTimeoutSeconds, spec::setStartTimeoutSeconds, START_TIMEOUT_SECONDS);
    for (ActionSpec action : spec.getActions()) {
      if (action != null && action.getName() != null) {
        changed |= value(action::getPlugin, action::setPlugin, action.getName());
        changed |= value(action::getNotify, action::setNotify, NOTIFY);
      }
    }
    PodSpec podSpec = spec.getTemplate() == null ? null : spec.getTemplate().getSpec();
    if (podSpec != null) {
      changed |= value(podSpec::getRestartPolicy, podSpec::setRestartPolicy, RESTART_POLICY);
    }
    return changed;
  }

  /** Fills every unset field of an Ignitor's spec; returns whether anything changed. */
  public static boolean apply(Ignitor ignitor) {
    if (ignitor.getSpec() == null) {
      ignitor.setSpec(new IgnitorSpec());
    }
    IgnitorSpec spec = ignitor.getSpec();
    boolean changed = value(spec::getTimeZone, spec::setTimeZone, TIME_ZONE);
    changed |= value(spec::getSuspend, spec::setSuspend, false);
    return changed;
  }

  private static <T> boolean list(Supplier<List<T>> get, Consumer<List<T>> set) {
    if (get.get() != null) {
      return false;
    }
    set.accept(new ArrayList<>());
    return true;
  }

  private static <T> boolean value(Supplier<T> get, Consumer<T> set, T value) {
    if (get.get() != null) {
      return false;
    }
    set.accept(value);
    return true;
  }
}
