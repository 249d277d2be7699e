package cloud.sirocco.orca.run;

import cloud.sirocco.orca.model.StepStatus;
import cloud.sirocco.orca.names.RunNames;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a run's outcome from its pod. Success is phase Succeeded. Failure is any non-zero exit, an OOM kill, an
 * eviction, an exceeded deadline, a pod deleted before it finished, a container that has not started within the
 * Task's start timeout of its turn, or (restartPolicy OnFailure) a container that failed again after the restarts
 * its run allows. Containers are matched by name, never by position: the kubelet sorts their statuses.
 *
 * <p>The start timeout counts from a container's turn: the pod's creation for the first init container (a step) or,
 * without init containers, for every container; the end of the one before for a later init container (for a
 * sidecar, restartPolicy Always: its start); the end of the last init container for the regular containers. A
 * container that ran once has started: its restarts are bounded by the run's restart limit, not by the start
 * timeout, since the kubelet's back-off between them grows to minutes.
 */
public final class RunObserver {

  public static final String PENDING_TOO_LONG = "StartTimeout";
  public static final String RESTART_LIMIT_EXCEEDED = "RestartLimitExceeded";
  /** A run stopped by a newer one (concurrencyPolicy Replace): neither a success nor a failure to act on. */
  public static final String REPLACED = "Replaced";
  private static final String POD_DELETED = "PodDeleted";

  private RunObserver() {}

  public static RunState observe(Pod pod, Instant now, Duration startTimeout) {
    PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    List<Container> ordered = orderedContainers(pod);
    Map<String, ContainerStatus> statuses = statusesByName(status);
    Instant start = status.getStartTime() != null ? parse(status.getStartTime())
        : parse(pod.getMetadata().getCreationTimestamp());
    boolean hasSteps = pod.getSpec().getInitContainers() != null && !pod.getSpec().getInitContainers().isEmpty();
    List<StepStatus> steps = hasSteps ? steps(ordered, statuses) : List.of();
    int restarts = statuses.values().stream().mapToInt(RunObserver::restarts).sum();
    String phase = status.getPhase() == null ? "Pending" : status.getPhase();

    if ("Succeeded".equals(phase)) {
      Optional<ContainerStatus> decisive = lastTerminated(ordered, statuses);
      return new RunState(RunPhase.Succeeded, "Completed", 0, decisive.map(ContainerStatus::getName).orElse(null),
          decisive.map(RunObserver::terminationMessage).orElse(""), start, finish(statuses, now), steps, restarts);
    }
    boolean deleted = pod.getMetadata().getDeletionTimestamp() != null;
    if ("Failed".equals(phase) && !(deleted && killedBySignal(ordered, statuses))) {
      Optional<ContainerStatus> failed = firstFailed(ordered, statuses);
      String reason = status.getReason() != null ? status.getReason()
          : failed.map(s -> s.getState().getTerminated().getReason()).orElse("Failed");
      String message = failed.map(RunObserver::terminationMessage).filter(m -> !m.isEmpty())
          .orElse(status.getMessage() == null ? "" : status.getMessage());
      return new RunState(RunPhase.Failed, reason,
          failed.map(s -> s.getState().getTerminated().getExitCode()).orElse(null),
          failed.map(ContainerStatus::getName).orElse(null), message, start, finish(statuses, now), steps, restarts);
    }
    if (deleted) {
      String replacedBy = RunNames.annotation(pod, RunNames.REPLACED_BY_ANNOTATION);
      return replacedBy != null
          ? new RunState(RunPhase.Failed, REPLACED, null, null, "replaced by run " + replacedBy, start, now, steps,
              restarts)
          : new RunState(RunPhase.Failed, POD_DELETED, null, null,
              "the run's pod was deleted before it finished", start, now, steps, restarts);
    }
    Optional<Turn> late = notStarted(pod, statuses).stream()
        .filter(turn -> now.isAfter(turn.since().plus(startTimeout))).findFirst();
    if (late.isPresent()) {
      String name = late.get().container().getName();
      return new RunState(RunPhase.Failed, PENDING_TOO_LONG, null, name,
          (hasSteps ? "step" : "container") + " \"" + name + "\" did not start within " + startTimeout.toSeconds()
              + "s: " + whyNotStarted(status, statuses.get(name)),
          start, now, steps, restarts);
    }
    OptionalInt restartLimit = restartLimit(pod);
    Optional<ContainerStatus> exhausted = restartLimit.isEmpty() ? Optional.empty()
        : outOfRestarts(ordered, statuses, restartLimit.getAsInt());
    if (exhausted.isPresent()) {
      return new RunState(RunPhase.Failed, RESTART_LIMIT_EXCEEDED, failedAttempt(exhausted.get()).getExitCode(),
          exhausted.get().getName(), outOfRestartsMessage(exhausted.get(), restartLimit.getAsInt()), start, now,
          steps, restarts);
    }
    return new RunState("Running".equals(phase) ? RunPhase.Running : RunPhase.Pending, phase, null, null, "",
        start, null, steps, restarts);
  }

