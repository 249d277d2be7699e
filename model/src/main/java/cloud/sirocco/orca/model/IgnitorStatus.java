package cloud.sirocco.orca.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class IgnitorStatus {

  @JsonPropertyDescription("The scheduled time of the latest fire (RFC 3339, UTC). Tasks compare it with what they"
      + " have already consumed, so each fire starts each Task once.")
  private String lastFireTime;

  @JsonPropertyDescription("The spec generation the latest fire belongs to. With the Ignitor's uid and"
      + " lastFireTime it tells fires apart: a one-shot Ignitor fired again in a new generation at the same time is"
      + " a new fire.")
  private Long lastFireGeneration;

  @JsonPropertyDescription("The latest scheduled time considered, fired or missed (RFC 3339, UTC).")
  private String lastScheduleTime;

  @JsonPropertyDescription("The spec generation lastScheduleTime was considered in: a one-shot Ignitor considers"
      + " its time once per generation.")
  private Long lastScheduleGeneration;

  @JsonPropertyDescription("The next time this Ignitor fires (RFC 3339, UTC); empty when it will not fire again.")
  private String nextFireTime;

  @JsonPropertyDescription("The next few times this Ignitor fires, soonest first, each in UTC and in its timeZone;"
      + " the first is nextFireTime. Computed by the arithmetic that fires it, and renewed after each fire, on a"
      + " spec change and when the operator starts. Empty when it will not fire again, is suspended or invalid.")
  private List<NextFire> nextFires;

  private Integer fireCount;

  private Long observedGeneration;

  private List<Condition> conditions = new ArrayList<>();

  public String getLastFireTime() {
    return lastFireTime;
  }

  public void setLastFireTime(String lastFireTime) {
    this.lastFireTime = lastFireTime;
  }

  public Long getLastFireGeneration() {
    return lastFireGeneration;
  }

  public void setLastFireGeneration(Long lastFireGeneration) {
    this.lastFireGeneration = lastFireGeneration;
  }

  public String getLastScheduleTime() {
    return lastScheduleTime;
  }

  public void setLastScheduleTime(String lastScheduleTime) {
    this.lastScheduleTime = lastScheduleTime;
  }

  public Long getLastScheduleGeneration() {
    return lastScheduleGeneration;
  }

  public void setLastScheduleGeneration(Long lastScheduleGeneration) {
    this.lastScheduleGeneration = lastScheduleGeneration;
  }

  public String getNextFireTime() {
    return nextFireTime;
  }

  public void setNextFireTime(String nextFireTime) {
    this.nextFireTime = nextFireTime;
  }

  public List<NextFire> getNextFires() {
    return nextFires;
  }

  public void setNextFires(List<NextFire> nextFires) {
    this.nextFires = nextFires;
  }

  public Integer getFireCount() {
    return fireCount;
  }

  public void setFireCount(Integer fireCount) {
    this.fireCount = fireCount;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
