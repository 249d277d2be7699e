package cloud.sirocco.orca.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunRequestStatus {

  @JsonPropertyDescription("Started (the run exists: see run), Skipped (the Task's concurrencyPolicy Forbid and a run"
      + " in flight) or Failed (see message). Set once: a request never starts a second run.")
  private String phase;

  @JsonPropertyDescription("The run started: its pod's name, as in the Task's status.runs.")
  private String run;

  @JsonPropertyDescription("The workflow run the run belongs to: a new one, or for a replay the replayed run's.")
  private String workflowRun;

  @JsonPropertyDescription("When the request was handled (RFC 3339, UTC).")
  private String time;

  @JsonPropertyDescription("Why the request did not start a run.")
  private String message;

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public String getRun() {
    return run;
  }

  public void setRun(String run) {
    this.run = run;
  }

  public String getWorkflowRun() {
    return workflowRun;
  }

  public void setWorkflowRun(String workflowRun) {
    this.workflowRun = workflowRun;
  }

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
