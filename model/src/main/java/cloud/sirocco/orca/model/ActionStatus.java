package cloud.sirocco.orca.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** How one action for one run ended. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ActionStatus {

  private String name;

  private String state;

  private String message;

  private Integer attempts;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public Integer getAttempts() {
    return attempts;
  }

  public void setAttempts(Integer attempts) {
    this.attempts = attempts;
  }
}
