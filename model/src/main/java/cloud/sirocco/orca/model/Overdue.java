package cloud.sirocco.orca.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * An overdue episode of the Task: its success deadline passed with no successful run. Kept after the success that
 * ends it, until the next episode, so that each notice is sent once across operator restarts. An episode of a
 * deadline within the workflow run names the Ignitor and the workflow run its fire began.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Overdue {

  @JsonPropertyDescription("When the success deadline passed (RFC 3339, UTC).")
  private String since;

  @JsonPropertyDescription("The Ignitor whose fire began the workflow run (withinWorkflowRun only).")
  private String ignitor;

  @JsonPropertyDescription("The workflow run with no successful run of the Task in time (withinWorkflowRun only).")
  private String workflowRun;

  @JsonPropertyDescription("The successful run that ended the episode (empty when a longer period ended it);"
      + " absent while the Task is overdue.")
  private String recoveredBy;

  @JsonPropertyDescription("How the successDeadline actions ended for the episode; absent until they are done.")
  private List<ActionStatus> actions;

  @JsonPropertyDescription("How the successDeadline actions ended for the recovery; absent until they are done.")
  private List<ActionStatus> recoveryActions;

  public String getSince() {
    return since;
  }

  public void setSince(String since) {
    this.since = since;
  }

  public String getIgnitor() {
    return ignitor;
  }

  public void setIgnitor(String ignitor) {
    this.ignitor = ignitor;
  }

  public String getWorkflowRun() {
    return workflowRun;
  }

  public void setWorkflowRun(String workflowRun) {
    this.workflowRun = workflowRun;
  }

  public String getRecoveredBy() {
    return recoveredBy;
  }

  public void setRecoveredBy(String recoveredBy) {
    this.recoveredBy = recoveredBy;
  }

  public List<ActionStatus> getActions() {
    return actions;
  }

  public void setActions(List<ActionStatus> actions) {
    this.actions = actions;
  }

  public List<ActionStatus> getRecoveryActions() {
    return recoveryActions;
  }

  public void setRecoveryActions(List<ActionStatus> recoveryActions) {
    this.recoveryActions = recoveryActions;
  }
}
