package cloud.sirocco.orca.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import cloud.sirocco.orca.graph.TriggerKind;
import cloud.sirocco.orca.model.ConcurrencyPolicy;
import cloud.sirocco.orca.model.Defaults;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.testing.InMemoryCluster;
import cloud.sirocco.orca.testing.Workflows;
import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RunLauncherTest {

  private final InMemoryCluster cluster = new InMemoryCluster();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final RunLauncher launcher = new RunLauncher(cluster, meters);

  private static final Trigger FIRST =
      Trigger.ignition("nightly", new IgnitorFire("uid-1", 1L, "2026-01-01T02:00:00Z"), null);
  private static final Trigger SECOND =
      Trigger.ignition("nightly", new IgnitorFire("uid-1", 1L, "2026-01-02T02:00:00Z"), null);

  private static Task task(ConcurrencyPolicy policy) {
    return task(policy, "uid-task-etl");
  }

  private static Task task(ConcurrencyPolicy policy, String uid) {
    Task task = Workflows.task("etl").image("busybox:1.36").concurrencyPolicy(policy).uid(uid)
        .build();
    Defaults.apply(task);
    return task;
  }

  private List<String> reasons() {
    return cluster.events().stream().map(InMemoryCluster.RecordedEvent::reason).toList();
  }

  @Test
  void startsARunAndRecordsAnEvent() {
    launcher.launch(task(ConcurrencyPolicy.Forbid), FIRST, cluster);

    assertEquals(1, cluster.pods().size());
    assertEquals(List.of("RunStarted"), reasons());
    assertEquals(1.0, meters.counter("orca_runs_started_total", "trigger", "Ignition").count());
  }

  @Test
  void measuresTheTimeFromTheTriggerToTheRunsPod() {
    cluster.advance(Duration.ofHours(2).plusSeconds(3));   // the pod is created 3s after the 02:00 fire

    launcher.launch(task(ConcurrencyPolicy.Forbid), FIRST, cluster);

    Timer latency = meters.get("orca.trigger.to.pod").tag("trigger", "Ignition").timer();
    assertEquals(1, latency.count());
    assertEquals(3.0, latency.totalTime(TimeUnit.SECONDS));
  }

  @Test
  void measuresNothingForATriggerWithoutATimeOrARunStartedBefore() {
    Task task = task(ConcurrencyPolicy.Allow);
    cluster.advance(Duration.ofHours(3));
    launcher.launch(task, Trigger.afterRun(TriggerKind.SUCCESS, "build", "build-abc", "build-abc", "", null), cluster);
    launcher.launch(task, FIRST, cluster);
    launcher.launch(task, FIRST, cluster);

    assertEquals(1, meters.get("orca.trigger.to.pod").timers().stream().mapToLong(Timer::count).sum());
  }

  @Test
  void forbidSeesTheRunItJustStartedBeforeTheWatchShowsIt() {
    Task task = task(ConcurrencyPolicy.Forbid);
    RunPodCache watchNotYetDelivered = new RunPodCache() {
      private final List<Pod> told = new ArrayList<>();

      @Override
      public List<Pod> podsNaming(Task t) {
        return List.copyOf(told);
      }

      @Override
      public void created(Task t, Pod pod) {
        told.add(pod);
      }
    };
    launcher.launch(task, FIRST, watchNotYetDelivered);

    launcher.launch(task, SECOND, watchNotYetDelivered);

    assertEquals(1, cluster.pods().size());
    assertEquals(List.of("RunStarted", "TriggerSkipped"), reasons());
  }

  @Test
  void theSameTriggerTwiceStartsOneRun() {
    launcher.launch(task(ConcurrencyPolicy.Allow), FIRST, cluster);

    launcher.launch(task(ConcurrencyPolicy.Allow), FIRST, cluster);

    assertEquals(1, cluster.pods().size());
    assertEquals(List.of("RunStarted"), reasons());
  }

  @Test
  void aRunOfTheTriggerUnderAnotherNameCountsAsStarted() {
    Task task = task(ConcurrencyPolicy.Allow);
    // Named as pods were before their names held the Task's uid: an operator upgraded mid-pass finds it still.
    Pod earlier = RunPodFactory.build(task, FIRST);
    earlier.getMetadata().setName("etl-0123456789");
    cluster.create(earlier);

    launcher.launch(task, FIRST, cluster);

    assertEquals(1, cluster.pods().size());
    assertEquals(List.of(), reasons());
  }

  @Test
  void forbidSkipsATriggerWhileARunIsInFlightAndSaysWhich() {
    Task task = task(ConcurrencyPolicy.Forbid);
    launcher.launch(task, FIRST, cluster);
    String running = cluster.pods().get(0).getMetadata().getName();

    launcher.launch(task, SECOND, cluster);

    assertEquals(1, cluster.pods().size());
    InMemoryCluster.RecordedEvent skipped = cluster.events().get(1);
    assertEquals("TriggerSkipped", skipped.reason());
    assertEquals("Warning", skipped.type());
    assertEquals("Skipped the fire of nightly (workflow run " + SECOND.workflowRun() + "): run " + running
        + " is still in flight and concurrencyPolicy is Forbid", skipped.message());
  }

  @Test
  void forbidStartsTheNextRunOnceThePreviousFinished() {
    Task task = task(ConcurrencyPolicy.Forbid);
    launcher.launch(task, FIRST, cluster);
    cluster.finish("orca-test", cluster.pods().get(0).getMetadata().getName(), 0, "");

    launcher.launch(task, SECOND, cluster);

    assertEquals(2, cluster.pods().size());
    assertEquals(List.of("RunStarted", "RunStarted"), reasons());
  }

  @Test
  void allowStartsASecondRunBesideTheFirst() {
    Task task = task(ConcurrencyPolicy.Allow);
    launcher.launch(task, FIRST, cluster);

    launcher.launch(task, SECOND, cluster);

    assertEquals(2, cluster.pods().size());
    cluster.pods().forEach(p -> assertNull(p.getMetadata().getDeletionTimestamp(), p.getMetadata().getName()));
  }

  @Test
  void replaceStopsTheRunningRunAndStartsTheNewOne() {
    Task task = task(ConcurrencyPolicy.Replace);
    launcher.launch(task, FIRST, cluster);
    String first = cluster.pods().get(0).getMetadata().getName();
    cluster.start("orca-test", first);

    launcher.launch(task, SECOND, cluster);

    Pod stopped = cluster.pod("orca-test", first).orElseThrow();
    assertNotNull(stopped.getMetadata().getDeletionTimestamp(), "the replaced run is being deleted");
    assertEquals(2, cluster.pods().size());
    assertEquals(List.of("RunStarted", "RunReplaced", "RunStarted"), reasons());
  }

  @Test
  void theRunOfAnEarlierTaskOfTheSameNameDoesNotStandForThisTasksRun() {
    launcher.launch(task(ConcurrencyPolicy.Forbid, "uid-earlier"), FIRST, cluster);
    String earlier = cluster.pods().get(0).getMetadata().getName();

    launcher.launch(task(ConcurrencyPolicy.Forbid, "uid-again"), FIRST, cluster);

    Pod run = cluster.pods().stream().filter(p -> !p.getMetadata().getName().equals(earlier)).findFirst()
        .orElseThrow(() -> new AssertionError("no run beside " + earlier + ": " + cluster.pods()));
    assertEquals("uid-again", run.getMetadata().getOwnerReferences().get(0).getUid());
  }

  @Test
  void aPodHoldingTheRunsNameThatTheTaskDoesNotOwnIsNotTakenForItsRunAndSaysSo() {
    Task task = task(ConcurrencyPolicy.Forbid);
    Pod squatter = RunPodFactory.build(task, FIRST);
    squatter.getMetadata().getOwnerReferences().get(0).setUid("uid-someone-else");
    cluster.create(squatter);

    launcher.launch(task, FIRST, cluster);

    assertEquals(List.of(squatter.getMetadata().getName()),
        cluster.pods().stream().map(p -> p.getMetadata().getName()).toList());
    InMemoryCluster.RecordedEvent taken = cluster.events().get(0);
    assertEquals(List.of("Warning", "RunNameTaken"), List.of(taken.type(), taken.reason()));
    assertEquals("Not started on the fire of nightly (workflow run " + FIRST.workflowRun() + "): its pod name "
        + squatter.getMetadata().getName()
        + " is taken by a pod that is not this Task's (controller: Task etl, uid uid-someone-else)", taken.message());
  }
}
