package cloud.sirocco.orca.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** One upcoming fire of an Ignitor, as its status previews it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NextFire {

  @JsonPropertyDescription("When it fires (RFC 3339, UTC).")
  private String time;

  @JsonPropertyDescription("The same instant in the Ignitor's timeZone (RFC 3339 with that zone's offset): the "
      + "wall-clock time the schedule names, or the one it fires at instead across a daylight-saving change.")
  private String local;

  public NextFire() {}

  public NextFire(String time, String local) {
    this.time = time;
    this.local = local;
  }

  public static NextFire of(Instant instant, ZoneId zone) {
    Instant second = instant.truncatedTo(ChronoUnit.SECONDS);
    return new NextFire(second.toString(),
        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(second.atZone(zone).toOffsetDateTime()));
  }

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }

  public String getLocal() {
    return local;
  }

  public void setLocal(String local) {
    this.local = local;
  }

  @Override
  public String toString() {
    return time + " (" + local + ")";
  }
}
