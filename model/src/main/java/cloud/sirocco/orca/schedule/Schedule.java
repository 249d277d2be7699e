package cloud.sirocco.orca.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An Ignitor's {@code scheduled}: {@code NOW}, one RFC 3339 time, or a cron expression (5-field Unix cron, as ORCA
 * used, plus the {@code @hourly}-style aliases). Cron is parsed and evaluated by cron-utils.
 */
public sealed interface Schedule {

  /** Whether the Ignitor fires only once (per spec generation). */
  boolean oneShot();

  /** The first scheduled time strictly after {@code after}, if any. */
  Optional<Instant> nextAfter(Instant after);

  /** The latest scheduled time in {@code (after, now]}, if any: what is due now. */
  Optional<Instant> latestDue(Instant after, Instant now);

  /** How many coming fires a preview shows (status and admission): enough to see a pattern (weekdays, month ends). */
  int PREVIEWED_FIRES = 3;

  /** The next {@code count} scheduled times after {@code after}, by the same arithmetic that fires them. */
  default List<Instant> nextFires(Instant after, int count) {
    List<Instant> fires = new ArrayList<>();
    Optional<Instant> next = nextAfter(after);
    while (next.isPresent() && fires.size() < count) {
      fires.add(next.get());
      next = nextAfter(next.get());
    }
    return fires;
  }

  /** Parses {@code text} read in {@code zone}; throws {@link InvalidScheduleException} with a sentence for a person. */
  static Schedule parse(String text, ZoneId zone) {
    if (text == null || text.isBlank()) {
      throw new InvalidScheduleException("is empty; use NOW, an RFC 3339 time such as 2026-01-02T15:04:05Z, "
          + "or a cron expression such as \"5 * * * *\"");
    }
    String trimmed = text.trim();
    if (trimmed.equalsIgnoreCase("NOW")) {
      return new Now();
    }
    if (trimmed.startsWith("@") || trimmed.split("\\s+").length >= 5) {
      return Cron.parse(trimmed, zone);
    }
    try {
      return new At(OffsetDateTime.parse(trimmed.toUpperCase(Locale.ROOT)).toInstant());
    } catch (DateTimeParseException e) {
      throw new InvalidScheduleException("\"" + trimmed + "\" is not NOW, an RFC 3339 time such as "
          + "2026-01-02T15:04:05Z, or a 5-field cron expression (minute hour day-of-month month day-of-week)");
    }
  }

