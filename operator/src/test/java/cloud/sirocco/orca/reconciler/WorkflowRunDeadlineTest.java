package cloud.sirocco.orca.reconciler;

import static cloud.sirocco.orca.testing.Workflows.ignitor;
import static cloud.sirocco.orca.testing.Workflows.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.deadline.SuccessDeadlines;
import cloud.sirocco.orca.model.SuccessDeadline;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.names.RunNames;
import cloud.sirocco.orca.run.RunLauncher;
import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A report downstream of a nightly Ignitor must succeed within 2h of each fire, in the workflow run it began. */
class WorkflowRunDeadlineTest {

  private final ConvergerHarness h = new ConvergerHarness();
  private Instant firstFire;

  @BeforeEach
  void givenAReportThatMustSucceedWithinTwoHoursOfTheNightlyFire() {
    firstFire = h.cluster.now();
    h.with(ignitor("nightly", "0 0 * * *").build());
    h.with(task("extract").startOnIgnition("nightly").image("busybox:1.36").createdAt(firstFire));
    h.with(task("report").startOnSuccess("extract").image("busybox:1.36").createdAt(firstFire));
    SuccessDeadline deadline = new SuccessDeadline();
    deadline.setWithinWorkflowRun("2h");
    deadline.setActions(List.of("page"));
    h.task("report").getSpec().setSuccessDeadline(deadline);
  }

  @Test
  void isOverdueOnceWhenTheWorkflowRunHasNoSuccessOfTheTaskInTime() {
    Pod report = nightlyRun(firstFire, 1);
    String workflowRun = RunNames.workflowRunOf(report);

    assertEquals(Optional.of(firstFire.plus(Duration.ofHours(2))), h.pass("report").revisit(),
        "back when the fire's window ends");
    h.cluster.advance(Duration.ofHours(2));
    h.pass("report");
    h.pass("report");

    TaskStatus status = h.status("report");
    assertEquals("True", ConvergerHarness.overdueCondition(status).getStatus());
    assertTrue(ConvergerHarness.overdueCondition(status).getMessage().contains("workflow run " + workflowRun), ConvergerHarness.overdueCondition(status)::getMessage);
    assertEquals(List.of("No successful run in workflow run " + workflowRun + ", begun by the fire of Ignitor"
        + " nightly at 2026-01-01T00:00:00Z: the Task must succeed within 2h of the fire, and was due by"
        + " 2026-01-01T02:00:00Z"), h.events(SuccessDeadlines.OVERDUE).stream().map(e -> e.message()).toList());
    assertEquals(List.of("report-overdue-" + workflowRun + " Overdue [page]"), h.actions.notified());
    assertEquals(List.of(workflowRun), h.actions.standIns().stream().map(RunNames::workflowRunOf).toList(),
        "the notice belongs to the late workflow run");
  }

  @Test
  void isNotOverdueWhenTheWorkflowRunSucceedsInTime() {
    nightlyRun(firstFire, 0);
    h.cluster.advance(Duration.ofHours(3));

    h.pass("report");

    assertEquals("False", ConvergerHarness.overdueCondition(h.status("report")).getStatus());
    assertEquals(0, h.events(SuccessDeadlines.OVERDUE).size());
    assertEquals(List.of(), h.actions.notified());
  }

  @Test
  void aRestartedOperatorNeitherRepeatsNorLosesTheNotice() {
    nightlyRun(firstFire, 1);
    h.cluster.advance(Duration.ofHours(2));
    h.pass("report");

    TaskConverger restarted = new TaskConverger(h.cluster, new RunLauncher(h.cluster, new SimpleMeterRegistry()),
        h.actions, new SimpleMeterRegistry());
    h.persist("report", restarted.converge(h.task("report"), h.cluster, Map.of(), h.namespace, h.cluster.now(), () -> {}));

    assertEquals("True", ConvergerHarness.overdueCondition(h.status("report")).getStatus());
    assertEquals(1, h.events(SuccessDeadlines.OVERDUE).size(), "one Warning Event per episode");
    assertEquals(1, h.actions.notified().size(), "one page per episode");
  }

