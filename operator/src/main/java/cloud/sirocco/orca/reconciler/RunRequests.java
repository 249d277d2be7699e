package cloud.sirocco.orca.reconciler;

import cloud.sirocco.orca.cluster.Cluster;
import cloud.sirocco.orca.cluster.PodRejectedException;
import cloud.sirocco.orca.model.RunRequest;
import cloud.sirocco.orca.model.RunRequestStatus;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.names.RunNames;
import cloud.sirocco.orca.run.RunLauncher;
import cloud.sirocco.orca.run.RunPodCache;
import cloud.sirocco.orca.run.Trigger;
import cloud.sirocco.orca.status.Times;
import cloud.sirocco.orca.validation.NamespaceView;
import cloud.sirocco.orca.validation.WorkflowRules;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.Optional;

/**
 * Starts the run a RunRequest asks for: a new workflow run with the request's data, or the replay of a past run.
 *
 * <p>Exactly once: the run's pod name derives from the request's uid, so a pass repeated before the request's status
 * says {@code Started} (a restart between the pod's creation and that write) finds the pod instead of starting
 * another; a request whose status has a phase is never looked at again.
 */
final class RunRequests {

  static final String STARTED = "Started";
  static final String SKIPPED = "Skipped";
  static final String FAILED = "Failed";

  private final Cluster cluster;
  private final RunLauncher launcher;

  RunRequests(Cluster cluster, RunLauncher launcher) {
    this.cluster = cluster;
    this.launcher = launcher;
  }

  /**
   * Starts the run {@code request} asks of {@code task} (defaults applied), as the Task's concurrency policy allows;
   * returns the request's status to write. A transient API error is thrown, for the pass to be retried.
   */
  RunRequestStatus start(Task task, RunRequest request, RunPodCache runs, NamespaceView view, Instant now) {
    String replay = request.getSpec().getReplay();
    if (!WorkflowRules.checkTask(task, view).allowed()) {
      return refused(task, request, FAILED, "Task " + task.getMetadata().getName()
          + " is invalid (see its Ready condition)", now);
    }
    Trigger trigger;
    if (replay == null) {
      trigger = Trigger.manual(request);
    } else {
      Optional<Pod> replayed = runs.runsOf(task).stream()
          .filter(p -> replay.equals(p.getMetadata().getName())).findFirst();
      if (replayed.isEmpty()) {
        return refused(task, request, FAILED, "run " + replay + " of Task " + task.getMetadata().getName()
            + " has no pod any more (successfulRunsHistoryLimit, failedRunsHistoryLimit), so its data is gone", now);
      }
      trigger = Trigger.replay(request, replayed.get());
    }
    try {
      launcher.launch(task, trigger, runs);
    } catch (PodRejectedException e) {
      return refused(task, request, FAILED, "the API server refused the run's pod: " + e.getMessage(), now);
    }
    Optional<Pod> started = runs.runsOf(task).stream()
        .filter(p -> trigger.cause().equals(RunNames.annotation(p, RunNames.CAUSE_ANNOTATION))).findFirst();
    if (started.isEmpty()) {
      // The launcher said why on the Task: a run in flight under Forbid, or the pod's name taken.
      return refused(task, request, SKIPPED, "no run started: see the Events of Task "
          + task.getMetadata().getName(), now);
    }
    String run = started.get().getMetadata().getName();
    RunRequestStatus status = status(STARTED, now);
    status.setRun(run);
    status.setWorkflowRun(trigger.workflowRun());
    String what = (replay == null ? "Started run " + run : "Replayed run " + replay + " as run " + run)
        + " (workflow run " + trigger.workflowRun() + ")";
    cluster.event(request, "Normal", "RunStarted", what + " of Task " + task.getMetadata().getName()
        + ", requested by " + requester(request));
    cluster.event(task, "Normal", "RunRequested", what + " for RunRequest " + request.getMetadata().getName()
        + ", requested by " + requester(request));
    return status;
  }

  private RunRequestStatus refused(Task task, RunRequest request, String phase, String why, Instant now) {
    cluster.event(request, "Warning", "RunNotStarted", "Task " + task.getMetadata().getName() + " not run: " + why);
    RunRequestStatus status = status(phase, now);
    status.setMessage(why);
    return status;
  }

  private static RunRequestStatus status(String phase, Instant now) {
    RunRequestStatus status = new RunRequestStatus();
    status.setPhase(phase);
    status.setTime(Times.rfc3339(now));
    return status;
  }

  private static String requester(RunRequest request) {
    String who = RunNames.annotation(request, RunRequest.REQUESTED_BY_ANNOTATION);
    return who == null ? "an unknown user (the request was not admitted by Orca's webhook)" : who;
  }
}
