package cloud.sirocco.orca.schedule;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Periods as users write them and as status writes durations, the way Go and kubectl do: 90s, 45m, 26h, 1h30m,
 * 2h45m10s.
 */
public final class Periods {

  private static final Pattern PERIOD = Pattern.compile("(?:(\\d{1,6})h)?(?:(\\d{1,7})m)?(?:(\\d{1,9})s)?");

  private Periods() {}

  /** The period written, which must be positive; a message saying what is expected otherwise. */
  public static Duration parse(String text) {
    Matcher matcher = text == null ? null : PERIOD.matcher(text.strip());
    if (matcher == null || text.isBlank() || !matcher.matches()) {
      throw new IllegalArgumentException("\"" + text + "\" is not a period: write hours, minutes and seconds, e.g."
          + " 90s, 45m, 26h or 1h30m");
    }
    Duration period = Duration.ofHours(part(matcher, 1)).plusMinutes(part(matcher, 2))
        .plusSeconds(part(matcher, 3));
    if (period.isZero()) {
      throw new IllegalArgumentException("\"" + text + "\" must be a positive period, e.g. 26h");
    }
    return period;
  }

  private static long part(Matcher matcher, int group) {
    return matcher.group(group) == null ? 0 : Long.parseLong(matcher.group(group));
  }

  /**
   * {@code period} as Go writes it, to the second: {@code 0s}, {@code 31s}, {@code 1m5s}, {@code 1h0m0s}; a negative
   * one as {@code 0s}. What {@link #parse} reads back.
   */
  public static String format(Duration period) {
    long seconds = Math.max(0, period.toSeconds());
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
