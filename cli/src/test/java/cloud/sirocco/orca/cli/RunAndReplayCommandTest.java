package cloud.sirocco.orca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cloud.sirocco.orca.model.RunRequest;
import cloud.sirocco.orca.model.RunRequestStatus;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class RunAndReplayCommandTest extends SampleWorkflowTest {

  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @Test
  void runCreatesARequestWithTheDataAndNamesTheRunAndWorkflowRunStarted() throws Exception {
    CompletableFuture<Cli.Result> running = CompletableFuture.supplyAsync(
        () -> Cli.run(client, "run", "extract", "--data", "batch 7", "-n", Workflows.NAMESPACE));
    RunRequest request = awaitRequest("extract");
    answer(request, "Started", "extract-4d5e6f7a8b", "extract-run-abcde-0f9e8d7c6b", null);

    Cli.Result result = running.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("batch 7", request.getSpec().getData());
    assertNull(request.getSpec().getReplay());
    String name = request.getMetadata().getName();
    assertEquals("RunRequest " + name + " created: run Task extract with data \"batch 7\"\n"
        + "Started run extract-4d5e6f7a8b of Task extract, in workflow run extract-run-abcde-0f9e8d7c6b.\n"
        + "Follow it: kubectl orca watch extract-run-abcde-0f9e8d7c6b -n team-a\n", result.out());
  }

  @Test
  void aSkippedRequestIsAnErrorSayingWhy() throws Exception {
    CompletableFuture<Cli.Result> running = CompletableFuture.supplyAsync(
        () -> Cli.run(client, "run", "alert", "-n", Workflows.NAMESPACE));
    RunRequest request = awaitRequest("alert");
    answer(request, "Skipped", null, null, "no run started: see the Events of Task alert");

    Cli.Result result = running.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

    assertEquals(1, result.exitCode(), result.toString());
    assertEquals("error: RunRequest " + request.getMetadata().getName() + " started no run: skipped, as a run was in "
        + "flight and concurrencyPolicy is Forbid: no run started: see the Events of Task alert (kubectl orca why "
        + "alert -n team-a)\n", result.err());
  }

  @Test
  void replayFindsTheRunsTaskAndReturnsAtOnceWithoutWaiting() {
    Cli.Result result = Cli.run(client, "replay", "report-9f8e7d6c5b", "--no-wait", "-n", Workflows.NAMESPACE);

    assertEquals(0, result.exitCode(), result.toString());
    RunRequest request = requests("report").get(0);
    assertEquals("report-9f8e7d6c5b", request.getSpec().getReplay());
    String name = request.getMetadata().getName();
    assertEquals("RunRequest " + name + " created: replay run report-9f8e7d6c5b of Task report\n"
        + "Its outcome: kubectl get runrequest " + name + " -n team-a (PHASE, RUN, WORKFLOWRUN)\n", result.out());
  }

  @Test
  void replayOfARunNoTaskHasIsRefusedBeforeAsking() {
    Cli.Result result = Cli.run(client, "replay", "nope-0000000000", "-n", Workflows.NAMESPACE);

    assertEquals(1, result.exitCode(), result.toString());
    assertEquals("error: No Task in namespace \"team-a\" has a run \"nope-0000000000\" in its status.runs (kubectl "
        + "orca runs TASK lists a Task's runs)\n", result.err());
  }

  @Test
  void printsTheWebhooksRefusalPlainly() {
    String refusal = "admission webhook \"runrequests.orca.sirocco.cloud\" denied the request: spec.task: Task "
        + "\"ghost\" does not exist in namespace \"refusing\"";
    server.expect().post().withPath("/apis/sirocco.cloud/v1alpha1/namespaces/refusing/runrequests")
        .andReturn(400, new StatusBuilder().withStatus("Failure").withCode(400).withReason("BadRequest")
            .withMessage(refusal).build()).always();

    Cli.Result result = Cli.run(client, "run", "ghost", "-n", "refusing");

    assertEquals(1, result.exitCode(), result.toString());
    assertEquals("error: " + refusal + "\n", result.err());
  }

  /** The request the command created for {@code task}, once it exists. */
  private static RunRequest awaitRequest(String task) {
    Instant deadline = Instant.now().plus(DEADLINE);
    while (Instant.now().isBefore(deadline)) {
      List<RunRequest> found = requests(task);
      if (!found.isEmpty()) {
        return found.get(0);
      }
      // A pause, not a spin: the command and the mock server need the (few) cores.
      LockSupport.parkNanos(Cli.POLL.toNanos());
    }
    throw new AssertionError("no RunRequest for Task " + task + " within " + DEADLINE);
  }

  private static List<RunRequest> requests(String task) {
    return client.resources(RunRequest.class).inNamespace(Workflows.NAMESPACE).list().getItems().stream()
        .filter(r -> task.equals(r.getSpec().getTask())).toList();
  }

  /** Writes the operator's answer into the request's status. */
  private static void answer(RunRequest request, String phase, String run, String workflowRun, String message) {
    RunRequestStatus status = new RunRequestStatus();
    status.setPhase(phase);
    status.setRun(run);
    status.setWorkflowRun(workflowRun);
    status.setMessage(message);
    status.setTime("2026-12-03T10:00:01Z");
    request.setStatus(status);
    client.resource(request).updateStatus();
  }
}
