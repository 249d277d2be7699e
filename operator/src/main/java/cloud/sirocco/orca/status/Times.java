package cloud.sirocco.orca.status;

import cloud.sirocco.orca.schedule.Periods;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * How status writes times and durations: RFC 3339 in UTC to the second, and Go-style durations (1m5s, as
 * {@link Periods} writes them).
 */
public final class Times {

  private Times() {}

  public static String rfc3339(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  public static String duration(Instant start, Instant end) {
    return start == null || end == null ? null : Periods.format(Duration.between(start, end));
  }
}
