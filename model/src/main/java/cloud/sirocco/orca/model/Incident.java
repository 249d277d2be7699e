package cloud.sirocco.orca.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The Task's latest incident: a streak of consecutive failed runs, open until a successful run ends it. Kept after
 * the recovery, until the next failure opens a new one, so that the recovery notice can say what it ended.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Incident {

  @JsonPropertyDescription("When the failed run that opened the incident finished (RFC 3339, UTC).")
  private String since;

  @JsonPropertyDescription("Failed runs in the incident so far, joins closed with their failure actions included.")
  private Integer failures;

  @JsonPropertyDescription("The failed run that opened the incident, the one OnChange actions notify: a run pod's name,"
      + " or, for a join closed with its failure actions, the name its notice carries.")
  private String openedBy;

  @JsonPropertyDescription("The successful run that ended the incident: the one OnChange actions notify as a recovery."
      + " Absent while the incident is open.")
  private String recoveredBy;

  @JsonPropertyDescription("When the run that ended the incident finished (RFC 3339, UTC).")
  private String recoveredAt;

  public String getSince() {
    return since;
  }

  public void setSince(String since) {
    this.since = since;
  }

  public Integer getFailures() {
    return failures;
  }

  public void setFailures(Integer failures) {
    this.failures = failures;
  }

  public String getOpenedBy() {
    return openedBy;
  }

  public void setOpenedBy(String openedBy) {
    this.openedBy = openedBy;
  }

  public String getRecoveredBy() {
    return recoveredBy;
  }

  public void setRecoveredBy(String recoveredBy) {
    this.recoveredBy = recoveredBy;
  }

  public String getRecoveredAt() {
    return recoveredAt;
  }

  public void setRecoveredAt(String recoveredAt) {
    this.recoveredAt = recoveredAt;
  }
}
