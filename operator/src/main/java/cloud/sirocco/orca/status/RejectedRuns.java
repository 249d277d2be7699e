package cloud.sirocco.orca.status;

import cloud.sirocco.orca.model.RejectedRun;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.names.RunNames;
import cloud.sirocco.orca.run.RunPhase;
import cloud.sirocco.orca.run.RunState;
import cloud.sirocco.orca.run.StandInPod;
import cloud.sirocco.orca.run.Trigger;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs whose pods the API server refused. Each is kept in the Task's status ({@code rejectedRuns}) until it is
 * handled like any failed run; meanwhile it stands in for its pod as a pod that never existed, carrying its progress
 * in the annotations a real run pod would have, so the Task's pass handles both alike.
 */
public final class RejectedRuns {

  private RejectedRuns() {}

  /** The entry for a run of {@code trigger} refused at {@code time} with the API server's {@code message}. */
  public static RejectedRun of(String run, Trigger trigger, Instant time, String message) {
    RejectedRun rejected = new RejectedRun();
    rejected.setName(run);
    rejected.setInitiator(trigger.initiator());
    rejected.setTrigger(trigger.startedBy().label());
    rejected.setWorkflowRun(trigger.workflowRun());
    rejected.setTime(Times.rfc3339(time));
    rejected.setMessage(message);
    return rejected;
  }

  /** Adds the entry unless the status already knows that run; returns whether it did. */
  public static boolean add(TaskStatus status, RejectedRun rejected) {
    if (known(status, rejected.getName())) {
      return false;
    }
    status.getRejectedRuns().add(rejected);
    return true;
  }

  /** The pod the refused run stands in for: never created, so it never shows up in the cluster. */
  public static Pod asPod(Task task, RejectedRun rejected) {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (Boolean.TRUE.equals(rejected.getHandled())) {
      annotations.put(RunNames.HANDLED_ANNOTATION, "true");
    }
    if (!rejected.getStarted().isEmpty()) {
      annotations.put(RunNames.STARTED_ANNOTATION, String.join(",", rejected.getStarted()));
    }
    // One refused before runs carried their workflow run has none: its stand-in begins its own, as such a pod does.
    Pod standIn = StandInPod.of(task, rejected.getName(), rejected.getName(), String.valueOf(rejected.getInitiator()),
        rejected.getWorkflowRun());
    return new PodBuilder(standIn).editMetadata()
        .withCreationTimestamp(rejected.getTime())
        .addToLabels(RunNames.TRIGGER_LABEL, String.valueOf(rejected.getTrigger()))
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec().endSpec()
        .build();
  }

  /** What the refused run's stand-in pod says: a failure that started and ended when the pod was refused. */
  public static RunState state(RejectedRun rejected) {
    Instant time = Instant.parse(rejected.getTime());
    return new RunState(RunPhase.Failed, RejectedRun.REASON, null, null, rejected.getMessage(), time, time, List.of(), 0);
  }

  /**
   * Applies a pass's mark for the stand-in pod to its entry, one of {@code status}'s: the progress it records, and,
   * once the run is handled and acted upon, the entry's removal.
   */
  public static void mark(TaskStatus status, RejectedRun rejected, Map<String, String> annotations, boolean release) {
    if (release) {
      status.getRejectedRuns().remove(rejected);
      return;
    }
    if (annotations.containsKey(RunNames.HANDLED_ANNOTATION)) {
      rejected.setHandled(true);
    }
    String started = annotations.get(RunNames.STARTED_ANNOTATION);
    if (started != null) {
      rejected.setStarted(new ArrayList<>(List.of(started.split(","))));
    }
  }

  /**
   * The status to write over {@code current}, the Task's status as stored now: {@code decided}, from a pass that
   * read {@code base}, plus the refused runs that other passes added to {@code current} since. One the pass handled
   * and dropped is in {@code base}, so it does not come back.
   */
  public static TaskStatus carriedOver(TaskStatus base, TaskStatus current, TaskStatus decided) {
    if (current == null || current.getRejectedRuns().isEmpty()) {
      return decided;
    }
    Set<String> before = base == null ? Set.of() : base.getRejectedRuns().stream().map(RejectedRun::getName)
        .collect(Collectors.toSet());
    current.getRejectedRuns().stream()
        .filter(r -> !before.contains(r.getName()) && !known(decided, r.getName()))
        .forEach(r -> decided.getRejectedRuns().add(r));
    return decided;
  }

  /** Whether the status knows the run: as refused and waiting, or recorded. */
  public static boolean known(TaskStatus status, String run) {
    return status.getRejectedRuns().stream().anyMatch(r -> run.equals(r.getName()))
        || RunHistory.find(status, run).isPresent();
  }
}
