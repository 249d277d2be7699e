package cloud.sirocco.orca.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.StepStatus;
import cloud.sirocco.orca.names.RunNames;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunObserverTest {

  private static final Instant CREATED = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant STARTED = Instant.parse("2026-01-01T10:00:05Z");
  private static final Instant FINISHED = Instant.parse("2026-01-01T10:01:10Z");
  private static final Instant NOW = Instant.parse("2026-01-01T10:02:00Z");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(300);

  /** A run pod of the given containers; names starting with "init:" are init containers (steps). */
  private static Pod pod(PodStatus status, String... containers) {
    PodBuilder pod = new PodBuilder().withNewMetadata().withName("run-1").withNamespace("orca-test")
        .withCreationTimestamp(CREATED.toString()).endMetadata().withNewSpec().endSpec();
    for (String name : containers) {
      if (name.startsWith("init:")) {
        pod.editSpec().addToInitContainers(new ContainerBuilder().withName(name.substring(5)).withImage("i").build())
            .endSpec();
      } else {
        pod.editSpec().addToContainers(new ContainerBuilder().withName(name).withImage("i").build()).endSpec();
      }
    }
    return pod.withStatus(status).build();
  }

  private static ContainerStatus terminated(String name, int exitCode, String reason, String message) {
    return new ContainerStatusBuilder().withName(name).withNewState().withNewTerminated().withExitCode(exitCode)
        .withReason(reason).withMessage(message).withStartedAt(STARTED.toString())
        .withFinishedAt(FINISHED.toString()).endTerminated().endState().build();
  }

  private static ContainerStatus terminated(String name, int exitCode, Instant finishedAt) {
    return new ContainerStatusBuilder(terminated(name, exitCode, exitCode == 0 ? "Completed" : "Error", null))
        .editState().editTerminated().withFinishedAt(finishedAt.toString()).endTerminated().endState().build();
  }

  /** A container of an OnFailure pod, restarted {@code restarts} times, its last attempt ended with {@code exitCode}. */
  private static ContainerStatusBuilder restarted(ContainerStatus current, int restarts, int exitCode,
      String message) {
    return new ContainerStatusBuilder(current).withRestartCount(restarts).withNewLastState().withNewTerminated()
        .withExitCode(exitCode).withReason("Error").withMessage(message).withFinishedAt(FINISHED.toString())
        .endTerminated().endLastState();
  }

  private static Pod onFailure(Pod pod, int restartLimit) {
    pod.getSpec().setRestartPolicy("OnFailure");
    pod.getMetadata().setAnnotations(Map.of(RunNames.RESTART_LIMIT_ANNOTATION, String.valueOf(restartLimit)));
    return pod;
  }

  private static ContainerStatus running(String name) {
    return new ContainerStatusBuilder().withName(name).withNewState().withNewRunning()
        .withStartedAt(STARTED.toString()).endRunning().endState().build();
  }

  private static ContainerStatus waiting(String name, String reason, String message) {
    return new ContainerStatusBuilder().withName(name).withNewState().withNewWaiting().withReason(reason)
        .withMessage(message).endWaiting().endState().build();
  }

  private static PodStatusBuilder phase(String phase) {
    return new PodStatusBuilder().withPhase(phase).withStartTime(STARTED.toString());
  }

  private static RunState observe(Pod pod) {
    return RunObserver.observe(pod, NOW, START_TIMEOUT);
  }

  @Test
  void nonZeroExitIsFailedWithTheExitCodeAndTerminationMessage() {
    RunState state = observe(pod(phase("Failed").withContainerStatuses(terminated("main", 3, "Error",
        "disk full")).build(), "main"));

    assertEquals(RunPhase.Failed, state.phase());
    assertEquals("Error", state.reason());
    assertEquals(3, state.exitCode());
    assertEquals("main", state.container());
    assertEquals("disk full", state.message());
    assertEquals(STARTED, state.startTime());
    assertEquals(FINISHED, state.finishTime());
  }

  @Test
  void oomKillIsReportedAsOomKilled() {
    RunState state = observe(pod(phase("Failed").withContainerStatuses(terminated("main", 137, "OOMKilled", null))
        .build(), "main"));

    assertEquals(RunPhase.Failed, state.phase());
    assertEquals("OOMKilled", state.reason());
    assertEquals(137, state.exitCode());
  }

  @Test
  void evictionIsReportedWithTheKubeletsReasonAndMessage() {
    RunState state = observe(pod(phase("Failed").withReason("Evicted")
        .withMessage("The node was low on resource: memory.").build(), "main"));

    assertEquals(RunPhase.Failed, state.phase());
    assertEquals("Evicted", state.reason());
    assertNull(state.exitCode());
    assertEquals("The node was low on resource: memory.", state.message());
  }

  @Test
  void exceededActiveDeadlineIsReportedAsDeadlineExceeded() {
    RunState state = observe(pod(phase("Failed").withReason("DeadlineExceeded")
        .withMessage("Pod was active on the node longer than the specified deadline")
        .withContainerStatuses(terminated("main", 137, "Error", null)).build(), "main"));

    assertEquals("DeadlineExceeded", state.reason());
    assertEquals(137, state.exitCode());
    assertEquals("Pod was active on the node longer than the specified deadline", state.message());
  }

  @Test
  void successTakesTheTerminationMessageAndExitCodeZero() {
    RunState state = observe(pod(phase("Succeeded").withContainerStatuses(
        terminated("main", 0, "Completed", "s3://bucket/out"), terminated("sidecar", 0, "Completed", null)).build(),
        "main", "sidecar"));

    assertEquals(RunPhase.Succeeded, state.phase());
    assertEquals("Completed", state.reason());
    assertEquals(0, state.exitCode());
    assertEquals("main", state.container());
    assertEquals("s3://bucket/out", state.message());
  }

  @Test
  void successWithoutAnyMessageHandsOnAnEmptyOne() {
    RunState state = observe(pod(phase("Succeeded").withContainerStatuses(terminated("main", 0, "Completed", null))
        .build(), "main"));

    assertEquals("", state.message());
  }

  @Test
  void containersAreMatchedByNameNotByPosition() {
    // The kubelet sorts statuses by name: sidecar's status comes first although main is the first container.
    RunState state = observe(pod(phase("Failed").withContainerStatuses(
        terminated("a-sidecar", 0, "Completed", "sidecar says hi"), terminated("main", 3, "Error", "boom")).build(),
        "main", "a-sidecar"));

    assertEquals("main", state.container());
    assertEquals(3, state.exitCode());
    assertEquals("boom", state.message());
  }

  @Test
  void aPodDeletedWhileRunningFailsAsPodDeleted() {
    Pod pod = pod(phase("Running").withContainerStatuses(running("main")).build(), "main");
    pod.getMetadata().setDeletionTimestamp("2026-01-01T10:01:00Z");

    RunState state = observe(pod);

    assertEquals(RunPhase.Failed, state.phase());
    assertEquals("PodDeleted", state.reason());
    assertEquals("the run's pod was deleted before it finished", state.message());
  }

  @Test
  void aPodKilledByItsDeletionFailsAsPodDeletedNotAsItsSignal() {
    Pod pod = pod(phase("Failed").withContainerStatuses(terminated("main", 143, "Error", null)).build(), "main");
    pod.getMetadata().setDeletionTimestamp("2026-01-01T10:01:00Z");

    assertEquals("PodDeleted", observe(pod).reason());
  }

  @Test
  void aPodThatFailedByItselfKeepsItsOutcomeWhenDeletedLater() {
    Pod pod = pod(phase("Failed").withContainerStatuses(terminated("main", 1, "Error", "bad input")).build(),
        "main");
    pod.getMetadata().setDeletionTimestamp("2026-01-01T10:01:30Z");

    RunState state = observe(pod);

    assertEquals("Error", state.reason());
    assertEquals(1, state.exitCode());
    assertEquals("bad input", state.message());
  }

  @Test
  void aPodPendingPastItsStartTimeoutFailsNamingWhyItIsWaiting() {
    Pod pod = pod(new PodStatusBuilder().withPhase("Pending").withContainerStatuses(
        waiting("main", "ErrImagePull", "pull access denied for nope")).build(), "main");

    RunState state = RunObserver.observe(pod, CREATED.plusSeconds(301), START_TIMEOUT);

    assertEquals(RunPhase.Failed, state.phase());
    assertEquals(RunObserver.PENDING_TOO_LONG, state.reason());
    assertEquals("main", state.container());
    assertEquals("container \"main\" did not start within 300s: ErrImagePull: pull access denied for nope",
        state.message());
  }

  @Test
  void anUnschedulablePodPastItsStartTimeoutFailsWithTheSchedulersMessage() {
    Pod pod = pod(new PodStatusBuilder().withPhase("Pending").withConditions(new PodConditionBuilder()
        .withType("PodScheduled").withStatus("False").withReason("Unschedulable")
        .withMessage("0/3 nodes are available: 3 Insufficient cpu.").build()).build(), "main");

    RunState state = RunObserver.observe(pod, CREATED.plusSeconds(301), START_TIMEOUT);

    assertEquals(RunObserver.PENDING_TOO_LONG, state.reason());
    assertTrue(state.message().endsWith("0/3 nodes are available: 3 Insufficient cpu."), state.message());
  }

  @Test
  void aPodPendingUpToItsStartTimeoutIsStillPending() {
    Pod pod = pod(new PodStatusBuilder().withPhase("Pending").withContainerStatuses(
        waiting("main", "ContainerCreating", null)).build(), "main");

    RunState state = RunObserver.observe(pod, CREATED.plusSeconds(300), START_TIMEOUT);

    assertEquals(RunPhase.Pending, state.phase());
    assertEquals(Optional.of(CREATED.plusSeconds(300)), RunObserver.startDeadline(pod, START_TIMEOUT));
  }

  @Test
  void aRunningPodIsRunningFromItsStartTime() {
    RunState state = observe(pod(phase("Running").withContainerStatuses(running("main")).build(), "main"));

    assertEquals(RunPhase.Running, state.phase());
    assertEquals(STARTED, state.startTime());
    assertNull(state.finishTime());
    assertEquals(List.of(), state.steps());
  }

  private static List<String> states(RunState state) {
    return state.steps().stream().map(s -> s.getName() + "=" + s.getState()).toList();
  }

  @Test
  void stepStatusesAreInOrderWithLaterStepsSkippedAfterAFailure() {
    RunState state = observe(pod(phase("Failed")
        .withInitContainerStatuses(terminated("build", 2, "Error", "compile error"),
            terminated("fetch", 0, "Completed", null))
        .withContainerStatuses(waiting("publish", "PodInitializing", null)).build(),
        "init:fetch", "init:build", "publish"));

    assertEquals(List.of("fetch=Succeeded", "build=Failed", "publish=Skipped"), states(state));
    StepStatus build = state.steps().get(1);
    assertEquals(2, build.getExitCode());
    assertEquals("Error", build.getReason());
    assertEquals(FINISHED.toString(), build.getFinishTime());
    assertEquals(RunPhase.Failed, state.phase());
    assertEquals("build", state.container());
    assertEquals(2, state.exitCode());
    assertEquals("compile error", state.message());
  }

  @Test
  void stepsInProgressAreRunningAndWaitingAndTheRunHasStarted() {
    RunState state = RunObserver.observe(pod(new PodStatusBuilder().withPhase("Pending")
        .withInitContainerStatuses(terminated("fetch", 0, "Completed", null), running("build"))
        .withContainerStatuses(waiting("publish", "PodInitializing", null)).build(),
        "init:fetch", "init:build", "publish"), CREATED.plusSeconds(3600), START_TIMEOUT);

    assertEquals(List.of("fetch=Succeeded", "build=Running", "publish=Waiting"), states(state));
    assertEquals(RunPhase.Pending, state.phase());
  }

  @Test
  void successOfAStepsRunTakesTheMessageOfTheLastStepThatWroteOne() {
    RunState state = observe(pod(phase("Succeeded")
        .withInitContainerStatuses(terminated("fetch", 0, "Completed", "fetched"),
            terminated("build", 0, "Completed", "built"))
        .withContainerStatuses(terminated("publish", 0, "Completed", null)).build(),
        "init:fetch", "init:build", "publish"));

    assertEquals("built", state.message());
    assertEquals(List.of("fetch=Succeeded", "build=Succeeded", "publish=Succeeded"), states(state));
  }

  @Test
  void aStepWhoseImageNeverPullsFailsTheRunNamingTheStepOnceItsTurnLastedTheStartTimeout() {
    Pod pod = pod(new PodStatusBuilder().withPhase("Pending")
        .withInitContainerStatuses(terminated("fetch", 0, FINISHED),
            waiting("build", "ErrImagePull", "pull access denied for nope"))
        .withContainerStatuses(waiting("publish", "PodInitializing", null)).build(),
        "init:fetch", "init:build", "publish");

    RunState state = RunObserver.observe(pod, FINISHED.plusSeconds(301), START_TIMEOUT);

    assertEquals(RunPhase.Failed, state.phase());
    assertEquals(RunObserver.PENDING_TOO_LONG, state.reason());
    assertEquals("build", state.container());
    assertEquals("step \"build\" did not start within 300s: ErrImagePull: pull access denied for nope",
        state.message());
    assertEquals(List.of("fetch=Succeeded", "build=Waiting", "publish=Waiting"), states(state));
  }

  @Test
  void aStepWhoseTurnBeganRecentlyIsNotTimedOutAndIsLookedAtAgainWhenItsTimeoutEnds() {
    Instant fetched = CREATED.plusSeconds(3600);
    Pod pod = pod(new PodStatusBuilder().withPhase("Pending")
        .withInitContainerStatuses(terminated("fetch", 0, fetched), waiting("build", "ImagePullBackOff", "slow"))
        .withContainerStatuses(waiting("publish", "PodInitializing", null)).build(),
        "init:fetch", "init:build", "publish");

    RunState state = RunObserver.observe(pod, fetched.plusSeconds(300), START_TIMEOUT);

    assertEquals(RunPhase.Pending, state.phase());
    assertEquals(Optional.of(fetched.plusSeconds(300)), RunObserver.startDeadline(pod, START_TIMEOUT));
  }

  @Test
  void aTemplateContainerThatNeverPullsFailsTheRunWhileAnotherRuns() {
    Pod pod = pod(new PodStatusBuilder().withPhase("Pending").withStartTime(STARTED.toString())
        .withContainerStatuses(running("main"), waiting("proxy", "ImagePullBackOff", "Back-off pulling \"nope\""))
        .build(), "main", "proxy");

    RunState state = RunObserver.observe(pod, CREATED.plusSeconds(301), START_TIMEOUT);

    assertEquals(RunPhase.Failed, state.phase());
    assertEquals(RunObserver.PENDING_TOO_LONG, state.reason());
    assertEquals("container \"proxy\" did not start within 300s: ImagePullBackOff: Back-off pulling \"nope\"",
        state.message());
  }

  @Test
  void aCrashLoopUnderOnFailureWithinTheRetryLimitIsRunningWithItsRestartsNotATimeout() {
    Pod pod = onFailure(pod(phase("Running").withContainerStatuses(
        restarted(waiting("main", "CrashLoopBackOff", "back-off 20s restarting failed container"), 2, 1, "boom")
            .build()).build(), "main"), 3);

    RunState state = RunObserver.observe(pod, CREATED.plusSeconds(3600), START_TIMEOUT);

    assertEquals(RunPhase.Running, state.phase());
    assertEquals(2, state.restarts());
    assertEquals(Optional.empty(), RunObserver.startDeadline(pod, START_TIMEOUT));
  }

  @Test
  void aContainerFailingAgainAfterRetryLimitRestartsFailsTheRunWithItsRestartsAndLastExitCode() {
    Pod pod = onFailure(pod(phase("Running").withContainerStatuses(running("a-sidecar"),
        restarted(waiting("main", "CrashLoopBackOff", "back-off 40s restarting failed container"), 3, 2,
            "disk full").build()).build(), "main", "a-sidecar"), 3);

    RunState state = RunObserver.observe(pod, CREATED.plusSeconds(3600), START_TIMEOUT);

    assertEquals(RunPhase.Failed, state.phase());
    assertEquals(RunObserver.RESTART_LIMIT_EXCEEDED, state.reason());
    assertEquals("main", state.container());
    assertEquals(2, state.exitCode());
    assertEquals(3, state.restarts());
    assertEquals("container \"main\" failed 4 times (restarted 3 times, retryLimit 3); last exit code 2 (Error): "
        + "disk full", state.message());
  }

  @Test
  void aContainerThatFailedThenSucceededIsASuccessShowingItsRestarts() {
    Pod pod = onFailure(pod(phase("Succeeded")
        .withInitContainerStatuses(restarted(terminated("prepare", 0, "Completed", null), 1, 1, null).build())
        .withContainerStatuses(restarted(terminated("main", 0, "Completed", "done"), 2, 1, "flaky").build())
        .build(), "init:prepare", "main"), 3);

    RunState state = observe(pod);

    assertEquals(RunPhase.Succeeded, state.phase());
    assertEquals("done", state.message());
    assertEquals(3, state.restarts());
    assertEquals(1, state.steps().get(0).getRestarts());
    assertEquals(2, state.steps().get(1).getRestarts());
  }
}
