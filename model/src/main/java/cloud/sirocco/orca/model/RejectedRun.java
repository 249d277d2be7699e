package cloud.sirocco.orca.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * A run whose pod the API server refused, waiting to be handled as the Task's failed run: recorded in {@code runs},
 * handed to the Task's failure listeners and actions. Written by whichever pass tried to start it; removed once
 * handled.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RejectedRun {

  /** The reason its record in {@code runs} gives: no pod ever existed, so there is nothing to replay. */
  public static final String REASON = "PodRejected";

  @JsonPropertyDescription("The run: the name its pod would have had.")
  private String name;

  @JsonPropertyDescription("The Ignitor or upstream Task that started the run.")
  private String initiator;

  @JsonPropertyDescription("Ignition, Success or Failure: which kind of trigger started the run.")
  private String trigger;

  @JsonPropertyDescription("The workflow run (one execution of the workflow, from the Ignitor fire that started it)"
      + " the run belongs to; its pods carry it as the label orca.sirocco.cloud/workflow-run.")
  private String workflowRun;

  @JsonPropertyDescription("When the API server refused the pod (RFC 3339, UTC).")
  private String time;

  @JsonPropertyDescription("The API server's answer.")
  private String message;

  @JsonPropertyDescription("Whether the failure is recorded and handed to the failure listeners.")
  private Boolean handled;

  @JsonPropertyDescription("Failure listeners started so far while a retry waits.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<String> started = new ArrayList<>();

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

  public Boolean getHandled() {
    return handled;
  }

  public void setHandled(Boolean handled) {
    this.handled = handled;
  }

  public List<String> getStarted() {
    return started;
  }

  public void setStarted(List<String> started) {
    this.started = started;
  }
}
