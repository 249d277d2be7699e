package cloud.sirocco.orca.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.names.RunNames;
import cloud.sirocco.orca.run.RunPhase;
import cloud.sirocco.orca.run.RunState;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunHistoryTest {

  private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");
  private final TaskStatus status = new TaskStatus();

  private static Pod pod(String name) {
    return new PodBuilder().withNewMetadata().withName(name)
        .addToLabels(RunNames.INITIATOR_LABEL, "nightly").addToLabels(RunNames.TRIGGER_LABEL, "Ignition")
        .endMetadata().build();
  }

  private static RunState running(Instant start) {
    return new RunState(RunPhase.Running, "Running", null, null, "", start, null, List.of(), 0);
  }

  private static RunState succeeded(Instant start, Instant finish, String message) {
    return new RunState(RunPhase.Succeeded, "Completed", 0, "main", message, start, finish, List.of(), 0);
  }

  private static RunState failed(Instant start, Instant finish, int exitCode) {
    return new RunState(RunPhase.Failed, "Error", exitCode, "main", "", start, finish, List.of(), 0);
  }

  @Test
  void recordsARunningRunWithoutCountingIt() {
    RunRecord record = RunHistory.record(status, pod("run-1"), running(T));

    assertEquals("run-1", record.getName());
    assertEquals("nightly", record.getInitiator());
    assertEquals("Ignition", record.getTrigger());
    assertEquals("Running", record.getPhase());
    assertEquals("2026-01-01T10:00:00Z", record.getStartTime());
    assertNull(record.getReason());
    assertNull(status.getFailuresCount());
  }

  @Test
  void countsAFinishedRunOnceHoweverOftenItIsRecorded() {
    Pod pod = pod("run-1");
    RunHistory.record(status, pod, running(T));
    RunHistory.record(status, pod, failed(T, T.plusSeconds(65), 3));
    RunHistory.record(status, pod, failed(T, T.plusSeconds(99), 3));

    assertEquals(1, status.getFailuresCount());
    assertEquals("2026-01-01T10:01:05Z", status.getLastFailure());
    assertEquals(1, status.getRuns().size());
    assertEquals("2026-01-01T10:01:05Z", status.getRuns().get(0).getFinishTime());
    assertEquals(3, status.getRuns().get(0).getExitCode());
  }

  @Test
  void countsConsecutiveFailuresAndASuccessResetsThem() {
    RunHistory.record(status, pod("run-1"), failed(T, T.plusSeconds(10), 1));
    RunHistory.record(status, pod("run-2"), failed(T.plusSeconds(20), T.plusSeconds(30), 1));
    assertEquals(2, status.getFailuresCount());

    RunHistory.record(status, pod("run-3"), succeeded(T.plusSeconds(40), T.plusSeconds(50), "ok"));

    assertEquals(0, status.getFailuresCount());
    assertEquals("2026-01-01T10:00:50Z", status.getLastSuccess());
    assertEquals("2026-01-01T10:00:30Z", status.getLastFailure());
  }

  @Test
  void keepsTheLatestLastSuccessWhenAnOlderRunFinishesLater() {
    RunHistory.record(status, pod("run-2"), succeeded(T.plusSeconds(60), T.plusSeconds(120), ""));
    RunHistory.record(status, pod("run-1"), succeeded(T, T.plusSeconds(90), ""));

    assertEquals("2026-01-01T10:02:00Z", status.getLastSuccess());
  }

  @Test
  void listsRunsNewestFirst() {
    RunHistory.record(status, pod("run-1"), succeeded(T, T.plusSeconds(5), ""));
    RunHistory.record(status, pod("run-3"), running(T.plusSeconds(120)));
    RunHistory.record(status, pod("run-2"), succeeded(T.plusSeconds(60), T.plusSeconds(65), ""));

    assertEquals(List.of("run-3", "run-2", "run-1"), status.getRuns().stream().map(RunRecord::getName).toList());
  }

  @Test
  void trimKeepsTheNewestFinishedRecordsAndEveryRunInFlight() {
    RunHistory.record(status, pod("in-flight"), running(T));
    for (int i = 1; i <= 12; i++) {
      RunHistory.record(status, pod("run-" + i), succeeded(T.plusSeconds(i * 60L), T.plusSeconds(i * 60L + 5), ""));
    }

    RunHistory.trim(status, Set.of());

    List<String> names = status.getRuns().stream().map(RunRecord::getName).toList();
    assertEquals(RunHistory.MAX_RECORDS + 1, names.size());
    assertEquals("run-12", names.get(0));
    assertEquals("run-3", names.get(RunHistory.MAX_RECORDS - 1));
    assertEquals("in-flight", names.get(RunHistory.MAX_RECORDS));
  }

  @Test
  void summarizesTheNewestFinishedRunForThePrinterColumns() {
    RunHistory.record(status, pod("run-1"), failed(T, T.plusSeconds(5), 1));
    RunHistory.record(status, pod("run-2"), succeeded(T.plusSeconds(60), T.plusSeconds(125), ""));

    RunHistory.summarize(status);

    assertEquals("Succeeded", status.getState());
    assertEquals("2026-01-01T10:01:00Z", status.getStartTime());
    assertEquals("1m5s", status.getDuration());
  }

  @Test
  void summarizesAsRunningWhileAnyRunRuns() {
    RunHistory.record(status, pod("run-1"), running(T));
    RunHistory.record(status, pod("run-2"), failed(T.plusSeconds(60), T.plusSeconds(61), 1));

    RunHistory.summarize(status);

    assertEquals("Running", status.getState());
  }

  @Test
  void summarizesAsPendingBeforeTheFirstRun() {
    RunHistory.summarize(status);

    assertEquals("Pending", status.getState());
    assertNull(status.getStartTime());
    assertNull(status.getDuration());
  }

  @Test
  void theFailuresInARowCountFromZeroAndAgainAfterASuccess() {
    assertEquals(0, RunHistory.failuresCount(status));
    RunHistory.record(status, pod("a"), failed(T, T.plusSeconds(1), 1));
    RunHistory.record(status, pod("b"), failed(T.plusSeconds(2), T.plusSeconds(3), 1));
    assertEquals(2, RunHistory.failuresCount(status));

    RunHistory.record(status, pod("c"), succeeded(T.plusSeconds(4), T.plusSeconds(5), ""));

    assertEquals(0, RunHistory.failuresCount(status));
  }
}
