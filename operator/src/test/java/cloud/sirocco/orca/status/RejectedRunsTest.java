package cloud.sirocco.orca.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import cloud.sirocco.orca.graph.TriggerKind;
import cloud.sirocco.orca.model.RejectedRun;
import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.run.Trigger;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RejectedRunsTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  private static RejectedRun refused(String run) {
    return RejectedRuns.of(run, Trigger.afterRun(TriggerKind.SUCCESS, "task1", "task1-abc", "nightly-0a1b2c3d4e",
        "out", T), T, "quota");
  }

  private static List<String> names(TaskStatus status) {
    return status.getRejectedRuns().stream().map(RejectedRun::getName).toList();
  }

  @Test
  void aWriteOverANewerStatusKeepsTheRefusedRunsAddedMeanwhile() {
    TaskStatus stored = new TaskStatus();
    RejectedRuns.add(stored, refused("task2-new"));
    TaskStatus decided = new TaskStatus();

    assertEquals(List.of("task2-new"), names(RejectedRuns.carriedOver(new TaskStatus(), stored, decided)));
  }

  @Test
  void aWriteDoesNotBringBackARefusedRunItHandled() {
    TaskStatus stored = new TaskStatus();
    RejectedRuns.add(stored, refused("task2-old"));
    TaskStatus decided = new TaskStatus();
    RunRecord handled = new RunRecord();
    handled.setName("task2-old");
    decided.getRuns().add(handled);

    assertEquals(List.of(), names(RejectedRuns.carriedOver(stored, stored, decided)));
  }

  @Test
  void aWriteDoesNotBringBackARefusedRunItHandledAndTrimmed() {
    TaskStatus stored = new TaskStatus();
    RejectedRuns.add(stored, refused("task2-old"));

    assertEquals(List.of(), names(RejectedRuns.carriedOver(stored, stored, new TaskStatus())));
  }

  @Test
  void aRefusedRunIsAddedOnce() {
    TaskStatus status = new TaskStatus();

    RejectedRuns.add(status, refused("task2-x"));

    assertFalse(RejectedRuns.add(status, refused("task2-x")));
    assertEquals(List.of("task2-x"), names(status));
  }
}