  /** Reads an IANA zone name; null or blank means UTC. */
  static ZoneId zone(String timeZone) {
    if (timeZone == null || timeZone.isBlank()) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      throw new InvalidScheduleException("unknown time zone \"" + timeZone
          + "\"; use an IANA name such as UTC or Europe/Rome");
    }
  }

  /** Fires once, as soon as it is seen. */
  record Now() implements Schedule {
    @Override
    public boolean oneShot() {
      return true;
    }

    @Override
    public Optional<Instant> nextAfter(Instant after) {
      return Optional.empty();
    }

    @Override
    public Optional<Instant> latestDue(Instant after, Instant now) {
      return Optional.of(now);
    }
  }

  /** Fires once at a given time. */
  record At(Instant at) implements Schedule {
    @Override
    public boolean oneShot() {
      return true;
    }

    @Override
    public Optional<Instant> nextAfter(Instant after) {
      return at.isAfter(after) ? Optional.of(at) : Optional.empty();
    }

    @Override
    public Optional<Instant> latestDue(Instant after, Instant now) {
      return at.isAfter(after) && !at.isAfter(now) ? Optional.of(at) : Optional.empty();
    }
  }

  /**
   * Fires at each wall-clock time a cron expression matches in a time zone. cron-utils finds the matching wall-clock
   * times (asked in UTC, where no clock ever changes); this record alone turns them into instants, so that every
   * caller (firing, preview, admission) shares one rule for daylight-saving changes:
   * <ul>
   *   <li>a time the clocks skip (02:30 on a night they jump from 02:00 to 03:00) fires at the first instant after
   *       it, the moment of the jump, as Vixie cron and systemd do; several skipped times fire there once;</li>
   *   <li>a time the clocks show twice (02:30 on a night they go back from 03:00 to 02:00) fires once, at its first
   *       instant: the day's fire comes the usual 24 hours after the previous day's, not 25.</li>
   * </ul>
   */
  record Cron(String expression, ZoneId zone, ExecutionTime executionTime) implements Schedule {

    private static final CronParser PARSER =
        new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final Map<String, String> ALIASES = Map.of(
        "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *",
        "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");

    static Cron parse(String text, ZoneId zone) {
      String expression = ALIASES.getOrDefault(text.toLowerCase(Locale.ROOT), text);
      if (expression.startsWith("@")) {
        throw new InvalidScheduleException("unknown cron alias \"" + text + "\"; use one of "
            + String.join(", ", ALIASES.keySet().stream().sorted().toList()));
      }
      try {
        return new Cron(text, zone, ExecutionTime.forCron(PARSER.parse(expression)));
      } catch (IllegalArgumentException e) {
        throw new InvalidScheduleException("\"" + text + "\" is not a valid cron expression (minute hour "
            + "day-of-month month day-of-week): " + e.getMessage());
      }
    }

    @Override
    public boolean oneShot() {
      return false;
    }

    @Override
    public Optional<Instant> nextAfter(Instant after) {
      // instantOf never decreases as wall-clock time goes on, and the wall-clock time of `after` maps to `after` or
      // earlier (a time shown twice maps to its first instant), so no match before it can fire after it.
      Optional<LocalDateTime> wall = nextWallTime(LocalDateTime.ofInstant(after, zone));
      while (wall.isPresent()) {
        Instant instant = instantOf(wall.get());
        if (instant.isAfter(after)) {
          return Optional.of(instant);
        }
        wall = nextWallTime(wall.get());
      }
      return Optional.empty();
    }

    @Override
    public Optional<Instant> latestDue(Instant after, Instant now) {
      LocalDateTime latest = latestWallTimeBy(now).truncatedTo(ChronoUnit.MINUTES);
      Optional<LocalDateTime> wall = matches(latest) ? Optional.of(latest) : previousWallTime(latest);
      return wall.map(this::instantOf).filter(t -> t.isAfter(after));
    }

    /**
     * The latest wall-clock time that fires at {@code now} or before: the clock's own time, except while it shows an
     * hour for the second time, whose times all fired at their first instant.
     */
    private LocalDateTime latestWallTimeBy(Instant now) {
      LocalDateTime wall = LocalDateTime.ofInstant(now, zone);
      ZoneOffsetTransition last = zone.getRules().previousTransition(now.plusNanos(1));
      if (last != null && last.isOverlap() && wall.isBefore(last.getDateTimeBefore())) {
        return last.getDateTimeBefore().minusNanos(1);
      }
      return wall;
    }

    /**
     * The clock changes in {@code [from, until)} at which this schedule names a wall-clock time that is skipped or
     * shown twice.
     */
    public List<ClockChange> clockChangesMet(Instant from, Instant until) {
      List<ClockChange> met = new ArrayList<>();
      ZoneOffsetTransition transition = zone.getRules().nextTransition(from.minusNanos(1));
      while (transition != null && transition.getInstant().isBefore(until)) {
        LocalDateTime first = transition.isGap() ? transition.getDateTimeBefore() : transition.getDateTimeAfter();
        LocalDateTime end = transition.isGap() ? transition.getDateTimeAfter() : transition.getDateTimeBefore();
        Optional<LocalDateTime> named = matches(first) ? Optional.of(first) : nextWallTime(first);
        if (named.isPresent() && named.get().isBefore(end)) {
          met.add(new ClockChange(transition, named.get()));
        }
        transition = zone.getRules().nextTransition(transition.getInstant());
      }
      return met;
    }

    /** The instant a matching wall-clock time fires at, by the rules in this record's comment. */
    private Instant instantOf(LocalDateTime wall) {
      ZoneOffsetTransition transition = zone.getRules().getTransition(wall);
      if (transition == null) {
        return wall.atZone(zone).toInstant();
      }
      return transition.isGap() ? transition.getInstant() : wall.toInstant(transition.getOffsetBefore());
    }

    private boolean matches(LocalDateTime wall) {
      return executionTime.isMatch(wall.atZone(ZoneOffset.UTC));
    }

    private Optional<LocalDateTime> nextWallTime(LocalDateTime after) {
      return executionTime.nextExecution(after.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toLocalDateTime);
    }

    private Optional<LocalDateTime> previousWallTime(LocalDateTime before) {
      return executionTime.lastExecution(before.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toLocalDateTime);
    }
  }

  /**
   * A clock change a cron schedule meets: {@code firstNamed} is the first wall-clock time it names that the change
   * skips (a gap) or shows twice (an overlap).
   */
  record ClockChange(ZoneOffsetTransition transition, LocalDateTime firstNamed) {}
}
