package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.StepStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A step whose image the kubelet never pulls fails its run once its own turn lasted the start timeout. */
class UnpullableStepE2E {

  private static LiveCluster cluster;

  @BeforeAll
  static void applyWorkflow() {
    cluster = new LiveCluster("e2e-unpullable-step");
    cluster.apply(cluster.manifest("unpullable-step.yaml"));
  }

  @AfterAll
  static void cleanUp() {
    cluster.close();
  }

  @Test
  void aStepsRunWhoseSecondImageNeverPullsFailsWithStartTimeoutNamingTheStep() {
    LiveCluster.await("unpullable-step's run to be recorded as failed", Duration.ofSeconds(120), () -> {
      var status = cluster.task("unpullable-step").getStatus();
      return status != null && !status.getRuns().isEmpty() && "Failed".equals(status.getRuns().get(0).getPhase());
    });
    RunRecord run = cluster.task("unpullable-step").getStatus().getRuns().get(0);

    assertEquals("StartTimeout", run.getReason());
    assertTrue(run.getMessage().startsWith("step \"build\" did not start within 20s: "), run.getMessage());
    assertTrue(run.getMessage().contains("ErrImagePull") || run.getMessage().contains("ImagePullBackOff"),
        run.getMessage());
    assertEquals(List.of("Succeeded", "Waiting", "Waiting"),
        run.getSteps().stream().map(StepStatus::getState).toList(), run.getSteps().toString());
    LiveCluster.await("the stuck run's pod to be deleted, so it no longer blocks the Task", Duration.ofSeconds(60),
        () -> cluster.runs("unpullable-step").isEmpty());
  }
}
