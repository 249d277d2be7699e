package cloud.sirocco.orca.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cloud.sirocco.orca.model.Incident;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.run.RunPhase;
import cloud.sirocco.orca.run.RunState;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IncidentsTest {

  private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");
  private final TaskStatus status = new TaskStatus();

  @Test
  void fiveFailuresAndASuccessCarryTwoNoticesTheFirstFailureAndTheRecovery() {
    List<String> noticed = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      String run = "run-" + i;
      RunHistory.record(status, pod(run), i < 6 ? finished(RunPhase.Failed, i) : finished(RunPhase.Succeeded, i));
      Incidents.notice(status, run).ifPresent(notice -> noticed.add(run + " " + notice));
    }

    assertEquals(List.of("run-1 Notice[since=2026-01-01T10:01:00Z, failures=1, recovered=false]",
        "run-6 Notice[since=2026-01-01T10:01:00Z, failures=5, recovered=true]"), noticed);
    Incident incident = status.getIncident();
    assertEquals("run-1", incident.getOpenedBy());
    assertEquals("run-6", incident.getRecoveredBy());
    assertEquals("2026-01-01T10:06:00Z", incident.getRecoveredAt());
  }

  @Test
  void aRunRecordedAgainAfterARestartCarriesTheSameNoticeAndCountsNothingTwice() {
    RunHistory.record(status, pod("run-1"), finished(RunPhase.Failed, 1));
    RunHistory.record(status, pod("run-2"), finished(RunPhase.Failed, 2));

    RunHistory.record(status, pod("run-1"), finished(RunPhase.Failed, 1));

    assertEquals(2, status.getIncident().getFailures());
    assertEquals(Optional.of(new Incidents.Notice(T.plusSeconds(60), 1, false)), Incidents.notice(status, "run-1"));
    assertEquals(Optional.empty(), Incidents.notice(status, "run-2"));
  }

  @Test
  void aFailureAfterARecoveryOpensANewIncident() {
    RunHistory.record(status, pod("run-1"), finished(RunPhase.Failed, 1));
    RunHistory.record(status, pod("run-2"), finished(RunPhase.Succeeded, 2));
    RunHistory.record(status, pod("run-3"), finished(RunPhase.Failed, 3));

    assertEquals("run-3", status.getIncident().getOpenedBy());
    assertEquals(1, status.getIncident().getFailures());
    assertNull(status.getIncident().getRecoveredBy());
    assertEquals(Optional.empty(), Incidents.notice(status, "run-2"), "the older recovery is stale");
  }

  @Test
  void successesWithoutAnIncidentOpenNoneAndCarryNoNotice() {
    RunHistory.record(status, pod("run-1"), finished(RunPhase.Succeeded, 1));

    assertNull(status.getIncident());
    assertEquals(Optional.empty(), Incidents.notice(status, "run-1"));
  }

  private static Pod pod(String name) {
    return new PodBuilder().withNewMetadata().withName(name).endMetadata().build();
  }

  /** A run that finished {@code minutes} after T. */
  private static RunState finished(RunPhase phase, int minutes) {
    Instant end = T.plusSeconds(60L * minutes);
    return new RunState(phase, phase == RunPhase.Failed ? "Error" : "Completed", phase == RunPhase.Failed ? 1 : 0,
        "main", "", end.minusSeconds(10), end, List.of(), 0);
  }
}