  /**
   * When a run must be looked at again to apply its start timeout: the earliest deadline of the containers whose
   * turn has come but that have not started; none while no container is waiting for its first start.
   */
  public static Optional<Instant> startDeadline(Pod pod, Duration startTimeout) {
    PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    return notStarted(pod, statusesByName(status)).stream().map(turn -> turn.since().plus(startTimeout))
        .min(Comparator.naturalOrder());
  }

  /** A container whose turn to start has come, and since when. */
  private record Turn(Container container, Instant since) {}

  /** The containers whose turn has come and that never ran yet, in the order of their turns. */
  private static List<Turn> notStarted(Pod pod, Map<String, ContainerStatus> byName) {
    Instant since = parse(pod.getMetadata().getCreationTimestamp());
    for (Container init : Optional.ofNullable(pod.getSpec().getInitContainers()).orElse(List.of())) {
      if (since == null) {
        return List.of();
      }
      ContainerStatus status = byName.get(init.getName());
      if (!everRan(status)) {
        return List.of(new Turn(init, since));
      }
      since = handedOnAt(init, status);
    }
    List<Turn> waiting = new ArrayList<>();
    for (Container container : pod.getSpec().getContainers()) {
      if (since != null && !everRan(byName.get(container.getName()))) {
        waiting.add(new Turn(container, since));
      }
    }
    return waiting;
  }

  private static boolean everRan(ContainerStatus status) {
    return status != null && (restarts(status) > 0 || (status.getState() != null
        && (status.getState().getRunning() != null || status.getState().getTerminated() != null))
        || (status.getLastState() != null && status.getLastState().getTerminated() != null));
  }

  /**
   * When an init container let the next container start: when it succeeded, or, for a sidecar (restartPolicy
   * Always), when it started; null while it has not.
   */
  private static Instant handedOnAt(Container init, ContainerStatus status) {
    if ("Always".equals(init.getRestartPolicy())) {
      return status.getState() == null || status.getState().getRunning() == null ? null
          : parse(status.getState().getRunning().getStartedAt());
    }
    ContainerStateTerminated terminated = terminated(status);
    return terminated != null && Integer.valueOf(0).equals(terminated.getExitCode())
        ? parse(terminated.getFinishedAt()) : null;
  }

  /** Under restartPolicy OnFailure, the first container whose last allowed attempt failed too. */
  private static Optional<ContainerStatus> outOfRestarts(List<Container> ordered, Map<String, ContainerStatus> byName,
      int limit) {
    return ordered.stream().map(c -> byName.get(c.getName())).filter(Objects::nonNull)
        .filter(s -> restarts(s) >= limit && failedAttempt(s) != null)
        .findFirst();
  }

  private static String outOfRestartsMessage(ContainerStatus container, int limit) {
    ContainerStateTerminated last = failedAttempt(container);
    return "container \"" + container.getName() + "\" failed " + (restarts(container) + 1) + " times (restarted "
        + restarts(container) + " times, retryLimit " + limit + "); last exit code " + last.getExitCode() + " ("
        + last.getReason() + ")" + (last.getMessage() == null || last.getMessage().isEmpty() ? ""
        : ": " + last.getMessage());
  }

  /**
   * How often a failed container of this run may be restarted, from the run's annotation; none for a pod that does
   * not restart, or that was made before runs carried their limit.
   */
  private static OptionalInt restartLimit(Pod pod) {
    String limit = RunNames.annotation(pod, RunNames.RESTART_LIMIT_ANNOTATION);
    if (!"OnFailure".equals(pod.getSpec().getRestartPolicy()) || limit == null || !limit.matches("\\d{1,9}")) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(Integer.parseInt(limit));
  }

  /**
   * The container's latest attempt if it failed and is over: just exited non-zero, or waiting in the kubelet's
   * back-off (CrashLoopBackOff) after it; null otherwise.
   */
  private static ContainerStateTerminated failedAttempt(ContainerStatus status) {
    ContainerStateTerminated terminated = terminated(status);
    if (terminated == null && status.getState() != null && status.getState().getWaiting() != null
        && "CrashLoopBackOff".equals(status.getState().getWaiting().getReason())
        && status.getLastState() != null) {
      terminated = status.getLastState().getTerminated();
    }
    return terminated != null && terminated.getExitCode() != null && terminated.getExitCode() != 0 ? terminated
        : null;
  }

  private static int restarts(ContainerStatus status) {
    return status.getRestartCount() == null ? 0 : status.getRestartCount();
  }

