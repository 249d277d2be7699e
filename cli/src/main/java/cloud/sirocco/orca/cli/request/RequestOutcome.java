package cloud.sirocco.orca.cli.request;

import cloud.sirocco.orca.model.RunRequest;
import cloud.sirocco.orca.model.RunRequestSpec;
import cloud.sirocco.orca.model.RunRequestStatus;
import java.util.Optional;

/** How the plugin words a RunRequest: what it asks, and what the operator made of it. */
public final class RequestOutcome {

  private static final String STARTED = "Started";

  private RequestOutcome() {}

  /** E.g. {@code RunRequest load-run-x7k2p created: run Task load with data "batch 7"}. */
  public static String created(RunRequest request) {
    return "RunRequest " + request.getMetadata().getName() + " created: " + asked(request.getSpec());
  }

  /** {@code run Task load with data "batch 7"}, {@code replay run load-1a2b3c4d5e of Task load}. */
  public static String asked(RunRequestSpec spec) {
    if (spec.getReplay() != null) {
      return "replay run " + spec.getReplay() + " of Task " + spec.getTask();
    }
    return "run Task " + spec.getTask() + (spec.getData() == null ? "" : " with data \"" + spec.getData() + "\"");
  }

  public static String howToSee(RunRequest request) {
    return "Its outcome: kubectl get runrequest " + request.getMetadata().getName() + " -n "
        + request.getMetadata().getNamespace() + " (PHASE, RUN, WORKFLOWRUN)";
  }

  /** The run a request started, and how to follow its workflow run; empty when it started none. */
  public static Optional<String> started(RunRequest request) {
    RunRequestStatus status = request.getStatus();
    if (status == null || !STARTED.equals(status.getPhase())) {
      return Optional.empty();
    }
    String replay = request.getSpec().getReplay();
    return Optional.of((replay == null ? "Started run " + status.getRun() : "Replayed run " + replay + " as run "
        + status.getRun()) + " of Task " + request.getSpec().getTask() + ", in workflow run " + status.getWorkflowRun()
        + ".\nFollow it: kubectl orca watch " + status.getWorkflowRun() + " -n " + request.getMetadata().getNamespace()
        + "\n");
  }

  /** Why a handled request started no run, for an error line. */
  public static String notStarted(RunRequest request) {
    return "RunRequest " + request.getMetadata().getName() + " started no run: " + outcome(request)
        + " (kubectl orca why " + request.getSpec().getTask() + " -n " + request.getMetadata().getNamespace() + ")";
  }

  /**
   * The operator's answer in a few words: {@code started run X (workflow run W)}, {@code skipped ...}, {@code failed:
   * ...}, or {@code not handled yet}.
   */
  public static String outcome(RunRequest request) {
    RunRequestStatus status = request.getStatus();
    if (status == null || status.getPhase() == null) {
      return "not handled yet";
    }
    return switch (status.getPhase()) {
      case STARTED -> "started run " + status.getRun() + " (workflow run " + status.getWorkflowRun() + ")";
      // The operator skips a request as it skips any trigger: the Task's concurrencyPolicy Forbid, a run in flight.
      case "Skipped" -> "skipped, as a run was in flight and concurrencyPolicy is Forbid: " + status.getMessage();
      case "Failed" -> "failed: " + status.getMessage();
      default -> status.getPhase() + (status.getMessage() == null ? "" : ": " + status.getMessage());
    };
  }

  public static String unanswered(RunRequest request, int timeoutSeconds) {
    String name = request.getMetadata().getName();
    String namespace = request.getMetadata().getNamespace();
    return "RunRequest " + name + " has no answer from the operator after " + timeoutSeconds + "s: is it running, "
        + "and does it watch namespace \"" + namespace + "\"? (kubectl describe runrequest " + name + " -n "
        + namespace + ")";
  }
}
