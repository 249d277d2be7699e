package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.StepStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Failures are any non-zero exit, and steps run in order until the first failure: on real pods. */
class FailureAndStepsE2E {

  private static LiveCluster cluster;

  @BeforeAll
  static void applyWorkflows() {
    cluster = new LiveCluster("e2e-failures");
    for (Path file : List.of(cluster.example("failure-handling.yaml"), cluster.example("steps.yaml"),
        cluster.manifest("failing-steps.yaml"))) {
      cluster.apply(file);
    }
  }

  @AfterAll
  static void cleanUp() {
    cluster.close();
  }

  @Test
  void exitCode3CountsAsFailureAndStartsTheFailureHandler() {
    Pod cleanup = cluster.awaitFinishedRuns("import-cleanup", 1, Duration.ofSeconds(120)).get(0);
    Pod failed = LiveCluster.finished(cluster.runs("import")).get(0);

    assertEquals("Failed", failed.getStatus().getPhase());
    assertEquals("import", LiveCluster.env(cleanup, "ORCA_INITIATOR"));
    assertEquals("disk full", LiveCluster.env(cleanup, "ORCA_DATA"));
    LiveCluster.await("import's status to record the failure", Duration.ofSeconds(30), () -> {
      var status = cluster.task("import").getStatus();
      return status != null && Integer.valueOf(1).equals(status.getFailuresCount()) && status.getLastFailure() != null;
    });
    RunRecord run = cluster.task("import").getStatus().getRuns().get(0);
    assertEquals(3, run.getExitCode());
    assertEquals("Failed", run.getPhase());
  }

  @Test
  void stepsRunInOrderAndSucceedTogether() {
    cluster.awaitFinishedRuns("build-and-test", 1, Duration.ofSeconds(120));
    LiveCluster.await("build-and-test's status to show its steps", Duration.ofSeconds(30),
        () -> "Succeeded".equals(cluster.task("build-and-test").getStatus().getState()));
    List<StepStatus> steps = cluster.task("build-and-test").getStatus().getRuns().get(0).getSteps();
    assertEquals(List.of("build", "test", "publish"), steps.stream().map(StepStatus::getName).toList());
    assertEquals(List.of("Succeeded", "Succeeded", "Succeeded"), steps.stream().map(StepStatus::getState).toList());
    assertEquals(true, steps.get(0).getFinishTime().compareTo(steps.get(1).getStartTime()) <= 0,
        "build finished before test started: " + steps);
  }

  @Test
  void aFailingStepStopsTheStepsAfterIt() {
    cluster.awaitFinishedRuns("broken-pipeline", 1, Duration.ofSeconds(120));
    LiveCluster.await("broken-pipeline's status to show Failed", Duration.ofSeconds(30),
        () -> "Failed".equals(cluster.task("broken-pipeline").getStatus().getState()));
    RunRecord run = cluster.task("broken-pipeline").getStatus().getRuns().get(0);
    assertEquals(List.of("Succeeded", "Failed", "Skipped"),
        run.getSteps().stream().map(StepStatus::getState).toList(), run.getSteps().toString());
    assertEquals(7, run.getExitCode());
  }
}
