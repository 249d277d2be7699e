package cloud.sirocco.orca.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
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

  @Test
  void aTimeInTheSpringForwardGapFiresAtTheFirstInstantAfterIt() {
    Schedule halfPastTwo = Schedule.parse("30 2 * * *", ROME);

    // 02:00-03:00 does not exist in Rome on 2026-03-29: clocks jump from 02:00 +01:00 to 03:00 +02:00 (01:00Z).
    assertEquals(Optional.of(at("2026-03-29T01:00:00Z")), halfPastTwo.nextAfter(at("2026-03-28T12:00:00Z")));
    assertEquals(Optional.of(at("2026-03-30T00:30:00Z")), halfPastTwo.nextAfter(at("2026-03-29T01:00:00Z")));
    assertEquals(Optional.of(at("2026-03-29T01:00:00Z")),
        halfPastTwo.latestDue(at("2026-03-28T12:00:00Z"), at("2026-03-29T01:00:30Z")));
  }

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId LORD_HOWE = ZoneId.of("Australia/Lord_Howe");

  @Test
  void everySkippedTimeOfAnIntervalFiresOnceAtTheJump() {
    Schedule quarterly = Schedule.parse("*/15 * * * *", ROME);

    // 01:45 +01:00, then 02:00-02:45 (skipped) all at 03:00 +02:00, once, then 03:15 +02:00.
    assertEquals(List.of(at("2026-03-29T00:45:00Z"), at("2026-03-29T01:00:00Z"), at("2026-03-29T01:15:00Z")),
        quarterly.nextFires(at("2026-03-29T00:30:00Z"), 3));
  }

  @Test
  void anIntervalPausesWhileTheClockShowsItsHoursAgain() {
    Schedule quarterly = Schedule.parse("*/15 * * * *", ROME);

    // 02:45 +02:00 is followed by 03:00 +01:00: each wall-clock time fires once, at its first instant.
    assertEquals(List.of(at("2026-10-25T00:45:00Z"), at("2026-10-25T02:00:00Z")),
        quarterly.nextFires(at("2026-10-25T00:30:00Z"), 2));
  }

  @Test
  void newYorkFiresASkippedTimeAtTheJumpAndARepeatedTimeAtItsFirstInstant() {
    assertEquals(Optional.of(at("2026-03-08T07:00:00Z")),
        Schedule.parse("30 2 * * *", NEW_YORK).nextAfter(at("2026-03-07T12:00:00Z")));
    Schedule halfPastOne = Schedule.parse("30 1 * * *", NEW_YORK);
    // 01:30 happens at 05:30Z (-04:00) and 06:30Z (-05:00) on 2026-11-01.
    assertEquals(List.of(at("2026-11-01T05:30:00Z"), at("2026-11-02T06:30:00Z")),
        halfPastOne.nextFires(at("2026-10-31T12:00:00Z"), 2));
    assertEquals(Optional.empty(), halfPastOne.latestDue(at("2026-11-01T05:30:00Z"), at("2026-11-01T06:31:00Z")));
  }

  @Test
  void lordHoweShiftsByHalfAnHourBothWays() {
    // 2026-10-04: 02:00 +10:30 jumps to 02:30 +11:00, so 02:15 fires at the jump (15:30Z the day before).
    assertEquals(Optional.of(at("2026-10-03T15:30:00Z")),
        Schedule.parse("15 2 * * *", LORD_HOWE).nextAfter(at("2026-10-03T00:00:00Z")));
    // 2026-04-05: 02:00 +11:00 goes back to 01:30 +10:30, so 01:45 happens at 14:45Z and 15:15Z; it fires once.
    Schedule quarterToTwo = Schedule.parse("45 1 * * *", LORD_HOWE);
    assertEquals(List.of(at("2026-04-04T14:45:00Z"), at("2026-04-05T15:15:00Z")),
        quarterToTwo.nextFires(at("2026-04-04T00:00:00Z"), 2));
  }

  @Test
  void leapDayFiresOnlyInLeapYears() {
    assertEquals(List.of(at("2028-02-28T23:00:00Z"), at("2032-02-28T23:00:00Z")),
        Schedule.parse("0 0 29 2 *", ROME).nextFires(at("2026-12-03T00:00:00Z"), 2));
  }

  @Test
  void theThirtyFirstFiresOnlyInMonthsThatHaveOne() {
    assertEquals(List.of(at("2026-12-31T00:00:00Z"), at("2027-01-31T00:00:00Z"), at("2027-03-31T00:00:00Z"),
        at("2027-05-31T00:00:00Z")), Schedule.parse("0 0 31 * *", UTC).nextFires(at("2026-12-03T00:00:00Z"), 4));
  }

  @Test
  void latestDueAfterDowntimeAcrossTheGapIsTheLatestTimeNotOneInTheGap() {
    Schedule hourly = Schedule.parse("0 * * * *", ROME);

    // Wall-clock 02:00 was skipped and fired at 03:00 +02:00 (01:00Z); at 01:30Z that is the latest.
    assertEquals(Optional.of(at("2026-03-29T01:00:00Z")),
        hourly.latestDue(at("2026-03-28T20:00:00Z"), at("2026-03-29T01:30:00Z")));
  }

  @Test
  void nextFiresOfAOneShotIsItsOneTimeUntilItPasses() {
    Schedule at = Schedule.parse("2026-01-01T12:00:00Z", UTC);

    assertEquals(List.of(at("2026-01-01T12:00:00Z")), at.nextFires(at("2026-01-01T11:00:00Z"), 3));
    assertEquals(List.of(), at.nextFires(at("2026-01-01T12:00:00Z"), 3));
  }

  @Test
  void clockChangesMetNameTheNightsASchedulesTimesAreSkippedOrRepeated() {
    Schedule.Cron halfPastTwo = (Schedule.Cron) Schedule.parse("30 2 * * *", ROME);

    List<Schedule.ClockChange> met = halfPastTwo.clockChangesMet(at("2026-01-01T00:00:00Z"),
        at("2027-01-01T00:00:00Z"));

    assertEquals(2, met.size());
    assertTrue(met.get(0).transition().isGap());
    assertEquals(LocalDateTime.parse("2026-03-29T02:30"), met.get(0).firstNamed());
    assertTrue(met.get(1).transition().isOverlap());
    assertEquals(LocalDateTime.parse("2026-10-25T02:30"), met.get(1).firstNamed());
  }

  @Test
  void clockChangesMetIgnoreSchedulesOutsideTheChangedHour() {
    Schedule.Cron nine = (Schedule.Cron) Schedule.parse("0 9 * * *", ROME);

    assertEquals(List.of(), nine.clockChangesMet(at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z")));
    Schedule.Cron saturdays = (Schedule.Cron) Schedule.parse("30 2 * * 6", ROME);
    // Saturdays at 02:30: the changes fall on Sundays.
    assertEquals(List.of(), saturdays.clockChangesMet(at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z")));
  }

  @Test
  void latestDueWhileTheClockShowsAnHourAgainIsTheLatestFirstInstantOfThatHour() {
    Schedule quarterly = Schedule.parse("*/15 * * * *", ROME);

    // 01:50Z is 02:50 +01:00, the second pass: 02:45 fired at its first instant, 00:45Z, and nothing since.
    assertEquals(Optional.of(at("2026-10-25T00:45:00Z")),
        quarterly.latestDue(at("2026-10-25T00:30:00Z"), at("2026-10-25T01:50:00Z")));
    assertEquals(Optional.empty(), quarterly.latestDue(at("2026-10-25T00:45:00Z"), at("2026-10-25T01:50:00Z")));
    assertEquals(Optional.of(at("2026-10-25T02:00:00Z")),
        quarterly.latestDue(at("2026-10-25T00:45:00Z"), at("2026-10-25T02:00:00Z")));
  }
}
