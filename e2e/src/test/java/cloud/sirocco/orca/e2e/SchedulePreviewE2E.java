package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.IgnitorStatus;
import cloud.sirocco.orca.model.NextFire;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The schedule preview tells the truth: examples/cron.yaml (every minute, read in Europe/Rome) is announced at
 * {@code kubectl apply}, and its runs start at the times its status previewed; examples/nightly-across-dst.yaml is
 * answered with the daylight-saving nights it meets.
 */
class SchedulePreviewE2E {

  /** Between a fire's time and its run pod's creation: one reconcile, on a busy two-core machine. */
  private static final Duration TOLERANCE = Duration.ofSeconds(10);

  private static LiveCluster cluster;

  @BeforeAll
  static void createNamespace() {
    cluster = new LiveCluster("e2e-schedule-preview");
  }

  @AfterAll
  static void cleanUp() {
    cluster.close();
  }

  @Test
  void aCronIgnitorsFirstTwoPreviewedFiresAreWhenItsRunsStart() {
    // A cron fire reaches the Tasks that exist at its time: apply the Ignitor and its Task well before a minute ends.
    LiveCluster.await("a moment at least 5 s before a minute ends", Duration.ofSeconds(10),
        () -> LocalTime.now(ZoneOffset.UTC).getSecond() < 55);
    LiveCluster.Result applied = cluster.kubectl("apply", "-f", cluster.example("cron.yaml").toString());

    assertEquals(0, applied.exitCode(), applied.toString());
    assertTrue(applied.err().contains("Warning: spec.scheduled: \"* * * * *\" in Europe/Rome fires next at "),
        applied.toString());
    IgnitorStatus previewed = awaitPreview("every-minute");
    List<NextFire> fires = previewed.getNextFires();
    Instant first = Instant.parse(fires.get(0).getTime());
    Instant second = Instant.parse(fires.get(1).getTime());
    assertEquals(first, OffsetDateTime.parse(fires.get(0).getLocal()).toInstant(), fires.toString());
    assertEquals(ZoneId.of("Europe/Rome").getRules().getOffset(first),
        OffsetDateTime.parse(fires.get(0).getLocal()).getOffset(), "the local time's offset is Rome's: " + fires);
    assertEquals(previewed.getNextFireTime(), fires.get(0).getTime());

    // A fire that came before the preview was read (an apply in a minute's last instant) started earlier runs.
    Instant previewedFrom = first.minus(TOLERANCE);
    LiveCluster.await("two runs of heartbeat from " + first + " on", Duration.between(Instant.now(), second)
        .plus(TOLERANCE).plusSeconds(20), () -> runsCreatedFrom(previewedFrom).size() >= 2);
    List<Instant> starts = runsCreatedFrom(previewedFrom).stream().limit(2)
        .map(p -> Instant.parse(p.getMetadata().getCreationTimestamp())).toList();
    assertWithinTolerance(first, starts.get(0));
    assertWithinTolerance(second, starts.get(1));
    assertEquals(second.toString(), cluster.ignitor("every-minute").getStatus().getLastFireTime(),
        "the Ignitor's latest fire");
  }

  @Test
  void warnsOfTheDaylightSavingNightsANightlyScheduleMeets() {
    LiveCluster.Result applied = cluster.kubectl("apply", "-f",
        cluster.example("nightly-across-dst.yaml").toString());

    assertEquals(0, applied.exitCode(), applied.toString());
    // Rome's clocks change twice in any coming year, at 02:00 and 03:00.
    assertTrue(applied.err().contains("Warning: spec.scheduled: \"30 2 * * *\" in Europe/Rome meets daylight-saving "
        + "changes within a year: on "), applied.toString());
    assertTrue(applied.err().contains("the clocks jump from 02:00 to 03:00, so the times it names in between (from "
        + "02:30) fire once, at 03:00 +02:00"), applied.toString());
    assertTrue(applied.err().contains("the clocks go back from 03:00 to 02:00"), applied.toString());
  }

  private IgnitorStatus awaitPreview(String name) {
    LiveCluster.await(name + "'s status.nextFires", Duration.ofSeconds(30), () -> preview(name).isPresent());
    return preview(name).orElseThrow();
  }

  private Optional<IgnitorStatus> preview(String name) {
    return Optional.ofNullable(cluster.ignitor(name)).map(Ignitor::getStatus)
        .filter(s -> s.getNextFires() != null && s.getNextFires().size() >= 2);
  }

  private List<Pod> runsCreatedFrom(Instant from) {
    return cluster.runs("heartbeat").stream()
        .filter(p -> !Instant.parse(p.getMetadata().getCreationTimestamp()).isBefore(from))
        .sorted(Comparator.comparing(p -> Instant.parse(p.getMetadata().getCreationTimestamp())))
        .toList();
  }

  private static void assertWithinTolerance(Instant fire, Instant podCreated) {
    // creationTimestamp has whole seconds, so a pod created within the fire's second shows the fire's time.
    assertTrue(!podCreated.isBefore(fire) && !podCreated.isAfter(fire.plus(TOLERANCE)),
        "run pod created at " + podCreated + " for the previewed fire at " + fire + " (tolerance " + TOLERANCE + ")");
  }
}
