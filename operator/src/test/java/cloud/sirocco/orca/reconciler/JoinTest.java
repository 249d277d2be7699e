package cloud.sirocco.orca.reconciler;

import static cloud.sirocco.orca.reconciler.ConvergerHarness.env;
import static cloud.sirocco.orca.reconciler.ConvergerHarness.names;
import static cloud.sirocco.orca.testing.Workflows.ignitor;
import static cloud.sirocco.orca.testing.Workflows.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.ConcurrencyPolicy;
import cloud.sirocco.orca.model.Incident;
import cloud.sirocco.orca.model.JoinRecord;
import cloud.sirocco.orca.names.RunNames;
import cloud.sirocco.orca.status.Incidents;
import cloud.sirocco.orca.testing.Workflows;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** AND-joins (startOnAllSucceeded): once per workflow run, with every upstream's message, or closed. */
class JoinTest {

  private static final String FIRE = "2026-01-01T00:00:00.250Z";
  private final ConvergerHarness h = new ConvergerHarness();

  /** ignitor1 starts a, b and c; join starts when all three succeeded in one workflow run. */
  private void givenJoin(Workflows.TaskBuilder join) {
    h.with(ignitor("ignitor1", "NOW").build())
        .with(task("a").startOnIgnition("ignitor1").concurrencyPolicy(ConcurrencyPolicy.Allow).image("busybox:1.36"),
            task("b").startOnIgnition("ignitor1").concurrencyPolicy(ConcurrencyPolicy.Allow).image("busybox:1.36"),
            task("c").startOnIgnition("ignitor1").concurrencyPolicy(ConcurrencyPolicy.Allow).image("busybox:1.36"),
            join.startOnAllSucceeded("a", "b", "c").image("busybox:1.36"));
  }

  private void fire(String time) {
    h.fire("ignitor1", time);
    List.of("a", "b", "c").forEach(h::pass);
  }

  /** Runs the upstream's latest run to its end and hands it on, then lets the join look. */
  private void finish(String upstream, int exitCode, String message) {
    h.run(h.latestRun(upstream), Duration.ofSeconds(5), exitCode, message);
    h.pass(upstream);
    h.pass("join");
  }

