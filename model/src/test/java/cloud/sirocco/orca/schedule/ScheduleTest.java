package cloud.sirocco.orca.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScheduleTest {

  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final ZoneId ROME = ZoneId.of("Europe/Rome");

  private static Instant at(String time) {
    return Instant.parse(time);
  }

  private static void assertMessageContains(String expected, Runnable parse) {
    InvalidScheduleException e = assertThrows(InvalidScheduleException.class, parse::run);
    assertTrue(e.getMessage().contains(expected), () -> "expected <" + expected + "> in <" + e.getMessage() + ">");
  }

  @Test
  void parsesNowInAnyCaseAsAOneShotThatIsDueImmediately() {
    for (String text : new String[] {"NOW", "now", "Now", "  now "}) {
      Schedule schedule = Schedule.parse(text, UTC);
      assertInstanceOf(Schedule.Now.class, schedule, text);
      assertTrue(schedule.oneShot());
    }
    Schedule now = Schedule.parse("NOW", UTC);
    assertEquals(Optional.of(at("2026-01-01T10:00:00Z")),
        now.latestDue(Instant.EPOCH, at("2026-01-01T10:00:00Z")));
    assertEquals(Optional.empty(), now.nextAfter(at("2026-01-01T10:00:00Z")));
  }

  @Test
  void parsesRfc3339TimeWithItsOffset() {
    Schedule schedule = Schedule.parse("2026-01-02T15:04:05+02:00", UTC);

    assertEquals(new Schedule.At(at("2026-01-02T13:04:05Z")), schedule);
    assertTrue(schedule.oneShot());
  }

  @Test
  void parsesRfc3339TimeWrittenInLowerCase() {
    assertEquals(new Schedule.At(at("2026-01-02T15:04:05Z")), Schedule.parse("2026-01-02t15:04:05z", UTC));
  }

  @Test
  void parsesFiveFieldCronAsARepeatingSchedule() {
    Schedule schedule = Schedule.parse("*/15 9-17 * * 1-5", UTC);

    assertInstanceOf(Schedule.Cron.class, schedule);
    assertFalse(schedule.oneShot());
    // Friday 2026-01-02 17:50 -> Monday 09:00.
    assertEquals(Optional.of(at("2026-01-05T09:00:00Z")), schedule.nextAfter(at("2026-01-02T17:50:00Z")));
  }

  @Test
  void parsesHourlyAliasAsTheTopOfEachHour() {
    Schedule schedule = Schedule.parse("@hourly", UTC);

    assertEquals(Optional.of(at("2026-01-01T11:00:00Z")), schedule.nextAfter(at("2026-01-01T10:00:00Z")));
    assertEquals(Optional.of(at("2026-01-01T11:00:00Z")), schedule.nextAfter(at("2026-01-01T10:59:59Z")));
  }

  @Test
  void parsesEveryDocumentedAliasCaseInsensitively() {
    for (String alias : new String[] {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight",
        "@HOURLY"}) {
      assertInstanceOf(Schedule.Cron.class, Schedule.parse(alias, UTC), alias);
    }
  }

  @Test
  void rejectsEmptyScheduleSayingWhatWouldBeRight() {
    assertMessageContains("is empty; use NOW, an RFC 3339 time", () -> Schedule.parse(" ", UTC));
    assertMessageContains("is empty", () -> Schedule.parse(null, UTC));
  }

  @Test
  void rejectsUnknownAliasListingTheKnownOnes() {
    assertMessageContains("unknown cron alias \"@every\"; use one of @annually, @daily, @hourly",
        () -> Schedule.parse("@every", UTC));
  }

  @Test
  void rejectsSixFieldCron() {
    assertMessageContains("\"0 0 * * * *\" is not a valid cron expression (minute hour day-of-month month "
        + "day-of-week)", () -> Schedule.parse("0 0 * * * *", UTC));
  }

  @Test
  void rejectsOutOfRangeCronField() {
    assertMessageContains("is not a valid cron expression", () -> Schedule.parse("0 25 * * *", UTC));
  }

  @Test
  void rejectsTextThatIsNoSchedule() {
    assertMessageContains("\"next tuesday\" is not NOW, an RFC 3339 time",
        () -> Schedule.parse("next tuesday", UTC));
  }

  @Test
  void readsTimeZonesByIanaNameWithUtcByDefault() {
    assertEquals(UTC, Schedule.zone(null));
    assertEquals(UTC, Schedule.zone(""));
    assertEquals(ROME, Schedule.zone("Europe/Rome"));
    assertMessageContains("unknown time zone \"Europe/Atlantis\"; use an IANA name",
        () -> Schedule.zone("Europe/Atlantis"));
  }

  @Test
  void nextAfterReadsCronInItsTimeZoneAcrossDaylightSaving() {
    Schedule nineInRome = Schedule.parse("0 9 * * *", ROME);

    assertEquals(Optional.of(at("2026-01-15T08:00:00Z")), nineInRome.nextAfter(at("2026-01-15T00:00:00Z")));
    assertEquals(Optional.of(at("2026-07-15T07:00:00Z")), nineInRome.nextAfter(at("2026-07-15T00:00:00Z")));
  }

  @Test
  void cronThatNeverFiresHasNoNextTime() {
    assertEquals(Optional.empty(), Schedule.parse("0 0 31 2 *", UTC).nextAfter(at("2026-01-01T00:00:00Z")));
  }

  @Test
  void latestDuePicksOnlyTheLatestMissedTimeAfterALongGap() {
    Schedule hourly = Schedule.parse("0 * * * *", UTC);

    assertEquals(Optional.of(at("2026-01-03T05:00:00Z")),
        hourly.latestDue(at("2026-01-01T00:00:00Z"), at("2026-01-03T05:17:00Z")));
  }

  @Test
  void latestDueIncludesATimeExactlyNow() {
    Schedule hourly = Schedule.parse("0 * * * *", UTC);

    assertEquals(Optional.of(at("2026-01-01T05:00:00Z")),
        hourly.latestDue(at("2026-01-01T04:00:00Z"), at("2026-01-01T05:00:00Z")));
  }

  @Test
  void latestDueIsEmptyWhenTheLatestTimeWasAlreadyConsidered() {
    Schedule hourly = Schedule.parse("0 * * * *", UTC);

    assertEquals(Optional.empty(), hourly.latestDue(at("2026-01-01T05:00:00Z"), at("2026-01-01T05:59:59Z")));
  }

  @Test
  void latestDueReadsCronInItsTimeZone() {
    Schedule nineInRome = Schedule.parse("0 9 * * *", ROME);

    assertEquals(Optional.of(at("2026-01-15T08:00:00Z")),
        nineInRome.latestDue(at("2026-01-14T12:00:00Z"), at("2026-01-15T08:30:00Z")));
  }

  @Test
  void latestDueIsTheScheduledMinuteNotTheMomentOfThePass() {
    Schedule nine = Schedule.parse("0 9 * * *", UTC);

    assertEquals(Optional.of(at("2026-01-01T09:00:00Z")),
        nine.latestDue(at("2026-01-01T00:00:00Z"), at("2026-01-01T09:00:30Z")));
    assertEquals(Optional.empty(), nine.latestDue(at("2026-01-01T09:00:00Z"), at("2026-01-01T09:00:45Z")));
  }

  @Test
  void nextAfterRunsADailyTimeOnceOnTheNightClocksGoBack() {
    Schedule halfPastTwo = Schedule.parse("30 2 * * *", ROME);

    // 02:30 happens twice in Rome on 2026-10-25: at 00:30Z (summer time) and at 01:30Z (winter time).
    assertEquals(Optional.of(at("2026-10-25T00:30:00Z")), halfPastTwo.nextAfter(at("2026-10-24T12:00:00Z")));
    assertEquals(Optional.of(at("2026-10-26T01:30:00Z")), halfPastTwo.nextAfter(at("2026-10-25T00:30:00Z")));
  }

  @Test
  void latestDueAgreesWithNextAfterOnTheNightClocksGoBack() {
    Schedule halfPastTwo = Schedule.parse("30 2 * * *", ROME);

    assertEquals(Optional.empty(), halfPastTwo.latestDue(at("2026-10-25T00:30:00Z"), at("2026-10-25T10:30:00Z")));
  }

  @Test
  void atFiresOnlyOnceItIsDue() {
    Schedule at = Schedule.parse("2026-01-01T12:00:00Z", UTC);

    assertEquals(Optional.empty(), at.latestDue(Instant.EPOCH, at("2026-01-01T11:59:59Z")));
    assertEquals(Optional.of(at("2026-01-01T12:00:00Z")), at.latestDue(Instant.EPOCH, at("2026-01-01T12:00:00Z")));
    assertEquals(Optional.of(at("2026-01-01T12:00:00Z")), at.latestDue(Instant.EPOCH, at("2026-01-02T00:00:00Z")));
    assertEquals(Optional.empty(), at.latestDue(at("2026-01-01T12:00:00Z"), at("2026-01-02T00:00:00Z")));
  }

  @Test
  void atHasANextTimeOnlyBeforeIt() {
    Schedule at = Schedule.parse("2026-01-01T12:00:00Z", UTC);

    assertEquals(Optional.of(at("2026-01-01T12:00:00Z")), at.nextAfter(at("2026-01-01T11:00:00Z")));
    assertEquals(Optional.empty(), at.nextAfter(at("2026-01-01T12:00:00Z")));
  }
}
