package cloud.sirocco.orca.reconciler;

import static cloud.sirocco.orca.reconciler.ConvergerHarness.NS;
import static cloud.sirocco.orca.testing.Workflows.container;
import static cloud.sirocco.orca.testing.Workflows.ignitor;
import static cloud.sirocco.orca.testing.Workflows.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.testing.InMemoryCluster;
import cloud.sirocco.orca.testing.Workflows;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Runs that would otherwise stay in flight for good: a step that never starts, a container that keeps failing. */
class StuckRunTest {

  private static final String FIRE = "2026-01-01T00:00:00.250Z";
  private final ConvergerHarness h = new ConvergerHarness();

  private Pod started(Workflows.TaskBuilder task) {
    h.with(ignitor("ignitor1", "NOW").build()).with(task.startOnIgnition("ignitor1"));
    h.fire("ignitor1", FIRE);
    h.pass("task1");
    return h.onlyRun("task1");
  }

  private static ContainerStatus crashLooping(int restarts, Instant lastFailure) {
    return new ContainerStatusBuilder().withName("main").withRestartCount(restarts)
        .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
        .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error").withMessage("connection refused")
        .withFinishedAt(lastFailure.toString()).endTerminated().endLastState().build();
  }

  @Test
  void aStepsRunWhoseSecondImageNeverPullsFailsWithStartTimeoutNamingTheStepAndItsPodGoes() {
    Pod run = started(task("task1").startTimeoutSeconds(60)
        .steps(container("fetch", "busybox:1.36"), container("build", "registry.invalid/nope:1"),
            container("publish", "busybox:1.36")));
    h.cluster.advance(Duration.ofSeconds(50));
    Instant fetched = h.cluster.now();
    h.cluster.setStatus(NS, run.getMetadata().getName(), new PodStatusBuilder().withPhase("Pending")
        .withStartTime(fetched.minusSeconds(45).toString())
        .withInitContainerStatuses(
            new ContainerStatusBuilder().withName("fetch").withNewState().withNewTerminated().withExitCode(0)
                .withReason("Completed").withFinishedAt(fetched.toString()).endTerminated().endState().build(),
            new ContainerStatusBuilder().withName("build").withNewState().withNewWaiting().withReason("ErrImagePull")
                .withMessage("registry.invalid/nope:1: not found").endWaiting().endState().build())
        .withContainerStatuses(new ContainerStatusBuilder().withName("publish").withNewState().withNewWaiting()
            .withReason("PodInitializing").endWaiting().endState().build())
        .build());

    assertEquals(Optional.of(fetched.plusSeconds(60)), h.pass("task1").revisit(),
        "the run is looked at again when the waiting step's start timeout is up");

    h.cluster.advance(Duration.ofSeconds(61));
    h.pass("task1");

    RunRecord record = h.status("task1").getRuns().get(0);
    assertEquals("Failed", record.getPhase());
    assertEquals("StartTimeout", record.getReason());
    assertEquals("step \"build\" did not start within 60s: ErrImagePull: registry.invalid/nope:1: not found",
        record.getMessage());
    assertEquals(List.of(), h.runs("task1"), "the stuck pod is deleted, so it no longer counts as in flight");
  }

  @Test
  void aContainerCrashLoopingUnderOnFailureFailsTheRunOnceItsRestartsAreUsedUpNotAsAStartTimeout() {
    PodTemplateSpec template = Workflows.template("busybox:1.36");
    template.getSpec().setRestartPolicy("OnFailure");
    Pod run = started(task("task1").template(template).retryLimit(2).startTimeoutSeconds(60));

    h.cluster.advance(Duration.ofHours(1));
    h.cluster.setStatus(NS, run.getMetadata().getName(), new PodStatusBuilder().withPhase("Running")
        .withContainerStatuses(crashLooping(1, h.cluster.now())).build());
    h.pass("task1");

    assertEquals("Running", h.status("task1").getRuns().get(0).getPhase());
    assertNull(h.status("task1").getRuns().get(0).getReason());

    h.cluster.advance(Duration.ofMinutes(1));
    h.cluster.setStatus(NS, run.getMetadata().getName(), new PodStatusBuilder().withPhase("Running")
        .withContainerStatuses(crashLooping(2, h.cluster.now())).build());
    h.pass("task1");

    RunRecord record = h.status("task1").getRuns().get(0);
    assertEquals("Failed", record.getPhase());
    assertEquals("RestartLimitExceeded", record.getReason());
    assertEquals(1, record.getExitCode());
    assertEquals("container \"main\" failed 3 times (restarted 2 times, retryLimit 2); last exit code 1 (Error): "
        + "connection refused", record.getMessage());
    assertEquals(List.of("Run " + run.getMetadata().getName() + " (workflow run " + record.getWorkflowRun()
        + ") failed: RestartLimitExceeded (exit code 1): " + record.getMessage()),
        h.events("RunFailed").stream().map(InMemoryCluster.RecordedEvent::message).toList());
    assertEquals(2, record.getRestarts(), "the run shows its restarts");
    assertEquals(List.of(), h.runs("task1"), "the pod goes, so the kubelet stops restarting it and it blocks nothing");
  }
}
