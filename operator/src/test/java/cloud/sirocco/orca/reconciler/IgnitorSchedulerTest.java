package cloud.sirocco.orca.reconciler;

import static cloud.sirocco.orca.testing.Workflows.ignitor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.Defaults;
import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.IgnitorStatus;
import cloud.sirocco.orca.model.NextFire;
import cloud.sirocco.orca.validation.WorkflowRules;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IgnitorSchedulerTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  /** One reconcile: decide, then persist the status as the reconciler does. */
  private static IgnitorScheduler.Decision pass(Ignitor ignitor, Instant now) {
    Defaults.apply(ignitor);
    IgnitorScheduler.Decision decision = IgnitorScheduler.decide(ignitor, WorkflowRules.checkSchedule(ignitor, now),
        now);
    ignitor.setStatus(decision.status());
    return decision;
  }

  private static Condition ready(Ignitor ignitor) {
    return ignitor.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst()
        .orElseThrow();
  }

  @Test
  void nowFiresOncePerGeneration() {
    Ignitor ignitor = ignitor("go", "NOW").build();

    IgnitorScheduler.Decision first = pass(ignitor, T.plusMillis(250));

    assertEquals(Optional.of(T.plusMillis(250)), first.fired());
    assertEquals("2026-01-01T00:00:00.250Z", ignitor.getStatus().getLastFireTime());
    assertEquals(1L, ignitor.getStatus().getLastFireGeneration());
    assertEquals(1, ignitor.getStatus().getFireCount());
    assertNull(ignitor.getStatus().getNextFireTime());
    assertEquals(Optional.empty(), first.revisit());

    IgnitorScheduler.Decision again = pass(ignitor, T.plusSeconds(60));

    assertEquals(Optional.empty(), again.fired());
    assertEquals("2026-01-01T00:00:00.250Z", ignitor.getStatus().getLastFireTime());
    assertEquals(1, ignitor.getStatus().getFireCount());
  }

  @Test
  void nowFiresAgainWithADistinctTimeWhenTheSpecChangesEvenWithinASecond() {
    Ignitor ignitor = ignitor("go", "NOW").build();
    pass(ignitor, T.plusMillis(100));
    String firstFire = ignitor.getStatus().getLastFireTime();

    ignitor.getMetadata().setGeneration(2L);
    IgnitorScheduler.Decision second = pass(ignitor, T.plusMillis(600));

    assertTrue(second.fired().isPresent());
    assertNotEquals(firstFire, ignitor.getStatus().getLastFireTime());
    assertEquals(2L, ignitor.getStatus().getLastFireGeneration());
    assertEquals(2, ignitor.getStatus().getFireCount());
    assertEquals(2L, ignitor.getStatus().getObservedGeneration());
  }

  @Test
  void atTimeFiresOnlyWhenDueAndThenNeverAgain() {
    Ignitor ignitor = ignitor("once", "2026-01-01T01:00:00Z").createdAt(T).build();

    IgnitorScheduler.Decision early = pass(ignitor, T);
    assertEquals(Optional.empty(), early.fired());
    assertEquals("2026-01-01T01:00:00Z", ignitor.getStatus().getNextFireTime());
    assertEquals(Optional.of(T.plus(Duration.ofHours(1))), early.revisit());

    IgnitorScheduler.Decision due = pass(ignitor, T.plus(Duration.ofHours(1)).plusMillis(200));
    assertEquals(Optional.of(T.plus(Duration.ofHours(1))), due.fired());
    assertEquals("2026-01-01T01:00:00Z", ignitor.getStatus().getLastFireTime());
    assertNull(ignitor.getStatus().getNextFireTime());

    IgnitorScheduler.Decision later = pass(ignitor, T.plus(Duration.ofDays(1)));
    assertEquals(Optional.empty(), later.fired());
    assertEquals(1, ignitor.getStatus().getFireCount());
    assertEquals(Optional.empty(), later.revisit());
  }

  @Test
  void atTimeLongPastItsStartingDeadlineIsMissedNotFired() {
    Ignitor ignitor = ignitor("once", "2026-01-01T00:00:00Z").startingDeadlineSeconds(60).build();

    IgnitorScheduler.Decision decision = pass(ignitor, T.plus(Duration.ofHours(2)));

    assertEquals(Optional.empty(), decision.fired());
    assertEquals(Optional.of(T), decision.missed());
    assertNull(ignitor.getStatus().getLastFireTime());
    assertEquals(Optional.empty(), pass(ignitor, T.plus(Duration.ofHours(3))).missed());
  }

  @Test
  void editingAnAtIgnitorWhoseTimeHasFiredFiresItAgainAtThatTime() {
    Ignitor ignitor = ignitor("once", "2026-01-01T01:00:00Z").createdAt(T).build();
    pass(ignitor, T.plus(Duration.ofHours(1)));

    ignitor.getSpec().setData("new data");
    ignitor.getMetadata().setGeneration(2L);
    IgnitorScheduler.Decision afterEdit = pass(ignitor, T.plus(Duration.ofHours(2)));

    assertEquals(Optional.of(T.plus(Duration.ofHours(1))), afterEdit.fired());
    assertEquals("2026-01-01T01:00:00Z", ignitor.getStatus().getLastFireTime());
    assertEquals(2L, ignitor.getStatus().getLastFireGeneration());
    assertEquals(2, ignitor.getStatus().getFireCount());
    assertNull(ignitor.getStatus().getNextFireTime());
    assertEquals(Optional.empty(), pass(ignitor, T.plus(Duration.ofHours(3))).fired(), "once per generation");
  }

  @Test
  void anAtTimeMissedInALaterGenerationLeavesTheEarlierFireTheLatest() {
    Ignitor ignitor = ignitor("once", "2026-01-01T01:00:00Z").startingDeadlineSeconds(60).createdAt(T).build();
    pass(ignitor, T.plus(Duration.ofHours(1)));

    ignitor.getSpec().setData("new data");
    ignitor.getMetadata().setGeneration(2L);
    IgnitorScheduler.Decision afterEdit = pass(ignitor, T.plus(Duration.ofHours(3)));

    assertEquals(Optional.empty(), afterEdit.fired());
    assertEquals(Optional.of(T.plus(Duration.ofHours(1))), afterEdit.missed());
    assertEquals(List.of("2026-01-01T01:00:00Z", 1L, 1), List.of(ignitor.getStatus().getLastFireTime(),
        ignitor.getStatus().getLastFireGeneration(), ignitor.getStatus().getFireCount()),
        "lastFireTime, lastFireGeneration and fireCount: still the fire of generation 1");
    assertEquals(Optional.empty(), pass(ignitor, T.plus(Duration.ofHours(4))).missed(), "reported once");
  }

  @Test
  void aOneShotFiredUnderAStatusWithoutLastScheduleGenerationDoesNotFireAgain() {
    Ignitor ignitor = ignitor("go", "NOW").build();
    IgnitorStatus earlier = new IgnitorStatus();
    earlier.setLastFireTime("2026-01-01T00:00:00.250Z");
    earlier.setLastScheduleTime("2026-01-01T00:00:00.250Z");
    earlier.setLastFireGeneration(1L);
    earlier.setFireCount(1);
    ignitor.setStatus(earlier);

    assertEquals(Optional.empty(), pass(ignitor, T.plusSeconds(60)).fired());
    assertEquals(1, ignitor.getStatus().getFireCount());
  }

  @Test
  void cronCatchUpFiresOnceForTheLatestMissedTime() {
    Ignitor ignitor = ignitor("hourly", "0 * * * *").createdAt(T.minus(Duration.ofHours(5))).build();

    IgnitorScheduler.Decision catchUp = pass(ignitor, T.plus(Duration.ofMinutes(30)));

    assertEquals(Optional.of(T), catchUp.fired());
    assertEquals("2026-01-01T00:00:00Z", ignitor.getStatus().getLastFireTime());
    assertEquals("2026-01-01T00:00:00Z", ignitor.getStatus().getLastScheduleTime());
    assertEquals(1, ignitor.getStatus().getFireCount());
    assertEquals("2026-01-01T01:00:00Z", ignitor.getStatus().getNextFireTime());
    assertEquals(Optional.of(T.plus(Duration.ofHours(1))), catchUp.revisit());

    assertEquals(Optional.empty(), pass(ignitor, T.plus(Duration.ofMinutes(40))).fired());
    assertEquals(1, ignitor.getStatus().getFireCount());
  }

  @Test
  void cronFiresAtEachScheduledTime() {
    Ignitor ignitor = ignitor("hourly", "0 * * * *").createdAt(T.minus(Duration.ofMinutes(5))).build();

    assertEquals(Optional.of(T), pass(ignitor, T).fired());
    assertEquals(Optional.of(T.plus(Duration.ofHours(1))), pass(ignitor, T.plus(Duration.ofHours(1))).fired());
    assertEquals(2, ignitor.getStatus().getFireCount());
    assertEquals("2026-01-01T01:00:00Z", ignitor.getStatus().getLastFireTime());
  }

  @Test
  void cronFiresOnceWhenPassedTwiceWithinTheScheduledMinute() {
    Ignitor ignitor = ignitor("hourly", "0 * * * *").createdAt(T.minus(Duration.ofMinutes(5))).build();
    pass(ignitor, T.plusMillis(200));

    IgnitorScheduler.Decision again = pass(ignitor, T.plusSeconds(30));

    assertEquals(Optional.empty(), again.fired());
    assertEquals(1, ignitor.getStatus().getFireCount());
    assertEquals("2026-01-01T00:00:00Z", ignitor.getStatus().getLastFireTime());
  }

  @Test
  void cronDoesNotFireATimeBeforeTheIgnitorExisted() {
    Ignitor ignitor = ignitor("hourly", "0 * * * *").createdAt(T.plus(Duration.ofMinutes(10))).build();

    IgnitorScheduler.Decision decision = pass(ignitor, T.plus(Duration.ofMinutes(20)));

    assertEquals(Optional.empty(), decision.fired());
    assertEquals(Optional.empty(), decision.missed());
    assertEquals("2026-01-01T01:00:00Z", ignitor.getStatus().getNextFireTime());
  }

  @Test
  void missedTimeOlderThanStartingDeadlineIsReportedMissedNotFired() {
    Ignitor ignitor = ignitor("hourly", "0 * * * *").startingDeadlineSeconds(600)
        .createdAt(T.minus(Duration.ofHours(5))).build();

    IgnitorScheduler.Decision late = pass(ignitor, T.plus(Duration.ofMinutes(30)));

    assertEquals(Optional.empty(), late.fired());
    assertEquals(Optional.of(T), late.missed());
    assertNull(ignitor.getStatus().getLastFireTime());
    assertNull(ignitor.getStatus().getFireCount());
    assertEquals("2026-01-01T00:00:00Z", ignitor.getStatus().getLastScheduleTime());

    assertEquals(Optional.empty(), pass(ignitor, T.plus(Duration.ofMinutes(35))).missed(),
        "a missed time is reported once");
    assertEquals(Optional.of(T.plus(Duration.ofHours(1))),
        pass(ignitor, T.plus(Duration.ofHours(1)).plus(Duration.ofMinutes(9))).fired(),
        "a time within the deadline still fires");
  }

  @Test
  void suspendFiresNothing() {
    Ignitor ignitor = ignitor("hourly", "0 * * * *").suspend(true).createdAt(T.minus(Duration.ofHours(5))).build();

    IgnitorScheduler.Decision decision = pass(ignitor, T.plus(Duration.ofMinutes(30)));

    assertEquals(Optional.empty(), decision.fired());
    assertEquals(Optional.empty(), decision.revisit());
    assertNull(ignitor.getStatus().getNextFireTime());
    assertEquals("False", ready(ignitor).getStatus());
    assertEquals("Suspended", ready(ignitor).getReason());
  }

  @Test
  void suspendedNowIgnitorFiresOnlyOnceResumed() {
    Ignitor ignitor = ignitor("go", "NOW").suspend(true).build();
    assertEquals(Optional.empty(), pass(ignitor, T).fired());

    ignitor.getSpec().setSuspend(false);
    ignitor.getMetadata().setGeneration(2L);

    assertEquals(Optional.of(T.plusSeconds(5)), pass(ignitor, T.plusSeconds(5)).fired());
  }

  @Test
  void suspendDoesNotCatchUpOnResume() {
    Ignitor ignitor = ignitor("hourly", "0 * * * *").suspend(true).createdAt(T.minus(Duration.ofHours(5))).build();
    pass(ignitor, T.minus(Duration.ofHours(4)));

    ignitor.getSpec().setSuspend(false);
    ignitor.getMetadata().setGeneration(2L);
    IgnitorScheduler.Decision resumed = pass(ignitor, T.plus(Duration.ofMinutes(30)));

    assertEquals(Optional.empty(), resumed.fired(), "times passed while suspended are not caught up");
    assertEquals("2026-01-01T01:00:00Z", ignitor.getStatus().getNextFireTime());
  }

  @Test
  void nextFireTimeReadsTheCronInItsTimeZone() {
    Ignitor ignitor = ignitor("morning", "0 9 * * *").timeZone("Europe/Rome").createdAt(T).build();

    IgnitorScheduler.Decision decision = pass(ignitor, T);

    assertEquals("2026-01-01T08:00:00Z", ignitor.getStatus().getNextFireTime());
    assertEquals(Optional.of(Instant.parse("2026-01-01T08:00:00Z")), decision.revisit());
    assertEquals("True", ready(ignitor).getStatus());
    assertEquals("Fires on 0 9 * * *", ready(ignitor).getMessage());
  }

  @Test
  void invalidScheduleNeverFiresAndSaysWhyInTheReadyCondition() {
    Ignitor ignitor = ignitor("never", "0 0 31 2 *").createdAt(T.minus(Duration.ofDays(400))).build();

    IgnitorScheduler.Decision decision = pass(ignitor, T);

    assertEquals(Optional.empty(), decision.fired());
    assertNull(ignitor.getStatus().getNextFireTime());
    assertEquals("False", ready(ignitor).getStatus());
    assertEquals("InvalidSchedule", ready(ignitor).getReason());
    assertTrue(ready(ignitor).getMessage().contains("spec.scheduled: \"0 0 31 2 *\" never fires"),
        ready(ignitor).getMessage());
  }

  private static List<String> previewed(Ignitor ignitor) {
    List<NextFire> fires = ignitor.getStatus().getNextFires();
    return fires == null ? List.of() : fires.stream().map(NextFire::toString).toList();
  }

  @Test
  void cronPreviewsItsNextFiresInUtcAndInItsZoneAndMovesOnAfterEachFire() {
    Ignitor ignitor = ignitor("mondays", "0 0 * * 1").timeZone("Europe/Rome").createdAt(T).build();

    pass(ignitor, T);

    // 2026-01-01 is a Thursday.
    assertEquals(List.of("2026-01-04T23:00:00Z (2026-01-05T00:00:00+01:00)",
        "2026-01-11T23:00:00Z (2026-01-12T00:00:00+01:00)", "2026-01-18T23:00:00Z (2026-01-19T00:00:00+01:00)"),
        previewed(ignitor));
    assertEquals(ignitor.getStatus().getNextFires().get(0).getTime(), ignitor.getStatus().getNextFireTime());

    IgnitorScheduler.Decision fire = pass(ignitor, Instant.parse("2026-01-04T23:00:00.200Z"));

    assertEquals(Optional.of(Instant.parse("2026-01-04T23:00:00Z")), fire.fired());
    assertEquals(List.of("2026-01-11T23:00:00Z (2026-01-12T00:00:00+01:00)",
        "2026-01-18T23:00:00Z (2026-01-19T00:00:00+01:00)", "2026-01-25T23:00:00Z (2026-01-26T00:00:00+01:00)"),
        previewed(ignitor));
  }

  @Test
  void previewShowsATimeTheClocksSkipAtTheInstantItFires() {
    Instant saturday = Instant.parse("2026-03-28T12:00:00Z");
    Ignitor ignitor = ignitor("nightly", "30 2 * * *").timeZone("Europe/Rome").createdAt(saturday).build();

    pass(ignitor, saturday);

    assertEquals("2026-03-29T01:00:00Z (2026-03-29T03:00:00+02:00)", previewed(ignitor).get(0));
    assertEquals(Optional.of(Instant.parse("2026-03-29T01:00:00Z")),
        pass(ignitor, Instant.parse("2026-03-29T01:00:00.200Z")).fired(), "fires what it previewed");
  }

  @Test
  void previewFollowsASpecChange() {
    Ignitor ignitor = ignitor("nightly", "0 9 * * *").createdAt(T).build();
    pass(ignitor, T);

    ignitor.getSpec().setScheduled("0 18 * * *");
    ignitor.getMetadata().setGeneration(2L);
    pass(ignitor, T.plusSeconds(5));

    assertEquals("2026-01-01T18:00:00Z (2026-01-01T18:00:00Z)", previewed(ignitor).get(0));
  }

  @Test
  void aOneShotPreviewsItsOneTimeUntilItFires() {
    Ignitor ignitor = ignitor("once", "2026-01-01T01:00:00Z").timeZone("America/New_York").createdAt(T).build();

    pass(ignitor, T);
    assertEquals(List.of("2026-01-01T01:00:00Z (2025-12-31T20:00:00-05:00)"), previewed(ignitor));

    pass(ignitor, T.plus(Duration.ofHours(1)));
    assertEquals(List.of(), previewed(ignitor));
    assertNull(ignitor.getStatus().getNextFires());
  }

  @Test
  void suspendedAndInvalidIgnitorsPreviewNothing() {
    Ignitor suspended = ignitor("hourly", "0 * * * *").suspend(true).createdAt(T).build();
    pass(suspended, T);
    Ignitor invalid = ignitor("never", "0 0 31 2 *").createdAt(T).build();
    pass(invalid, T);

    assertNull(suspended.getStatus().getNextFires());
    assertNull(invalid.getStatus().getNextFires());
  }
}
