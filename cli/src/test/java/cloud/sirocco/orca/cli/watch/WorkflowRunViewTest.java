package cloud.sirocco.orca.cli.watch;

import static org.junit.jupiter.api.Assertions.assertFalse;

import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.names.RunNames;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowRunViewTest {

  @Test
  void aRunTheStatusStillShowsPendingIsInFlightEvenWhenItsPodIsAlreadyHandedOn() {
    // The pods' and the Tasks' informers are two watches: the handed-on mark can arrive before the status.
    RunRecord pending = new RunRecord();
    pending.setName("report-0ce5cec580");
    pending.setPhase("Pending");
    pending.setWorkflowRun("wr-1");
    Task report = new Task();
    report.setMetadata(new ObjectMetaBuilder().withName("report").build());
    report.setStatus(new TaskStatus());
    report.getStatus().setRuns(List.of(pending));
    Pod handed = new PodBuilder().withNewMetadata().withName("report-0ce5cec580")
        .withLabels(Map.of(RunNames.TASK_LABEL, "report", RunNames.WORKFLOW_RUN_LABEL, "wr-1"))
        .withAnnotations(Map.of(RunNames.HANDLED_ANNOTATION, "true")).endMetadata().build();

    WorkflowRunView view = WorkflowRunView.of("team-a", "wr-1", List.of(report), List.of(handed));

    assertFalse(view.finished(), view.render());
  }
}
