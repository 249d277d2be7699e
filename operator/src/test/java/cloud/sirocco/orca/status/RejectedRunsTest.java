package cloud.sirocco.orca.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import cloud.sirocco.orca.graph.TriggerKind;
import cloud.sirocco.orca.model.RejectedRun;
import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.names.RunNames;
import cloud.sirocco.orca.run.Trigger;
import cloud.sirocco.orca.testing.Workflows;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

  @Test
  void aRefusedRunStandsInAsAPodWithItsProgressAndTheLabelsOfARunPod() {
    RejectedRun rejected = refused("task2-x");
    rejected.setHandled(true);
    rejected.setStarted(List.of("task3", "task4"));

    Pod pod = RejectedRuns.asPod(Workflows.task("task2").build(), rejected);

    ObjectMeta meta = pod.getMetadata();
    assertEquals(List.of("task2-x", Workflows.NAMESPACE, "uid-task-task2/task2-x", "2026-01-01T00:00:00Z"),
        List.of(meta.getName(), meta.getNamespace(), meta.getUid(), meta.getCreationTimestamp()));
    assertEquals(Map.of(RunNames.TASK_LABEL, "task2", RunNames.INITIATOR_LABEL, "task1",
        RunNames.TRIGGER_LABEL, "Success", RunNames.WORKFLOW_RUN_LABEL, "nightly-0a1b2c3d4e"), meta.getLabels());
    assertEquals(Map.of(RunNames.HANDLED_ANNOTATION, "true", RunNames.STARTED_ANNOTATION, "task3,task4"),
        meta.getAnnotations());
  }

  @Test
  void aRefusedRunFromBeforeWorkflowRunsStandsInWithoutOne() {
    RejectedRun rejected = refused("task2-x");
    rejected.setWorkflowRun(null);

    Pod pod = RejectedRuns.asPod(Workflows.task("task2").build(), rejected);

    assertFalse(pod.getMetadata().getLabels().containsKey(RunNames.WORKFLOW_RUN_LABEL));
    assertEquals(Map.of(), pod.getMetadata().getAnnotations());
  }
}