  /** A pod deleted while running fails with SIGKILL or SIGTERM: that is the deletion, not the workload. */
  private static boolean killedBySignal(List<Container> ordered, Map<String, ContainerStatus> byName) {
    return firstFailed(ordered, byName).map(s -> terminated(s).getExitCode())
        .map(code -> code == 137 || code == 143).orElse(true);
  }

  private static List<Container> orderedContainers(Pod pod) {
    return Stream.concat(
            Optional.ofNullable(pod.getSpec().getInitContainers()).stream().flatMap(List::stream),
            pod.getSpec().getContainers().stream())
        .toList();
  }

  private static Map<String, ContainerStatus> statusesByName(PodStatus status) {
    return Stream.concat(
            Optional.ofNullable(status.getInitContainerStatuses()).stream().flatMap(List::stream),
            Optional.ofNullable(status.getContainerStatuses()).stream().flatMap(List::stream))
        .collect(Collectors.toMap(ContainerStatus::getName, Function.identity(), (a, b) -> b));
  }

  private static Optional<ContainerStatus> firstFailed(List<Container> ordered, Map<String, ContainerStatus> byName) {
    return ordered.stream().map(c -> byName.get(c.getName())).filter(Objects::nonNull)
        .filter(s -> terminated(s) != null && terminated(s).getExitCode() != null
            && terminated(s).getExitCode() != 0)
        .findFirst();
  }

  /** On success, the message comes from the last container in spec order that wrote one (the last step). */
  private static Optional<ContainerStatus> lastTerminated(List<Container> ordered,
      Map<String, ContainerStatus> byName) {
    List<ContainerStatus> terminated = ordered.stream().map(c -> byName.get(c.getName()))
        .filter(Objects::nonNull).filter(s -> terminated(s) != null).toList();
    return terminated.stream().filter(s -> !terminationMessage(s).isEmpty()).reduce((a, b) -> b)
        .or(() -> terminated.stream().reduce((a, b) -> b));
  }

  private static List<StepStatus> steps(List<Container> ordered, Map<String, ContainerStatus> byName) {
    List<StepStatus> steps = new ArrayList<>();
    boolean earlierFailed = false;
    for (Container container : ordered) {
      StepStatus step = new StepStatus();
      step.setName(container.getName());
      ContainerStatus status = byName.get(container.getName());
      ContainerStateTerminated terminated = status == null ? null : terminated(status);
      if (terminated != null) {
        boolean ok = Integer.valueOf(0).equals(terminated.getExitCode());
        step.setState(ok ? "Succeeded" : "Failed");
        step.setExitCode(terminated.getExitCode());
        step.setReason(terminated.getReason());
        step.setStartTime(terminated.getStartedAt());
        step.setFinishTime(terminated.getFinishedAt());
        earlierFailed |= !ok;
      } else if (status != null && status.getState() != null && status.getState().getRunning() != null) {
        step.setState("Running");
        step.setStartTime(status.getState().getRunning().getStartedAt());
      } else {
        step.setState(earlierFailed ? "Skipped" : "Waiting");
      }
      if (status != null && restarts(status) > 0) {
        step.setRestarts(restarts(status));
      }
      steps.add(step);
    }
    return steps;
  }

  /** The container's waiting reason, or else the pod's: the scheduler's message, or its phase. */
  private static String whyNotStarted(PodStatus status, ContainerStatus container) {
    ContainerStateWaiting waiting = container == null || container.getState() == null ? null
        : container.getState().getWaiting();
    if (waiting != null && waiting.getReason() != null) {
      return describe(waiting);
    }
    return Optional.ofNullable(status.getConditions()).stream().flatMap(List::stream)
        .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
        .map(PodCondition::getMessage).filter(Objects::nonNull).findFirst()
        .orElse("it is still " + (status.getPhase() == null ? "Pending" : status.getPhase()));
  }

  private static String describe(ContainerStateWaiting waiting) {
    return waiting.getReason() + (waiting.getMessage() == null ? "" : ": " + waiting.getMessage());
  }

  private static Instant finish(Map<String, ContainerStatus> byName, Instant fallback) {
    return byName.values().stream().map(RunObserver::terminated).filter(Objects::nonNull)
        .map(t -> parse(t.getFinishedAt())).filter(Objects::nonNull)
        .max(Comparator.naturalOrder()).orElse(fallback);
  }

  private static ContainerStateTerminated terminated(ContainerStatus status) {
    return status.getState() == null ? null : status.getState().getTerminated();
  }

  private static String terminationMessage(ContainerStatus status) {
    ContainerStateTerminated terminated = terminated(status);
    return terminated == null || terminated.getMessage() == null ? "" : terminated.getMessage();
  }

  static Instant parse(String time) {
    return time == null || time.isBlank() ? null : Instant.parse(time);
  }
}
