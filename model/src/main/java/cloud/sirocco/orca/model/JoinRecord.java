package cloud.sirocco.orca.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** One join of startOnAllSucceeded: the Task's upstreams' runs in one workflow run, and what came of them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JoinRecord {

  public static final String WAITING = "Waiting";
  public static final String STARTED = "Started";
  public static final String CLOSED = "Closed";

  @JsonPropertyDescription("The workflow run the join belongs to.")
  private String workflowRun;

  @JsonPropertyDescription("Waiting (for more upstream Tasks to succeed), Started (the joined run exists) or Closed"
      + " (it will never start).")
  private String state;

  @JsonPropertyDescription("When the first upstream run of the workflow run ended: the join's timeout counts from"
      + " then.")
  private String opened;

  @JsonPropertyDescription("The successful upstream runs so far, as <Task>/<run>.")
  private List<String> succeeded = new ArrayList<>();

  @JsonPropertyDescription("The joined run, once Started.")
  private String run;

  @JsonPropertyDescription("Why a Closed join closed: UpstreamFailed or Timeout, and which run.")
  private String reason;

  @JsonPropertyDescription("How the failureActions ended for a Closed join (with failureActionsOnJoinClosed); absent"
      + " until they are done.")
  private List<ActionStatus> actions;

  public String getWorkflowRun() {
    return workflowRun;
  }

  public void setWorkflowRun(String workflowRun) {
    this.workflowRun = workflowRun;
  }

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }

  public String getOpened() {
    return opened;
  }

  public void setOpened(String opened) {
    this.opened = opened;
  }

  public List<String> getSucceeded() {
    return succeeded;
  }

  public void setSucceeded(List<String> succeeded) {
    this.succeeded = succeeded;
  }

  public String getRun() {
    return run;
  }

  public void setRun(String run) {
    this.run = run;
  }

  public List<ActionStatus> getActions() {
    return actions;
  }

  public void setActions(List<ActionStatus> actions) {
    this.actions = actions;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }
}
