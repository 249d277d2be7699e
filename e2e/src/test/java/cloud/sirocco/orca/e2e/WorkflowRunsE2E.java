package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.names.RunNames;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two fires of one Ignitor run examples/workflow-runs.yaml twice side by side: each execution is its own workflow
 * run, which {@code kubectl get pods -l orca.sirocco.cloud/workflow-run=<id>} lists alone, whose id the containers
 * get and the actions report.
 */
class WorkflowRunsE2E {

  private static LiveCluster cluster;
  private static LoopbackReceiver receiver;

  @BeforeAll
  static void startReceiverAndApply() throws IOException {
    cluster = new LiveCluster("e2e-workflow-runs");
    receiver = new LoopbackReceiver();
    cluster.applyYaml(receiver.addressedHere(cluster.example("workflow-runs.yaml")));
  }

  @AfterAll
  static void cleanUp() {
    receiver.close();
    cluster.close();
  }

  @Test
  void twoFiresInFlightAtOnceAreTwoWorkflowRunsEachListedByItsLabel() {
    LiveCluster.await("the first fire's extract run", Duration.ofSeconds(60),
        () -> cluster.runs("extract").size() == 1);
    LiveCluster.Result patched = cluster.kubectl("patch", "ignitor", "nightly", "--type", "merge",
        "-p", "{\"spec\":{\"data\":\"batch-2\"}}");
    assertEquals(0, patched.exitCode(), patched.toString());
    List<Pod> loads = cluster.awaitFinishedRuns("load", 2, Duration.ofSeconds(120));
    List<Pod> extracts = cluster.runs("extract");
    assertEquals(2, extracts.size(), "one extract run per fire");
    assertTrue(overlap(extracts.get(0), extracts.get(1)), "the two workflow runs were in flight at once");

    Map<String, Pod> extractByRun = extracts.stream().collect(Collectors.toMap(RunNames::workflowRunOf,
        Function.identity()));
    assertEquals(2, extractByRun.size(), "two workflow runs: " + extractByRun.keySet());
    for (Pod load : loads) {
      String id = RunNames.workflowRunOf(load);
      Pod extract = extractByRun.get(id);
      assertEquals("run/" + extract.getMetadata().getName(), RunNames.annotation(load, RunNames.CAUSE_ANNOTATION),
          "load inherits the workflow run of the extract run that started it");

      LiveCluster.Result listed = cluster.kubectl("get", "pods", "-l", RunNames.WORKFLOW_RUN_LABEL + "=" + id,
          "-o", "name");
      assertEquals(0, listed.exitCode(), listed.toString());
      assertEquals(Set.of("pod/" + extract.getMetadata().getName(), "pod/" + load.getMetadata().getName()),
          Set.copyOf(Arrays.asList(listed.out().strip().split("\n"))), "kubectl get pods -l for " + id);

      assertEquals(id, LiveCluster.env(load, "ORCA_WORKFLOW_RUN"));
      assertEquals(id, LiveCluster.terminationMessage(load), "the container read ORCA_WORKFLOW_RUN");
    }

    LiveCluster.await("both runs' notify actions", Duration.ofSeconds(60), () -> notices().size() >= 2);
    List<String> requests = notices();
    for (Pod load : loads) {
      String expected = "{\"text\": \"Task load SUCCEEDED in workflow run " + RunNames.workflowRunOf(load)
          + " (run " + load.getMetadata().getName() + ")\"}";
      assertEquals(1, requests.stream().filter(expected::equals).count(), expected + " in " + requests);
    }
    LiveCluster.await("load's status to record both workflow runs", Duration.ofSeconds(30),
        () -> cluster.task("load").getStatus().getRuns().stream().map(r -> r.getWorkflowRun())
            .collect(Collectors.toSet()).equals(extractByRun.keySet()));
    String events = cluster.kubectl("get", "events", "--field-selector", "involvedObject.name=load",
        "-o", "custom-columns=MESSAGE:.message").out();
    extractByRun.keySet().forEach(id -> assertTrue(events.contains("(workflow run " + id + ")"), events));
  }

  /** The bodies the notify actions posted, in the order they came. */
  private static List<String> notices() {
    return receiver.from(cluster.namespace).stream().map(LoopbackReceiver.Request::body).toList();
  }

  /** Whether the two runs' containers ran at the same time for a while. */
  private static boolean overlap(Pod a, Pod b) {
    return started(a).isBefore(finished(b)) && started(b).isBefore(finished(a));
  }

  private static Instant started(Pod pod) {
    return Instant.parse(terminated(pod).getStartedAt());
  }

  private static Instant finished(Pod pod) {
    return Instant.parse(terminated(pod).getFinishedAt());
  }

  private static ContainerStateTerminated terminated(Pod pod) {
    return pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
  }
}
