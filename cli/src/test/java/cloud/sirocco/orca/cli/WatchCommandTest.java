package cloud.sirocco.orca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.names.RunNames;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A workflow run started by a RunRequest: publish succeeded and was handed on; announce, started by its success, is
 * running, its pod not yet recorded in announce's status.
 */
class WatchCommandTest extends SampleWorkflowTest {

  private static final String WORKFLOW_RUN = "publish-run-x7k2p-0f9e8d7c6b";

  @Test
  void onceShowsEachRunFromTheTasksStatusAndThePodsNotRecordedYet() {
    startWorkflowRun("once");

    Cli.Result result = Cli.run(client, "watch", WORKFLOW_RUN + "-once", "--once", "-n", Workflows.NAMESPACE);

    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("""
        Workflow run publish-run-x7k2p-0f9e8d7c6b-once in namespace team-a: in progress, 2 runs, 1 in flight
          publish-once   publish-once-1a2b3c4d5e   Succeeded 2026-12-03T09:59:05Z, took 5s  by a RunRequest \
        (initiator publish-run-x7k2p)
          announce-once  announce-once-6f7a8b9c0d  Running since 2026-12-03T09:59:06Z  by the success of publish-once
        """, result.out());
  }

  @Test
  void followsTheWorkflowRunUntilNothingIsInFlight() throws Exception {
    startWorkflowRun("live");
    Cli.Running watching = Cli.start(client, "watch", WORKFLOW_RUN + "-live", "-n", Workflows.NAMESPACE);
    watching.awaitOutput("1 in flight", Duration.ofSeconds(20));
    Pod announce = client.pods().inNamespace(Workflows.NAMESPACE).withName("announce-live-6f7a8b9c0d").get();

    announce.getStatus().setPhase("Succeeded");
    announce.getMetadata().getAnnotations().put(RunNames.HANDLED_ANNOTATION, "true");
    client.resource(announce).update();

    Cli.Result result = watching.result().get(20, TimeUnit.SECONDS);
    assertEquals(0, result.exitCode(), result.toString());
    assertTrue(result.out().startsWith("Workflow run publish-run-x7k2p-0f9e8d7c6b-live in namespace team-a: in "
        + "progress, 2 runs, 1 in flight\n"), result.out());
    assertTrue(result.out().endsWith("\nWorkflow run publish-run-x7k2p-0f9e8d7c6b-live in namespace team-a: "
        + "finished, 2 runs: 2 succeeded\n"
        + "  publish-live   publish-live-1a2b3c4d5e   Succeeded 2026-12-03T09:59:05Z, took 5s  by a RunRequest "
        + "(initiator publish-run-x7k2p)\n"
        + "  announce-live  announce-live-6f7a8b9c0d  Succeeded  by the success of publish-live\n"), result.out());
  }

  @Test
  void aTaskStandsForItsLatestRunsWorkflowRun() {
    startWorkflowRun("task");

    Cli.Result result = Cli.run(client, "watch", "publish-task", "--once", "-n", Workflows.NAMESPACE);

    assertTrue(result.out().startsWith("Workflow run publish-run-x7k2p-0f9e8d7c6b-task in namespace team-a: "),
        result.toString());
  }

  @Test
  void namesAWorkflowRunWithoutRuns() {
    Cli.Result result = Cli.run(client, "watch", "nightly-0000000000", "--once", "-n", Workflows.NAMESPACE);

    assertEquals(1, result.exitCode(), result.toString());
    assertEquals("error: Workflow run \"nightly-0000000000\" has no runs in namespace \"team-a\": no Task's "
        + "status.runs and no pod labelled orca.sirocco.cloud/workflow-run=nightly-0000000000\n", result.err());
  }

  /** publish-SUFFIX's run, recorded and handed on; announce-SUFFIX's run pod, running. */
  private static void startWorkflowRun(String suffix) {
    String workflowRun = WORKFLOW_RUN + "-" + suffix;
    Task publish = Workflows.task("publish-" + suffix, List.of(), List.of(), List.of());
    RunRecord published = Workflows.run("publish-" + suffix + "-1a2b3c4d5e", "publish-run-x7k2p", "Manual",
        "Succeeded", "2026-12-03T09:59:00Z", "2026-12-03T09:59:05Z", 0, "Completed", "v1.2");
    published.setWorkflowRun(workflowRun);
    publish.setStatus(Workflows.status("Succeeded", 0, published));
    client.resource(publish).create();
    client.resource(runPod("publish-" + suffix, published.getName(), workflowRun, "Manual", "publish-run-x7k2p",
        "Succeeded", true)).create();

    client.resource(Workflows.task("announce-" + suffix, List.of(), List.of("publish-" + suffix), List.of()))
        .create();
    Pod announce = runPod("announce-" + suffix, "announce-" + suffix + "-6f7a8b9c0d", workflowRun, "Success",
        "publish-" + suffix, "Running", false);
    announce.getStatus().setStartTime("2026-12-03T09:59:06Z");
    client.resource(announce).create();
  }

  private static Pod runPod(String task, String name, String workflowRun, String trigger, String initiator,
      String phase, boolean handled) {
    PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(Workflows.NAMESPACE)
        .addToLabels(RunNames.TASK_LABEL, task).addToLabels(RunNames.WORKFLOW_RUN_LABEL, workflowRun)
        .addToLabels(RunNames.TRIGGER_LABEL, trigger).addToLabels(RunNames.INITIATOR_LABEL, initiator)
        .addToAnnotations(RunNames.CAUSE_ANNOTATION, "run/x").endMetadata()
        .withNewSpec().addNewContainer().withName(task).withImage("busybox:1.36").endContainer().endSpec()
        .withNewStatus().withPhase(phase).endStatus();
    if (handled) {
      pod.editMetadata().addToAnnotations(RunNames.HANDLED_ANNOTATION, "true").endMetadata();
    }
    return pod.build();
  }
}
