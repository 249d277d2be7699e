package cloud.sirocco.orca.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class IgnitorSpec {

  @JsonPropertyDescription("Informational only.")
  private String description;

  @Required
  @JsonPropertyDescription("NOW, an RFC 3339 time (fires once), or a 5-field cron expression (fires at each time).")
  private String scheduled;

  @JsonPropertyDescription("Handed to every Task this Ignitor starts, as ORCA_DATA.")
  private String data;

  @JsonPropertyDescription("IANA time zone the cron expression is read in. Default UTC.")
  private String timeZone;

  @JsonPropertyDescription("While true, the Ignitor does not fire; times passed meanwhile are not caught up.")
  private Boolean suspend;

  @Min(0)
  @JsonPropertyDescription("A missed time (operator down, suspended) still fires if it is at most this many seconds "
      + "old; older ones are reported as missed. Unset: the latest missed time always fires.")
  private Long startingDeadlineSeconds;

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public String getScheduled() {
    return scheduled;
  }

  public void setScheduled(String scheduled) {
    this.scheduled = scheduled;
  }

  public String getData() {
    return data;
  }

  public void setData(String data) {
    this.data = data;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public Long getStartingDeadlineSeconds() {
    return startingDeadlineSeconds;
  }

  public void setStartingDeadlineSeconds(Long startingDeadlineSeconds) {
    this.startingDeadlineSeconds = startingDeadlineSeconds;
  }
}
