package cloud.sirocco.orca.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
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

  /** Fires at each time a cron expression matches, read in a time zone. */
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
      return executionTime.nextExecution(at(after)).map(ZonedDateTime::toInstant);
    }

    @Override
    public Optional<Instant> latestDue(Instant after, Instant now) {
      ZonedDateTime end = at(now).truncatedTo(ChronoUnit.MINUTES);
      Optional<ZonedDateTime> latest = executionTime.isMatch(end)
          ? Optional.of(end) : executionTime.lastExecution(end);
      return latest.map(ZonedDateTime::toInstant).filter(t -> t.isAfter(after))
          .filter(t -> nextAfter(after).map(first -> !first.isAfter(t)).orElse(false));
    }

    private ZonedDateTime at(Instant instant) {
      return instant.atZone(zone);
    }
  }
}
