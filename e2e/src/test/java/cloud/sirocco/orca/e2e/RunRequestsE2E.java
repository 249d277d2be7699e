package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.RunRequest;
import cloud.sirocco.orca.model.RunRequestStatus;
import cloud.sirocco.orca.names.RunNames;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * examples/manual-runs.yaml driven by carol, who may create RunRequests (ClusterRole orca-run-requester) but not
 * change Tasks: a manual run with data starts load and its downstream report; a run that failed on its data is
 * replayed after a fix with the same data and initiator, in its workflow run, and report follows; carol cannot
 * patch the Task, a request's spec cannot be changed, and a request naming no Task is refused at admission.
 */
class RunRequestsE2E {

  private static LiveCluster cluster;

  @BeforeAll
  static void apply() {
    cluster = new LiveCluster("e2e-run-requests");
    cluster.apply(LiveCluster.ROOT.resolve("deploy/run-requester-role.yaml"));
    cluster.apply(cluster.manifest("run-requester-carol.yaml"));
    cluster.apply(cluster.example("manual-runs.yaml"));
  }

  @AfterAll
  static void cleanUp() {
    cluster.close();
  }

  @Test
  void carolRunsAndReplaysATaskSheCannotChange() {
    String good = asCarol(request("load", "\"data\": \"good\""));
    Pod goodReport = awaitOnlyRunIn("report", requestStatus(good).getWorkflowRun());
    assertEquals("loaded good in workflow run " + requestStatus(good).getWorkflowRun(),
        LiveCluster.terminationMessage(goodReport));
    assertTrue(requestStatus(good).getRun().startsWith("load-"), requestStatus(good).getRun());
    assertEquals("carol", RunNames.annotation(request(good), RunRequest.REQUESTED_BY_ANNOTATION));

    String bad = asCarol(request("load", "\"data\": \"bad\""));
    String failedRun = requestStatus(bad).getRun();
    LiveCluster.await("load's run " + failedRun + " to fail", Duration.ofSeconds(60),
        () -> cluster.task("load").getStatus().getRuns().stream()
            .anyMatch(r -> failedRun.equals(r.getName()) && "Failed".equals(r.getPhase())));

    String fixed = "[{\"op\": \"replace\", \"path\": \"/spec/template/spec/containers/0/env/0/value\", "
        + "\"value\": \"yes\"}]";
    LiveCluster.Result edit = cluster.kubectl("--as=carol", "patch", "task", "load", "--type=json", "-p", fixed);
    assertNotEquals(0, edit.exitCode(), edit.toString());
    assertTrue(edit.err().contains("forbidden"), edit.toString());
    LiveCluster.Result fix = cluster.kubectl("patch", "task", "load", "--type=json", "-p", fixed);
    assertEquals(0, fix.exitCode(), fix.toString());

    String replay = asCarol(request("load", "\"replay\": \"" + failedRun + "\""));
    String workflowRun = requestStatus(bad).getWorkflowRun();
    assertEquals(workflowRun, requestStatus(replay).getWorkflowRun(), "the replay continues the failed run's");
    Pod replayed = cluster.runs("load").stream()
        .filter(p -> p.getMetadata().getName().equals(requestStatus(replay).getRun())).findFirst().orElseThrow();
    assertEquals("bad", LiveCluster.env(replayed, "ORCA_DATA"));
    assertEquals(bad, LiveCluster.env(replayed, "ORCA_INITIATOR"), "the initiator the failed run was handed");
    Pod report = awaitOnlyRunIn("report", workflowRun);
    assertEquals("loaded bad in workflow run " + workflowRun, LiveCluster.terminationMessage(report));
    String events = cluster.kubectl("get", "events", "--field-selector", "involvedObject.name=" + replay,
        "-o", "custom-columns=MESSAGE:.message").out();
    assertTrue(events.contains("Replayed run " + failedRun) && events.contains("requested by carol"), events);
    LiveCluster.await("RunRequest " + replay + " to be owned by Task load, so that it goes with it",
        Duration.ofSeconds(30), () -> request(replay).getMetadata().getOwnerReferences().stream()
            .anyMatch(o -> "Task".equals(o.getKind()) && "load".equals(o.getName())));

    LiveCluster.Result changed = cluster.kubectl("patch", "runrequest", good, "--type=merge",
        "-p", "{\"spec\": {\"data\": \"other\"}}");
    assertNotEquals(0, changed.exitCode(), changed.toString());
    assertTrue(changed.err().contains("is immutable: a RunRequest runs once"), changed.toString());

    LiveCluster.Result unknown = cluster.kubectl("--as=carol", "create", "-f",
        LiveCluster.temporaryFile(request("lod", "")).toString());
    assertNotEquals(0, unknown.exitCode(), unknown.toString());
    assertTrue(unknown.err().contains("spec.task: Task \"lod\" does not exist"), unknown.toString());
  }

  private static String request(String task, String field) {
    return "{\"apiVersion\": \"sirocco.cloud/v1alpha1\", \"kind\": \"RunRequest\", \"metadata\": {\"generateName\": "
        + "\"" + task + "-\"}, \"spec\": {\"task\": \"" + task + "\"" + (field.isEmpty() ? "" : ", " + field) + "}}";
  }

  /** Creates the request as carol; returns its name once its status says the run started. */
  private static String asCarol(String request) {
    LiveCluster.Result created = cluster.kubectl("--as=carol", "create", "-f",
        LiveCluster.temporaryFile(request).toString(), "-o", "name");
    assertEquals(0, created.exitCode(), created.toString());
    String kindAndName = created.out().strip();
    String name = kindAndName.substring(kindAndName.indexOf('/') + 1);
    LiveCluster.await("RunRequest " + name + " to start its run", Duration.ofSeconds(60),
        () -> Optional.ofNullable(request(name).getStatus()).map(s -> "Started".equals(s.getPhase())).orElse(false));
    return name;
  }

  private static RunRequest request(String name) {
    return cluster.client.resources(RunRequest.class).inNamespace(cluster.namespace).withName(name).get();
  }

  private static RunRequestStatus requestStatus(String name) {
    return request(name).getStatus();
  }

  /** The Task's one run in that workflow run, once finished. */
  private static Pod awaitOnlyRunIn(String task, String workflowRun) {
    LiveCluster.await("a finished run of " + task + " in workflow run " + workflowRun, Duration.ofSeconds(60),
        () -> LiveCluster.finished(runsIn(task, workflowRun)).size() == 1);
    List<Pod> runs = runsIn(task, workflowRun);
    assertEquals(1, runs.size(), "runs of " + task + " in " + workflowRun);
    return runs.get(0);
  }

  private static List<Pod> runsIn(String task, String workflowRun) {
    return cluster.runs(task).stream().filter(p -> workflowRun.equals(RunNames.workflowRunOf(p))).toList();
  }
}
