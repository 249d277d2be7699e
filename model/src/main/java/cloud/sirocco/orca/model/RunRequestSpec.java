package cloud.sirocco.orca.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** What to run. Immutable, so that what a request started is what it says, also for the API server alone. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self == oldSelf", message = "is immutable: a RunRequest runs once; create another one")
public class RunRequestSpec {

  @Required
  @JsonPropertyDescription("The Task to run, in the request's namespace.")
  private String task;

  @JsonPropertyDescription("The run's ORCA_DATA, for a new workflow run (ORCA_INITIATOR is the request's name)."
      + " Not used with replay.")
  private String data;

  @JsonPropertyDescription("A past run of the Task (its pod's name, as in status.runs) to run again with the"
      + " ORCA_DATA and ORCA_INITIATOR it was handed, in its workflow run; its downstream follows as usual.")
  private String replay;

  public String getTask() {
    return task;
  }

  public void setTask(String task) {
    this.task = task;
  }

  public String getData() {
    return data;
  }

  public void setData(String data) {
    this.data = data;
  }

  public String getReplay() {
    return replay;
  }

  public void setReplay(String replay) {
    this.replay = replay;
  }
}
