package cloud.sirocco.orca.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cloud.sirocco.orca.schedule.Schedule;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleWarningsTest {

  /** A Thursday. */
  private static final Instant NOW = Instant.parse("2026-01-01T13:00:00Z");

  private static List<String> warnings(String expression, String zone) {
    return ScheduleWarnings.of((Schedule.Cron) Schedule.parse(expression, ZoneId.of(zone)), NOW);
  }

  @Test
  void namesTheNextFiresWithTheirWeekdaySoATypoShows() {
    assertEquals(List.of("spec.scheduled: \"0 0 * * 1\" in UTC fires next at Mon 2026-01-05 00:00 +00:00 "
        + "(2026-01-05T00:00:00Z), Mon 2026-01-12 00:00 +00:00 (2026-01-12T00:00:00Z), Mon 2026-01-19 00:00 +00:00 "
        + "(2026-01-19T00:00:00Z)"), warnings("0 0 * * 1", "UTC"));
  }

  @Test
  void namesTheDaylightSavingChangesOfTheComingYearAndWhatHappensThen() {
    List<String> warnings = warnings("30 2 * * *", "Europe/Rome");

    assertEquals(2, warnings.size(), warnings::toString);
    assertEquals("spec.scheduled: \"30 2 * * *\" in Europe/Rome meets daylight-saving changes within a year: "
        + "on 2026-03-29 the clocks jump from 02:00 to 03:00, so the times it names in between (from 02:30) fire "
        + "once, at 03:00 +02:00; on 2026-10-25 the clocks go back from 03:00 to 02:00, so the times it names in "
        + "between (from 02:30) fire once each, at their first instant (+02:00), not again at +01:00",
        warnings.get(1));
  }

  @Test
  void namesHalfHourChangesToo() {
    assertEquals("spec.scheduled: \"*/15 * * * *\" in Australia/Lord_Howe meets daylight-saving changes within a "
        + "year: on 2026-04-05 the clocks go back from 02:00 to 01:30, so the times it names in between (from "
        + "01:30) fire once each, at their first instant (+11:00), not again at +10:30; on 2026-10-04 the clocks "
        + "jump from 02:00 to 02:30, so the times it names in between (from 02:00) fire once, at 02:30 +11:00",
        warnings("*/15 * * * *", "Australia/Lord_Howe").get(1));
  }

  @Test
  void saysNothingOfChangesASchedulesTimesDoNotMeet() {
    assertEquals(1, warnings("0 9 * * *", "Europe/Rome").size());
    assertEquals(1, warnings("*/5 * * * *", "UTC").size());
  }
}
