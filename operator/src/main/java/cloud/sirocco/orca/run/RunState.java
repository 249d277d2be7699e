package cloud.sirocco.orca.run;

import cloud.sirocco.orca.model.StepStatus;
import java.time.Instant;
import java.util.List;

/**
 * What a run pod says about its run.
 *
 * @param phase where the run stands
 * @param reason why it ended so, e.g. Completed, Error, OOMKilled, Evicted, DeadlineExceeded, PodDeleted,
 *     StartTimeout, RestartLimitExceeded
 * @param exitCode the exit code of the container that decided the outcome, if it exited
 * @param container that container's name, if one decided the outcome
 * @param message that container's termination message, or what went wrong (a container that did not start, one
 *     that used up its restarts)
 * @param steps per-step state for a steps Task; empty otherwise
 * @param restarts how often the kubelet restarted the run's containers (restartPolicy OnFailure), all together
 */
public record RunState(
    RunPhase phase,
    String reason,
    Integer exitCode,
    String container,
    String message,
    Instant startTime,
    Instant finishTime,
    List<StepStatus> steps,
    int restarts) {

  public boolean finished() {
    return phase.finished();
  }
}
