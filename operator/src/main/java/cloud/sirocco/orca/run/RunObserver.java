package cloud.sirocco.orca.run;

import cloud.sirocco.orca.model.StepStatus;
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
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a run's outcome from its pod. Success is phase Succeeded. Failure is any non-zero exit, an OOM kill, an
 * eviction, an exceeded deadline, a pod deleted before it finished, or a pod that has not started within the
 * Task's start timeout. Containers are matched by name, never by position: the kubelet sorts their statuses.
 */
public final class RunObserver {

  public static final String PENDING_TOO_LONG = "StartTimeout";
  public static final String POD_DELETED = "PodDeleted";
  /** A run stopped by a newer one (concurrencyPolicy Replace): neither a success nor a failure to act on. */
  public static final String REPLACED = "Replaced";

  private RunObserver() {}

  public static RunState observe(Pod pod, Instant now, Duration startTimeout) {
    PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    List<Container> ordered = orderedContainers(pod);
    Map<String, ContainerStatus> statuses = statusesByName(status);
    Instant created = parse(pod.getMetadata().getCreationTimestamp());
    Instant start = status.getStartTime() != null ? parse(status.getStartTime()) : created;
    List<StepStatus> steps = pod.getSpec().getInitContainers() == null
        || pod.getSpec().getInitContainers().isEmpty() ? List.of() : steps(ordered, statuses);
    String phase = status.getPhase() == null ? "Pending" : status.getPhase();

    if ("Succeeded".equals(phase)) {
      Optional<ContainerStatus> decisive = lastTerminated(ordered, statuses);
      return new RunState(RunPhase.Succeeded, "Completed", 0, decisive.map(ContainerStatus::getName).orElse(null),
          decisive.map(RunObserver::terminationMessage).orElse(""), start, finish(statuses, now), steps);
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
          failed.map(ContainerStatus::getName).orElse(null), message, start, finish(statuses, now), steps);
    }
    if (deleted) {
      String replacedBy = pod.getMetadata().getAnnotations() == null ? null
          : pod.getMetadata().getAnnotations().get(RunNames.REPLACED_BY_ANNOTATION);
      return replacedBy != null
          ? new RunState(RunPhase.Failed, REPLACED, null, null, "replaced by run " + replacedBy, start, now, steps)
          : new RunState(RunPhase.Failed, POD_DELETED, null, null,
              "the run's pod was deleted before it finished", start, now, steps);
    }
    boolean anyStarted = statuses.values().stream()
        .anyMatch(s -> s.getState() != null && (s.getState().getRunning() != null
            || s.getState().getTerminated() != null));
    if (!anyStarted && created != null && now.isAfter(created.plus(startTimeout))) {
      return new RunState(RunPhase.Failed, PENDING_TOO_LONG, null, null,
          "the pod did not start within " + startTimeout.toSeconds() + "s: "
              + whyNotStarted(status, ordered, statuses),
          start, now, steps);
    }
    return new RunState("Running".equals(phase) ? RunPhase.Running : RunPhase.Pending, phase, null, null, "",
        start, null, steps);
  }

  /** When a run that has not started yet must be looked at again to apply its start timeout. */
  public static Optional<Instant> startDeadline(Pod pod, Duration startTimeout) {
    return Optional.ofNullable(parse(pod.getMetadata().getCreationTimestamp())).map(t -> t.plus(startTimeout));
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
      steps.add(step);
    }
    return steps;
  }

  private static String whyNotStarted(PodStatus status, List<Container> ordered,
      Map<String, ContainerStatus> byName) {
    Optional<String> waiting = ordered.stream().map(c -> byName.get(c.getName())).filter(Objects::nonNull)
        .map(s -> s.getState() == null ? null : s.getState().getWaiting())
        .filter(Objects::nonNull)
        .map(RunObserver::describe)
        .findFirst();
    if (waiting.isPresent()) {
      return waiting.get();
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
