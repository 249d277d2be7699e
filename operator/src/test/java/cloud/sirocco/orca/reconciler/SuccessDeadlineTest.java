package cloud.sirocco.orca.reconciler;

import static cloud.sirocco.orca.testing.Workflows.ignitor;
import static cloud.sirocco.orca.testing.Workflows.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.deadline.SuccessDeadlines;
import cloud.sirocco.orca.model.SuccessDeadline;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.names.RunNames;
import cloud.sirocco.orca.testing.Workflows;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SuccessDeadlineTest {

  private final ConvergerHarness h = new ConvergerHarness();
  private Instant created;

  @BeforeEach
  void givenATaskThatMustSucceedWithinAMinute() {
    created = h.cluster.now();
    Task task = task("sync").startOnIgnition("trigger").image("busybox:1.36").createdAt(created).build();
    SuccessDeadline deadline = new SuccessDeadline();
    deadline.setWithin("60s");
    deadline.setActions(List.of("page"));
    task.getSpec().setSuccessDeadline(deadline);
    h.namespace.put(task);
    h.with(ignitor("trigger", "NOW").build());
  }

  @Test
  void isNotOverdueBeforeItsPeriodAndComesBackWhenItEnds() {
    h.cluster.advance(Duration.ofSeconds(30));

    TaskConverger.Outcome outcome = h.pass("sync");

    assertEquals(Optional.of(created.plusSeconds(60)), outcome.revisit());
    Condition overdue = ConvergerHarness.overdueCondition(h.status("sync"));
    assertEquals("False", overdue.getStatus());
    assertEquals("The next successful run is due by 2026-01-01T00:01:00Z (within 60s)", overdue.getMessage());
    assertEquals(List.of(), h.actions.notified());
  }

  @Test
  void becomesOverdueOnceWhenItsPeriodPassesWithoutSuccessHoweverManyPassesFollow() {
    h.cluster.advance(Duration.ofSeconds(61));

    h.pass("sync");
    h.cluster.advance(Duration.ofMinutes(10));
    h.pass("sync");
    h.pass("sync");

    TaskStatus status = h.status("sync");
    assertEquals("True", ConvergerHarness.overdueCondition(status).getStatus());
    assertEquals("NoSuccessInTime", ConvergerHarness.overdueCondition(status).getReason());
    assertEquals("2026-01-01T00:01:00Z", status.getOverdue().getSince());
    assertEquals(1, h.events(SuccessDeadlines.OVERDUE).size(), "one Warning Event per episode");
    assertEquals(List.of("sync-overdue-1767225660 Overdue [page]"), h.actions.notified());
  }

  @Test
  void aSuccessEndsTheEpisodeAndNotifiesItsRecoveryOnce() {
    h.fire("trigger", "2026-01-01T00:00:00Z");
    h.cluster.advance(Duration.ofSeconds(61));
    h.pass("sync");
    Pod run = h.onlyRun("sync");
    h.run(run, Duration.ofSeconds(5), 0, "");

    TaskConverger.Outcome outcome = h.pass("sync");
    h.pass("sync");

    TaskStatus status = h.status("sync");
    assertEquals("False", ConvergerHarness.overdueCondition(status).getStatus());
    assertEquals(run.getMetadata().getName(), status.getOverdue().getRecoveredBy());
    assertEquals(List.of("sync-overdue-1767225660 Overdue [page]", "sync-recovered-1767225660 Recovered [page]"),
        h.actions.notified());
    assertEquals(1, h.events("OverdueEnded").size());
    assertEquals(Optional.of(Instant.parse(status.getLastSuccess()).plusSeconds(60)), outcome.revisit());
  }

  @Test
  void aDeadlineRemovedWhileOverdueEndsTheEpisodeSoThatOneAddedBackPagesAgain() {
    h.cluster.advance(Duration.ofSeconds(61));
    h.pass("sync");
    SuccessDeadline deadline = h.task("sync").getSpec().getSuccessDeadline();
    h.task("sync").getSpec().setSuccessDeadline(null);

    h.pass("sync");
    assertEquals(null, h.status("sync").getOverdue());
    assertEquals(1, h.events("OverdueEnded").size());

    h.cluster.advance(Duration.ofMinutes(5));
    h.task("sync").getSpec().setSuccessDeadline(deadline);
    h.pass("sync");
    h.pass("sync");

    assertEquals(2, h.events(SuccessDeadlines.OVERDUE).size(), "the new episode has its Warning Event");
    assertEquals(2, h.actions.notified().stream().filter(n -> n.contains(" Overdue ")).count(), "and its page");
  }

  @Test
  void aNoticeTellsItsActionsItBelongsToNoWorkflowRun() {
    h.cluster.advance(Duration.ofSeconds(61));

    h.pass("sync");

    assertEquals(List.of(""), h.actions.standIns().stream().map(RunNames::workflowRunOf).toList());
  }

  @Test
  void aNoticeStandsInForARunOfTheTaskKeyedByItsEpisode() {
    h.cluster.advance(Duration.ofSeconds(61));

    h.pass("sync");

    Pod standIn = h.actions.standIns().get(0);
    assertEquals(List.of("sync-overdue-1767225660", "uid-task-sync/overdue/1767225660", Workflows.NAMESPACE),
        List.of(standIn.getMetadata().getName(), standIn.getMetadata().getUid(),
            standIn.getMetadata().getNamespace()));
    assertEquals(Map.of(RunNames.TASK_LABEL, "sync", RunNames.INITIATOR_LABEL, "successDeadline",
        RunNames.WORKFLOW_RUN_LABEL, ""), standIn.getMetadata().getLabels());
  }

  @Test
  void theGaugeCountsTheTasksOverdueNowFromZero() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    SuccessDeadlines deadlines = new SuccessDeadlines(h.cluster, h.actions, meters);
    assertEquals(0, meters.get(SuccessDeadlines.GAUGE).gauge().value(), "registered before any Task is overdue");
    Task task = TaskConverger.withDefaults(h.task("sync"));
    TaskStatus status = new TaskStatus();

    deadlines.converge(task, status, h.namespace, created.plusSeconds(61), () -> {});
    assertEquals(1, meters.get(SuccessDeadlines.GAUGE).gauge().value());

    deadlines.forget(task);
    assertEquals(0, meters.get(SuccessDeadlines.GAUGE).gauge().value());
  }

  @Test
  void prometheusScrapesTheGaugeAsOrcaTasksOverdueFromTheStart() {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    new SuccessDeadlines(h.cluster, h.actions, meters);

    assertTrue(meters.scrape().lines().anyMatch(line -> line.equals("orca_tasks_overdue 0.0")), meters.scrape());
  }

  @Test
  void aTaskWithoutADeadlineHasNoOverdueCondition() {
    h.task("sync").getSpec().setSuccessDeadline(null);

    h.pass("sync");

    assertTrue(h.status("sync").getConditions().stream().noneMatch(c -> c.getType().equals("Overdue")));
  }
}
