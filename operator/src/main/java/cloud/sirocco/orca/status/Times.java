package cloud.sirocco.orca.status;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** How status writes times and durations: RFC 3339 in UTC to the second, and Go-style durations (1m5s). */
public final class Times {

  private Times() {}

  public static String rfc3339(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  public static String duration(Instant start, Instant end) {
    if (start == null || end == null) {
      return null;
    }
    long seconds = Math.max(0, Duration.between(start, end).toSeconds());
    long hours = seconds / 3600;
    long minutes = seconds % 3600 / 60;
    StringBuilder text = new StringBuilder();
    if (hours > 0) {
      text.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      text.append(minutes).append('m');
    }
    return text.append(seconds % 60).append('s').toString();
  }
}