  /** The notices the Task's runs and stand-ins carried, by name. */
  private Map<String, Incidents.Notice> noticesOf(String task) {
    return h.actions.notices().entrySet().stream().filter(e -> e.getKey().startsWith(task + "-"))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private JoinRecord onlyJoin() {
    List<JoinRecord> joins = h.status("join").getJoins();
    assertEquals(1, joins.size(), () -> "joins: " + joins.stream().map(JoinRecord::getWorkflowRun).toList());
    return joins.get(0);
  }

  @Test
  void startsOnceWhenAllThreeSucceededWithEveryMessage() {
    givenJoin(task("join"));
    fire(FIRE);
    String workflowRun = h.latestRun("a").getMetadata().getLabels().get(RunNames.WORKFLOW_RUN_LABEL);

    finish("a", 0, "out-a");
    finish("b", 0, "");
    assertEquals(List.of(), h.runs("join"), "two of three succeeded");
    assertEquals(JoinRecord.WAITING, onlyJoin().getState());
    finish("c", 0, "out-c");
    h.pass("join");

    Pod run = h.onlyRun("join");
    Map<String, String> env = env(run);
    assertEquals("{\"a\":\"out-a\",\"b\":\"\",\"c\":\"out-c\"}", env.get("ORCA_DATA"));
    assertEquals("out-a", env.get("ORCA_DATA_A"));
    assertEquals("", env.get("ORCA_DATA_B"));
    assertEquals("out-c", env.get("ORCA_DATA_C"));
    assertEquals("a,b,c", env.get("ORCA_INITIATOR"));
    assertEquals(workflowRun, env.get("ORCA_WORKFLOW_RUN"));
    assertEquals("Join", run.getMetadata().getLabels().get(RunNames.TRIGGER_LABEL));
    assertEquals("a.b.c", run.getMetadata().getLabels().get(RunNames.INITIATOR_LABEL));
    JoinRecord join = onlyJoin();
    assertEquals(JoinRecord.STARTED, join.getState());
    assertEquals(run.getMetadata().getName(), join.getRun());
  }

  @Test
  void aJoinStartedByAPassWhoseStatusWasLostIsFoundNotStartedAgain() {
    givenJoin(task("join"));
    fire(FIRE);
    finish("a", 0, "");
    finish("b", 0, "");
    h.run(h.latestRun("c"), Duration.ofSeconds(5), 0, "");
    h.pass("c");

    h.decide("join");
    h.pass("join");

    assertEquals(1, h.runs("join").size(), () -> "runs: " + names(h.runs("join")));
    assertEquals(h.onlyRun("join").getMetadata().getName(), onlyJoin().getRun());
  }

  @Test
  void aJoinThatCompletedInTimeStartsAfterALongOutage() {
    givenJoin(task("join").joinTimeoutSeconds(60));
    fire(FIRE);
    for (String upstream : List.of("a", "b", "c")) {
      h.run(h.latestRun(upstream), Duration.ofSeconds(5), 0, "");
      h.pass(upstream);
    }

    h.cluster.advance(Duration.ofMinutes(1));
    h.pass("join");

    assertEquals(1, h.runs("join").size());
    assertEquals(List.of(), h.events("JoinClosed"));
  }

  @Test
  void anUpstreamThatFailedForGoodClosesTheJoinOnceAndItDoesNotStart() {
    givenJoin(task("join"));
    fire(FIRE);
    finish("a", 0, "");
    finish("c", 2, "no data");
    finish("b", 0, "");
    h.pass("join");

    assertEquals(List.of(), h.runs("join"));
    assertEquals(1, h.events("JoinClosed").size(), () -> "events: " + h.events("JoinClosed"));
    assertTrue(h.events("JoinClosed").get(0).message().contains("of c failed"), h.events("JoinClosed").toString());
    assertEquals(JoinRecord.CLOSED, onlyJoin().getState());
    assertTrue(onlyJoin().getReason().startsWith("UpstreamFailed"), onlyJoin().getReason());
  }

  @Test
  void aFailureThatARetryLoopRunsAgainKeepsTheJoinWaitingUntilTheRetrySucceeds() {
    h.with(task("c2").startOnFailure("c").image("busybox:1.36"));
    givenJoin(task("join"));
    h.namespace.put(task("c").startOnIgnition("ignitor1").startOnFailure("c").retryBackoffSeconds(1)
        .image("busybox:1.36").build());
    fire(FIRE);
    finish("a", 0, "");
    finish("b", 0, "");
    finish("c", 1, "flaky");
    assertEquals(JoinRecord.WAITING, onlyJoin().getState());

    h.cluster.advance(Duration.ofSeconds(2));
    h.pass("c");
    finish("c", 0, "second time");

    assertEquals("second time", env(h.onlyRun("join")).get("ORCA_DATA_C"));
    assertEquals(List.of(), h.events("JoinClosed"));
  }

  @Test
  void aJoinNotCompleteWithinItsTimeoutClosesAndRunsTheFailureActionsWhenAskedTo() {
    givenJoin(task("join").joinTimeoutSeconds(60).failureActions("page").failureActionsOnJoinClosed());
    fire(FIRE);
    finish("a", 0, "");
    Instant opened = h.cluster.now();

    TaskConverger.Outcome waiting = h.pass("join");
    assertEquals(opened.plusSeconds(60), waiting.revisit().orElseThrow());
    h.cluster.advance(Duration.ofSeconds(60));
    h.pass("join");
    finish("b", 0, "");
    finish("c", 0, "");

    assertEquals(List.of(), h.runs("join"));
    assertEquals(1, h.events("JoinClosed").size());
    assertTrue(onlyJoin().getReason().startsWith("Timeout: b, c did not succeed"), onlyJoin().getReason());
    assertEquals(1, h.actions.notified().size(), () -> "notified: " + h.actions.notified());
    assertTrue(h.actions.notified().get(0).endsWith("JoinClosed [page]"), h.actions.notified().get(0));
  }

  @Test
  void aClosedJoinsNoticeStandsInForARunOfTheJoinInItsWorkflowRun() {
    givenJoin(task("join").joinTimeoutSeconds(60).failureActions("page").failureActionsOnJoinClosed());
    fire(FIRE);
    String workflowRun = h.latestRun("a").getMetadata().getLabels().get(RunNames.WORKFLOW_RUN_LABEL);
    finish("a", 0, "");
    h.cluster.advance(Duration.ofSeconds(60));

    h.pass("join");

    Pod standIn = h.actions.standIns().get(0);
    // Its name and uid key the notice's idempotency and dispatch: the same after a restart.
    assertEquals(List.of(RunNames.podName("join", "uid-task-join", "join-closed/" + workflowRun),
        "uid-task-join/join-closed/" + workflowRun), List.of(standIn.getMetadata().getName(),
        standIn.getMetadata().getUid()));
    assertEquals(Map.of(RunNames.TASK_LABEL, "join", RunNames.INITIATOR_LABEL, "startOnAllSucceeded",
        RunNames.WORKFLOW_RUN_LABEL, workflowRun), standIn.getMetadata().getLabels());
  }

  @Test
  void aClosedJoinThatNotifiesOpensAnIncidentAndARepeatedClosureCarriesNoNotice() {
    givenJoin(task("join").failureActions("page").onChangeAction("page", "log").failureActionsOnJoinClosed());
    fire(FIRE);
    finish("a", 2, "no data");
    fire("2026-01-01T00:10:00.000Z");
    finish("a", 2, "no data again");
    fire("2026-01-01T00:20:00.000Z");
    List.of("a", "b", "c").forEach(u -> finish(u, 0, ""));
    Pod joined = h.onlyRun("join");
    h.run(joined, Duration.ofSeconds(5), 0, "");
    h.pass("join");

    List<String> closures = h.actions.standIns().stream().map(p -> p.getMetadata().getName()).toList();
    assertEquals(2, closures.size(), () -> "notified: " + h.actions.notified());
    Incident incident = h.status("join").getIncident();
    assertEquals(closures.get(0), incident.getOpenedBy());
    assertEquals(2, incident.getFailures());
    assertEquals(joined.getMetadata().getName(), incident.getRecoveredBy());
    Instant since = Instant.parse(incident.getSince());
    assertEquals(Map.of(closures.get(0), new Incidents.Notice(since, 1, false),
        joined.getMetadata().getName(), new Incidents.Notice(since, 2, true)), noticesOf("join"),
        "the first closure opens the incident, the second repeats it, the joined run's success ends it");
  }

  @Test
  void aClosedJoinThatDoesNotNotifyOpensNoIncident() {
    givenJoin(task("join").failureActions("page").onChangeAction("page", "log"));
    fire(FIRE);
    finish("a", 2, "no data");

    assertEquals(JoinRecord.CLOSED, onlyJoin().getState());
    assertNull(h.status("join").getIncident(), "an incident nobody was told of would silence the next failure");
  }

  @Test
  void twoOverlappingWorkflowRunsNeverMixTheirUpstreams() {
    givenJoin(task("join").concurrencyPolicy(ConcurrencyPolicy.Allow));
    fire(FIRE);
    String first = h.latestRun("a").getMetadata().getLabels().get(RunNames.WORKFLOW_RUN_LABEL);
    finish("a", 0, "a1");
    finish("b", 0, "b1");
    fire("2026-01-01T00:10:00.000Z");
    String second = h.latestRun("a").getMetadata().getLabels().get(RunNames.WORKFLOW_RUN_LABEL);
    finish("c", 0, "c2");
    finish("a", 0, "a2");
    assertEquals(List.of(), h.runs("join"), "c and a of the second, a and b of the first: no workflow run has all");
    finish("b", 0, "b2");

    Pod run = h.onlyRun("join");
    assertEquals(second, env(run).get("ORCA_WORKFLOW_RUN"));
    assertEquals("{\"a\":\"a2\",\"b\":\"b2\",\"c\":\"c2\"}", env(run).get("ORCA_DATA"));
    h.run(h.runs("c").get(0), Duration.ofSeconds(5), 0, "c1");
    h.pass("c");
    h.pass("join");
    assertEquals(2, h.runs("join").size());
    assertTrue(h.runs("join").stream().anyMatch(p -> first.equals(env(p).get("ORCA_WORKFLOW_RUN"))
        && "{\"a\":\"a1\",\"b\":\"b1\",\"c\":\"c1\"}".equals(env(p).get("ORCA_DATA"))));
  }

  @Test
  void aJoinIsForgottenOnceNoUpstreamRecordNamesItsWorkflowRun() {
    givenJoin(task("join").concurrencyPolicy(ConcurrencyPolicy.Allow));
    fire(FIRE);
    finish("a", 0, "");
    finish("b", 0, "");
    finish("c", 0, "");
    for (int i = 1; i <= 10; i++) {
      fire(Instant.parse(FIRE).plus(Duration.ofMinutes(i)).toString());
      List.of("a", "b", "c").forEach(u -> finish(u, 0, ""));
    }
    // A run's record is trimmed once it is handed on, by the pass after.
    List.of("a", "b", "c", "join").forEach(h::pass);

    assertEquals(10, h.status("join").getJoins().size(), "the first workflow run's records are trimmed");
    assertEquals(11, h.runs("join").size(), "each workflow run joined once");
  }
}
