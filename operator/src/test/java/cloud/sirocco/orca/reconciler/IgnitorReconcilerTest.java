package cloud.sirocco.orca.reconciler;

import static cloud.sirocco.orca.testing.Workflows.ignitor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.IgnitorStatus;
import cloud.sirocco.orca.model.NextFire;
import cloud.sirocco.orca.testing.Eventually;
import cloud.sirocco.orca.testing.OperatorOnMockServer;
import cloud.sirocco.orca.testing.Workflows;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Ignitor controller wired as in production, on fabric8's mock API server: fires recorded in status through
 * the status subresource, once per spec generation, and the Events a user reads. The schedule rules themselves
 * are IgnitorSchedulerTest's.
 */
class IgnitorReconcilerTest {

  private static final String NS = Workflows.NAMESPACE;

  @RegisterExtension
  final OperatorOnMockServer orca = new OperatorOnMockServer();

  @Test
  void aNowIgnitorFiresOnceAndRecordsTheFireInItsStatus() {
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    create(ignitor("ignitor1", "NOW").build());

    IgnitorStatus status = awaitStatus("ignitor1", "ignitor1's first fire",
        s -> s.getFireCount() != null && s.getFireCount() >= 1);
    Instant fired = Instant.parse(status.getLastFireTime());
    assertTrue(!fired.isBefore(before) && !fired.isAfter(Instant.now()),
        "lastFireTime " + fired + " is the time of the fire, after " + before);
    assertEquals(List.of(1, 1L, 1L), List.of(status.getFireCount(), status.getLastFireGeneration(),
        status.getObservedGeneration()), "fireCount, lastFireGeneration, observedGeneration");
    assertNull(status.getNextFireTime(), "a NOW Ignitor does not fire again");
    Condition ready = condition(status, "Ready");
    assertEquals(List.of("True", "Scheduled"), List.of(ready.getStatus(), ready.getReason()));
    Eventually.until("a Fired Event for ignitor1", () -> events("ignitor1", "Fired") == 1, orca.operator()::diagnostics);

    // A change that is not to the spec (generation stays 1) is reconciled, and fires nothing.
    edit("ignitor1", i -> {
      i.getMetadata().setAnnotations(Map.of("example.com/poke", "1"));
      return i;
    });
    Eventually.until("a reconcile of ignitor1 carrying the poke annotation",
        () -> orca.operator().reconciles().finished("Ignitor", "ignitor1", r -> r.getMetadata().getAnnotations() != null
            && r.getMetadata().getAnnotations().containsKey("example.com/poke")) > 0,
        orca.operator()::diagnostics);
    IgnitorStatus after = get("ignitor1").getStatus();
    assertEquals(List.of(status.getLastFireTime(), 1), List.of(after.getLastFireTime(), after.getFireCount()),
        "lastFireTime and fireCount after a reconcile of the same generation");
    orca.stopOperator(); // which writes the Events it still holds
    assertEquals(1, events("ignitor1", "Fired"), "Fired Events");
  }

  @Test
  void changingANowIgnitorsSpecFiresItAgain() {
    create(ignitor("ignitor1", "NOW").data("v1").build());
    IgnitorStatus first = awaitStatus("ignitor1", "ignitor1's first fire", s -> s.getFireCount() != null);

    edit("ignitor1", i -> {
      i.getSpec().setData("v2");
      return i;
    });

    IgnitorStatus second = awaitStatus("ignitor1", "ignitor1's fire for generation 2",
        s -> Long.valueOf(2).equals(s.getLastFireGeneration()));
    assertEquals(2, second.getFireCount());
    assertTrue(Instant.parse(second.getLastFireTime()).isAfter(Instant.parse(first.getLastFireTime())),
        "the second fire (" + second.getLastFireTime() + ") is a new fire time, after " + first.getLastFireTime());
  }

  @Test
  void changingAnAtIgnitorsSpecFiresItAgainAtItsTime() {
    String at = "2026-01-01T00:00:00Z";
    create(ignitor("once", at).data("v1").build());
    IgnitorStatus first = awaitStatus("once", "once's first fire", s -> s.getFireCount() != null);
    assertEquals(at, first.getLastFireTime());

    edit("once", i -> {
      i.getSpec().setData("v2");
      return i;
    });

    IgnitorStatus second = awaitStatus("once", "once's fire for generation 2",
        s -> Long.valueOf(2).equals(s.getLastFireGeneration()));
    assertEquals(List.of(at, 2), List.of(second.getLastFireTime(), second.getFireCount()),
        "lastFireTime and fireCount of the second fire");
    orca.stopOperator(); // which writes the Events it still holds
    assertEquals(2, events("once", "Fired"), "Fired Events");
  }

  @Test
  void aCronIgnitorAnnouncesItsNextFireTimeWithoutFiringEarly() {
    create(ignitor("yearly", "0 0 1 1 *").build());

    IgnitorStatus status = awaitStatus("yearly", "yearly's nextFireTime", s -> s.getNextFireTime() != null);
    String nextNewYear = ZonedDateTime.now(ZoneOffset.UTC).plusYears(1).withDayOfYear(1)
        .truncatedTo(ChronoUnit.DAYS).toInstant().toString();
    assertEquals(nextNewYear, status.getNextFireTime());
    assertNull(status.getFireCount(), "fireCount before the first scheduled time");
    assertEquals("True", condition(status, "Ready").getStatus());
  }

