package cloud.sirocco.orca.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import cloud.sirocco.orca.names.RunNames;
import cloud.sirocco.orca.testing.Workflows;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandInPodTest {

  @Test
  void aStandInIsNamedInTheTasksNamespaceWithTheLabelsOfItsRunPods() {
    Pod pod = StandInPod.of(Workflows.task("sync").build(), "sync-overdue-60", "overdue/60", "successDeadline", "");

    ObjectMeta meta = pod.getMetadata();
    assertEquals(List.of("sync-overdue-60", Workflows.NAMESPACE, "uid-task-sync/overdue/60"),
        List.of(meta.getName(), meta.getNamespace(), meta.getUid()));
    assertEquals(Map.of(RunNames.TASK_LABEL, "sync", RunNames.INITIATOR_LABEL, "successDeadline",
        RunNames.WORKFLOW_RUN_LABEL, ""), meta.getLabels());
  }

  @Test
  void aStandInWithoutAWorkflowRunHasNoSuchLabel() {
    Pod pod = StandInPod.of(Workflows.task("sync").build(), "sync-x", "sync-x", "ignitor1", null);

    assertEquals(Map.of(RunNames.TASK_LABEL, "sync", RunNames.INITIATOR_LABEL, "ignitor1"),
        pod.getMetadata().getLabels());
  }

  @Test
  void standInsOfOneTaskUnderDifferentKeysNeverShareADispatch() {
    var task = Workflows.task("sync").build();

    assertNotEquals(StandInPod.of(task, "n", "overdue/60", "successDeadline", "").getMetadata().getUid(),
        StandInPod.of(task, "n", "recovered/60", "successDeadline", "").getMetadata().getUid());
  }
}
