package cloud.sirocco.orca.validation;

import cloud.sirocco.orca.schedule.Schedule;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What admission tells whoever writes a cron Ignitor, so that a schedule that means something else than intended
 * shows at once: its next fires, weekday included, and the daylight-saving changes of the coming year at which its
 * times are skipped or shown twice, with what Orca does then.
 */
final class ScheduleWarnings {

  private static final DateTimeFormatter WEEKDAY_TIME =
      DateTimeFormatter.ofPattern("EEE uuuu-MM-dd HH:mm xxx", Locale.ROOT);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

  private ScheduleWarnings() {}

  static List<String> of(Schedule.Cron cron, Instant now) {
    List<String> warnings = new ArrayList<>();
    String named = "spec.scheduled: \"" + cron.expression() + "\" in " + cron.zone().getId();
    warnings.add(named + " fires next at " + cron.nextFires(now, Schedule.PREVIEWED_FIRES).stream()
        .map(t -> WEEKDAY_TIME.format(t.atZone(cron.zone())) + " (" + t.truncatedTo(ChronoUnit.SECONDS) + ")")
        .collect(Collectors.joining(", ")));
    List<Schedule.ClockChange> changes = cron.clockChangesMet(now, now.atZone(cron.zone()).plusYears(1).toInstant());
    if (!changes.isEmpty()) {
      warnings.add(named + " meets daylight-saving changes within a year: " + changes.stream()
          .map(change -> describe(cron, change)).collect(Collectors.joining("; ")));
    }
    return warnings;
  }

  private static String describe(Schedule.Cron cron, Schedule.ClockChange change) {
    var transition = change.transition();
    LocalDateTime before = transition.getDateTimeBefore();
    LocalDateTime after = transition.getDateTimeAfter();
    String from = TIME.format(change.firstNamed());
    String clocks = "on " + before.toLocalDate() + " the clocks " + (transition.isGap() ? "jump" : "go back")
        + " from " + TIME.format(before) + " to " + TIME.format(after);
    if (transition.isGap()) {
      ZonedDateTime jump = transition.getInstant().atZone(cron.zone());
      return clocks + ", so the times it names in between (from " + from + ") fire once, at " + TIME.format(jump)
          + " " + jump.getOffset();
    }
    return clocks + ", so the times it names in between (from " + from + ") fire once each, at their first "
        + "instant (" + transition.getOffsetBefore() + "), not again at " + transition.getOffsetAfter();
  }
}