  @Test
  void aCronIgnitorPreviewsItsNextFiresAndFollowsASpecChange() {
    create(ignitor("weekly", "0 0 * * 1").timeZone("Europe/Rome").build());

    IgnitorStatus mondays = awaitStatus("weekly", "weekly's nextFires", s -> s.getNextFires() != null);
    assertEquals(3, mondays.getNextFires().size(), "previewed fires: " + mondays.getNextFires());
    for (NextFire fire : mondays.getNextFires()) {
      ZonedDateTime local = ZonedDateTime.parse(fire.getLocal()).withZoneSameInstant(ZoneId.of("Europe/Rome"));
      assertEquals(List.of(DayOfWeek.MONDAY, 0, 0), List.of(local.getDayOfWeek(), local.getHour(),
          local.getMinute()), "weekday, hour and minute in Rome of " + fire);
      assertEquals(Instant.parse(fire.getTime()), local.toInstant(), "the same instant in UTC and locally: " + fire);
    }
    assertEquals(mondays.getNextFires().get(0).getTime(), mondays.getNextFireTime());

    edit("weekly", i -> {
      i.getSpec().setScheduled("0 0 1 * *");
      return i;
    });

    IgnitorStatus firsts = awaitStatus("weekly", "weekly's nextFires after the change to 0 0 1 * *",
        s -> Long.valueOf(2).equals(s.getObservedGeneration()));
    assertTrue(firsts.getNextFires().stream().allMatch(f -> ZonedDateTime.parse(f.getLocal()).getDayOfMonth() == 1),
        "every previewed fire on the first of a month: " + firsts.getNextFires());
  }

  @Test
  void aStatusWrittenWithoutAPreviewGetsOneWhenTheOperatorStarts() {
    orca.stopOperator();
    create(ignitor("yearly", "0 0 1 1 *").build());
    Ignitor stored = get("yearly");
    IgnitorStatus older = new IgnitorStatus();
    older.setObservedGeneration(1L);
    older.setNextFireTime("2027-01-01T00:00:00Z");
    stored.setStatus(older);
    orca.client().resource(stored).updateStatus();

    orca.startOperator();

    IgnitorStatus status = awaitStatus("yearly", "yearly's nextFires", s -> s.getNextFires() != null);
    assertEquals(status.getNextFireTime(), status.getNextFires().get(0).getTime());
    assertEquals(3, status.getNextFires().size());
  }

  @Test
  void anIgnitorWithAnInvalidScheduleIsNotReadyAndDoesNotFire() {
    // Admission would reject this; the operator must not act on it when admission was bypassed.
    create(ignitor("broken", "every tuesday").build());

    IgnitorStatus status = awaitStatus("broken", "broken's Ready condition",
        s -> s.getConditions().stream().anyMatch(c -> "Ready".equals(c.getType())));
    Condition ready = condition(status, "Ready");
    assertEquals(List.of("False", "InvalidSchedule"), List.of(ready.getStatus(), ready.getReason()));
    assertTrue(ready.getMessage().contains("spec.scheduled"), ready.getMessage());
    assertNull(status.getFireCount(), "fireCount of an invalid Ignitor");
    assertNull(status.getLastFireTime(), "lastFireTime of an invalid Ignitor");
  }

  @Test
  void aSuspendedIgnitorFiresOnlyOnceResumed() {
    create(ignitor("held", "NOW").suspend(true).build());
    IgnitorStatus suspended = awaitStatus("held", "held's Ready condition",
        s -> s.getConditions().stream().anyMatch(c -> "Ready".equals(c.getType())));
    assertEquals(List.of("False", "Suspended"),
        List.of(condition(suspended, "Ready").getStatus(), condition(suspended, "Ready").getReason()));
    assertNull(suspended.getFireCount(), "fireCount while suspended");

    edit("held", i -> {
      i.getSpec().setSuspend(false);
      return i;
    });

    IgnitorStatus resumed = awaitStatus("held", "held's fire once resumed", s -> s.getFireCount() != null);
    assertEquals(1, resumed.getFireCount());
    assertEquals("True", condition(resumed, "Ready").getStatus());
  }

  private void create(Ignitor ignitor) {
    ignitor.getMetadata().setUid(null);
    ignitor.getMetadata().setCreationTimestamp(null);
    ignitor.getMetadata().setGeneration(null);
    orca.client().resource(ignitor).create();
  }

  /** Changes the spec as kubectl patch does, unlocked: the operator writes the status meanwhile. */
  private void edit(String name, UnaryOperator<Ignitor> change) {
    orca.client().resources(Ignitor.class).inNamespace(NS).withName(name).unlock().edit(change);
  }

  private Ignitor get(String name) {
    return orca.client().resources(Ignitor.class).inNamespace(NS).withName(name).get();
  }

  private IgnitorStatus awaitStatus(String name, String what, Predicate<IgnitorStatus> condition) {
    return Eventually.await(what,
        () -> Optional.ofNullable(get(name)).map(Ignitor::getStatus).filter(condition),
        () -> "Ignitor as last seen: " + orca.client().getKubernetesSerialization().asJson(get(name)) + "; "
            + orca.operator().diagnostics());
  }

  private long events(String involved, String reason) {
    return orca.client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> involved.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
        .count();
  }

  private static Condition condition(IgnitorStatus status, String type) {
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " condition in " + status.getConditions()));
  }
}
