package cloud.sirocco.orca.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * How long a Task may go without a successful run before it is overdue, a dead man's switch: counted from its latest
 * success ({@code within}), or from each fire of an Ignitor upstream of it ({@code withinWorkflowRun}); one of them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SuccessDeadline {

  @JsonPropertyDescription("How long the Task may go without a successful run, counted from its latest success, or"
      + " from its creation before any: a positive duration such as 90s, 45m, 26h or 1h30m. Set this or"
      + " withinWorkflowRun.")
  private String within;

  @JsonPropertyDescription("How long after each fire of an Ignitor upstream of the Task a run of the Task in the"
      + " workflow run that fire began must have succeeded: a positive duration such as 90s, 45m or 2h. Set this or"
      + " within.")
  private String withinWorkflowRun;

  @JsonPropertyDescription("Actions run once when the Task becomes overdue, and once more, as a recovery, on the"
      + " success that ends it: a name from actions, or an installed plugin's name.")
  private List<String> actions = new ArrayList<>();

  public String getWithin() {
    return within;
  }

  public void setWithin(String within) {
    this.within = within;
  }

  public String getWithinWorkflowRun() {
    return withinWorkflowRun;
  }

  public void setWithinWorkflowRun(String withinWorkflowRun) {
    this.withinWorkflowRun = withinWorkflowRun;
  }

  public List<String> getActions() {
    return actions;
  }

  public void setActions(List<String> actions) {
    this.actions = actions;
  }
}