  @Test
  void aNewFireStartsANewWindowWhoseSuccessEndsTheEpisode() {
    Instant secondFire = overdueUntilTheNextNight();

    Pod report = nightlyRun(secondFire, 0);
    TaskConverger.Outcome outcome = h.pass("report");

    assertEquals(Optional.of(secondFire.plus(Duration.ofHours(2))), outcome.revisit());
    assertEquals("False", ConvergerHarness.overdueCondition(h.status("report")).getStatus());
    assertEquals(report.getMetadata().getName(), h.status("report").getOverdueWorkflowRuns().get(0).getRecoveredBy());
    assertEquals(1, h.events("OverdueEnded").size());
    assertEquals(2, h.actions.notified().size(), "the page, then its recovery");
    assertTrue(h.actions.notified().get(1).contains(" Recovered [page]"), h.actions.notified()::toString);
  }

  @Test
  void aNewFireLateAgainIsAnotherEpisodeWithItsOwnNotice() {
    Instant secondFire = overdueUntilTheNextNight();

    String second = RunNames.workflowRunOf(nightlyRun(secondFire, 1));
    h.cluster.advance(Duration.ofHours(2));
    h.pass("report");

    assertEquals(2, h.events(SuccessDeadlines.OVERDUE).size());
    assertEquals("report-overdue-" + second + " Overdue [page]", h.actions.notified().get(1));
    assertEquals(List.of(second), h.status("report").getOverdueWorkflowRuns().stream()
        .map(e -> e.getWorkflowRun()).toList(), "one episode kept per Ignitor");
  }

  @Test
  void aTaskNoLongerDownstreamOfTheIgnitorEndsItsEpisodeAndForgetsItsFires() {
    nightlyRun(firstFire, 1);
    h.cluster.advance(Duration.ofHours(2));
    h.pass("report");

    h.task("report").getSpec().setStartOnSuccess(List.of());
    h.task("report").getSpec().setStartOnIgnition(List.of());
    h.pass("report");

    TaskStatus status = h.status("report");
    assertEquals("False", ConvergerHarness.overdueCondition(status).getStatus());
    assertEquals(List.of(), status.getOverdueWorkflowRuns());
    assertEquals(Map.of(), status.getJudgedWorkflowRuns());
    assertEquals(1, h.events("OverdueEnded").size());
    assertEquals(1, h.actions.notified().size(), "nothing recovered: no recovery notice");
  }

  @Test
  void theIgnitorsFiresWakeTheTasksDownstreamWhoseDeadlineTheyStart() {
    h.with(task("archive").startOnFailure("report").image("busybox:1.36"));

    assertEquals(Set.of("report"), SuccessDeadlines.awaitingFiresOf("nightly", h.namespace::tasksTriggeredBy).stream()
        .map(t -> t.getMetadata().getName()).collect(Collectors.toSet()));
  }

  /** The first night's report fails and is overdue; returns the next night's fire, now. */
  private Instant overdueUntilTheNextNight() {
    nightlyRun(firstFire, 1);
    h.cluster.advance(Duration.ofHours(2));
    h.pass("report");
    Instant secondFire = firstFire.plus(Duration.ofDays(1));
    h.cluster.advance(Duration.between(h.cluster.now(), secondFire));
    return secondFire;
  }

  /** The Ignitor fires at {@code time}; extract succeeds, and starts the report, which ends with {@code exitCode}. */
  private Pod nightlyRun(Instant time, int exitCode) {
    h.fire("nightly", time.toString());
    h.pass("extract");
    h.run(h.latestRun("extract"), Duration.ofMinutes(5), 0, "");
    h.pass("extract");
    h.pass("report");
    Pod report = h.latestRun("report");
    h.run(report, Duration.ofMinutes(5), exitCode, "");
    h.pass("report");
    return report;
  }
}
