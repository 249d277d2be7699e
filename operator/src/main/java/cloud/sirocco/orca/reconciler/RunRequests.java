package cloud.sirocco.orca.reconciler;

import cloud.sirocco.orca.cluster.Cluster;
import cloud.sirocco.orca.cluster.PodRejectedException;
import cloud.sirocco.orca.model.RunRequest;
import cloud.sirocco.orca.model.RunRequestStatus;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.names.RunNames;
import cloud.sirocco.orca.run.Launch;
import cloud.sirocco.orca.run.RunLauncher;
import cloud.sirocco.orca.run.RunPodCache;
import cloud.sirocco.orca.run.Trigger;
import cloud.sirocco.orca.status.Times;
import cloud.sirocco.orca.validation.NamespaceView;
import cloud.sirocco.orca.validation.RunRequestRules;
import cloud.sirocco.orca.validation.Verdict;
import cloud.sirocco.orca.validation.Violation;
import cloud.sirocco.orca.validation.WorkflowRules;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Collectors;

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
    // Admission checks these too, unless the webhook was bypassed or the Task's runs changed since.
    Verdict verdict = RunRequestRules.check(request, view);
    if (!verdict.allowed()) {
      return refused(task, request, FAILED, "the request is invalid: " + verdict.errors().stream()
          .map(Violation::toString).collect(Collectors.joining("; ")), now);
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
    Launch launch;
    try {
      launch = launcher.launch(task, trigger, runs);
    } catch (PodRejectedException e) {
      return refused(task, request, FAILED, "the API server refused the run's pod: " + e.getMessage(), now);
    }
    if (launch.run().isEmpty()) {
      return refused(task, request, launch.skipped() ? SKIPPED : FAILED, "no run started: " + launch.reason(), now);
    }
    String run = launch.run().get().getMetadata().getName();
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
