package cloud.sirocco.orca.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** One run of a Task, as its status shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunRecord {

  @JsonPropertyDescription("The run's pod.")
  private String name;

  @JsonPropertyDescription("The Ignitor or upstream Task that started the run.")
  private String initiator;

  @JsonPropertyDescription("Ignition, Success or Failure: which kind of trigger started the run.")
  private String trigger;

  @JsonPropertyDescription("The workflow run (one execution of the workflow, from the Ignitor fire that started it)"
      + " the run belongs to; its pods carry it as the label orca.sirocco.cloud/workflow-run.")
  private String workflowRun;

  @JsonPropertyDescription("Pending, Running, Succeeded or Failed.")
  private String phase;

  private String startTime;

  private String finishTime;

  private Integer exitCode;

  @JsonPropertyDescription("Why the run ended so: Completed, Error, OOMKilled, DeadlineExceeded, Evicted, PodDeleted, StartTimeout, RestartLimitExceeded...")
  private String reason;

  @JsonPropertyDescription("The termination message handed downstream as ORCA_DATA, or what went wrong.")
  private String message;

  @JsonPropertyDescription("How often the kubelet restarted the run's containers after they failed (restartPolicy OnFailure); absent if never.")
  private Integer restarts;

  private List<StepStatus> steps;

  private List<ActionStatus> actions;

  @JsonPropertyDescription("For a failed run: the Task's consecutive failures when it failed, this one included. A retry"
      + " of this run counts against retryLimit and waits its backoff by this number, whatever ran since.")
  private Integer consecutiveFailures;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getInitiator() {
    return initiator;
  }

  public void setInitiator(String initiator) {
    this.initiator = initiator;
  }

  public String getTrigger() {
    return trigger;
  }

  public void setTrigger(String trigger) {
    this.trigger = trigger;
  }

  public String getWorkflowRun() {
    return workflowRun;
  }

  public void setWorkflowRun(String workflowRun) {
    this.workflowRun = workflowRun;
  }

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public String getFinishTime() {
    return finishTime;
  }

  public void setFinishTime(String finishTime) {
    this.finishTime = finishTime;
  }

  public Integer getExitCode() {
    return exitCode;
  }

  public void setExitCode(Integer exitCode) {
    this.exitCode = exitCode;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public Integer getRestarts() {
    return restarts;
  }

  public void setRestarts(Integer restarts) {
    this.restarts = restarts;
  }

  public List<StepStatus> getSteps() {
    return steps;
  }

  public void setSteps(List<StepStatus> steps) {
    this.steps = steps;
  }

  public List<ActionStatus> getActions() {
    return actions;
  }

  public void setActions(List<ActionStatus> actions) {
    this.actions = actions;
  }

  public Integer getConsecutiveFailures() {
    return consecutiveFailures;
  }

  public void setConsecutiveFailures(Integer consecutiveFailures) {
    this.consecutiveFailures = consecutiveFailures;
  }
}
