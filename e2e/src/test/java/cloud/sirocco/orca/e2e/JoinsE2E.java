package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.JoinRecord;
import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.names.RunNames;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * AND-joins on the real cluster: examples/and-join.yaml's report starts once per workflow run with its three
 * upstreams' messages, with two workflow runs in flight at once and the operator SIGKILLed after two upstreams
 * succeeded in both and before the third ended; a join whose upstream failed closes with its Event.
 */
class JoinsE2E {

  private static final Duration RUNS = Duration.ofSeconds(90);

  @Test
  void eachWorkflowRunJoinsItsOwnThreeUpstreamsOnceAlsoWithTheOperatorKilledBeforeTheLastEnds() {
    try (LiveCluster cluster = new LiveCluster("e2e-joins")) {
      cluster.apply(cluster.example("and-join.yaml"));
      LiveCluster.await("the first fire's prices run", RUNS, () -> cluster.runs("prices").size() == 1);
      LiveCluster.Result patched = cluster.kubectl("patch", "ignitor", "nightly", "--type", "merge",
          "-p", "{\"spec\":{\"data\":\"day-2\"}}");
      assertEquals(0, patched.exitCode(), patched.toString());
      LiveCluster.await("sales and stock to succeed in both workflow runs", RUNS,
          () -> succeeded(cluster, "sales") == 2 && succeeded(cluster, "stock") == 2);

      try {
        assertEquals(0, succeeded(cluster, "prices"), "killed before the third upstream ended");
        LiveCluster.Result killed = cluster.orca("kill-operator");
        assertEquals(0, killed.exitCode(), killed.toString());
        cluster.awaitFinishedRuns("prices", 2, RUNS);
      } finally {
        LiveCluster.Result started = cluster.orca("start-operator");
        assertEquals(0, started.exitCode(), started.toString());
      }

      List<Pod> reports = cluster.awaitFinishedRuns("report", 2, RUNS);
      LiveCluster.await("report's status to record both joins Started", RUNS, () -> joins(cluster).stream()
          .filter(j -> JoinRecord.STARTED.equals(j.getState())).count() == 2);
      assertEquals(2, cluster.runs("report").size(), "one report run per workflow run");
      Set<String> workflowRuns = cluster.runs("prices").stream().map(RunNames::workflowRunOf)
          .collect(Collectors.toSet());
      assertEquals(workflowRuns, reports.stream().map(RunNames::workflowRunOf).collect(Collectors.toSet()));
      for (Pod report : reports) {
        String id = RunNames.workflowRunOf(report);
        String day = LiveCluster.env(report, "ORCA_DATA").contains("day-1") ? "day-1" : "day-2";
        String expected = "{\"sales\":\"sales of " + day + " in " + id + "\",\"stock\":\"stock of " + day + " in "
            + id + "\",\"prices\":\"prices of " + day + " in " + id + "\"}";
        assertEquals(expected, LiveCluster.terminationMessage(report), "the container read ORCA_DATA");
        assertEquals("prices of " + day + " in " + id, LiveCluster.env(report, "ORCA_DATA_PRICES"));
        assertEquals("sales,stock,prices", LiveCluster.env(report, "ORCA_INITIATOR"));
      }
    }
  }

  @Test
  void aJoinWhoseUpstreamFailedClosesWithItsEventAndDoesNotStart() {
    try (LiveCluster cluster = new LiveCluster("e2e-join-closed")) {
      cluster.applyYaml(failingJoin());

      LiveCluster.await("the join to close", RUNS, () -> joins(cluster).stream()
          .anyMatch(j -> JoinRecord.CLOSED.equals(j.getState())));
      String events = cluster.kubectl("get", "events", "--field-selector",
          "involvedObject.name=report,reason=JoinClosed", "-o", "custom-columns=TYPE:.type,MESSAGE:.message").out();
      assertTrue(events.contains("Warning"), events);
      assertTrue(events.contains("of broken failed (Error) and is not retried"), events);
      assertTrue(joins(cluster).get(0).getReason().startsWith("UpstreamFailed"), joins(cluster).toString());
      assertEquals(List.of(), cluster.runs("report"));
    }
  }

  private static String failingJoin() {
    return """
        apiVersion: sirocco.cloud/v1alpha1
        kind: Ignitor
        metadata: {name: once}
        spec: {scheduled: "NOW"}
        ---
        apiVersion: sirocco.cloud/v1alpha1
        kind: Task
        metadata: {name: fine}
        spec:
          startOnIgnition: [once]
          template: {spec: {containers: [{name: fine, image: "busybox:1.36", command: ["true"]}]}}
        ---
        apiVersion: sirocco.cloud/v1alpha1
        kind: Task
        metadata: {name: broken}
        spec:
          startOnIgnition: [once]
          template: {spec: {containers: [{name: broken, image: "busybox:1.36", command: ["false"]}]}}
        ---
        apiVersion: sirocco.cloud/v1alpha1
        kind: Task
        metadata: {name: report}
        spec:
          startOnAllSucceeded: [fine, broken]
          template: {spec: {containers: [{name: report, image: "busybox:1.36", command: ["true"]}]}}
        """;
  }

  private static long succeeded(LiveCluster cluster, String task) {
    TaskStatus status = cluster.task(task).getStatus();
    return status == null ? 0 : status.getRuns().stream().map(RunRecord::getPhase).filter("Succeeded"::equals)
        .count();
  }

  private static List<JoinRecord> joins(LiveCluster cluster) {
    TaskStatus status = cluster.task("report").getStatus();
    return status == null ? List.of() : status.getJoins();
  }
}
