package cloud.sirocco.orca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.ConcurrencyPolicy;
import cloud.sirocco.orca.model.Task;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient
class CheckCommandTest {

  private static final String DRY_RUN = "/apis/sirocco.cloud/v1alpha1/namespaces/team-a/tasks?dryRun=All";
  private static final Status UNROUTED = new StatusBuilder().withCode(500).withReason("InternalError")
      .withMessage("Internal error occurred: failed calling webhook \"mutate.orca.sirocco.cloud\": failed to call "
          + "webhook: Post \"https://orca-webhook.orca-system.svc:443/mutate?timeout=5s\": dial tcp 10.0.0.200:443: "
          + "connect: connection refused").build();

  KubernetesClient client;
  KubernetesMockServer server;

  @Test
  void saysTheWebhookAnswersWhenTheDryRunComesBackDefaulted() {
    server.expect().post().withPath(DRY_RUN).andReturn(201, defaulted()).once();

    Cli.Result result = Cli.run(client, "check", "-n", "team-a");

    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("Orca's admission webhook answers in namespace team-a: a Task created in dry run was defaulted and "
        + "admitted.\n", result.out());
  }

  @Test
  void waitsWhileTheWebhookServiceRoutesNowhere() {
    server.expect().post().withPath(DRY_RUN).andReturn(500, UNROUTED).times(2);
    server.expect().post().withPath(DRY_RUN).andReturn(201, defaulted()).once();

    Cli.Result result = Cli.run(client, "check", "--wait", "30", "-n", "team-a");

    assertEquals(0, result.exitCode(), result.toString());
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void givesUpAfterItsWaitWithTheApiServersAnswer() {
    server.expect().post().withPath(DRY_RUN).andReturn(500, UNROUTED).always();
    Instant start = Instant.now();

    Cli.Result result = Cli.run(client, "check", "--wait", "1", "-n", "team-a");

    assertEquals(1, result.exitCode(), result.toString());
    assertEquals("error: Orca's admission webhook did not answer in namespace team-a within 1 s: "
        + UNROUTED.getMessage() + "\n", result.err());
    assertTrue(Duration.between(start, Instant.now()).compareTo(Duration.ofSeconds(10)) < 0);
  }

  @Test
  void aForbiddenCreateEndsAtOnce() {
    Status forbidden = new StatusBuilder().withCode(403).withReason("Forbidden").withMessage("tasks.sirocco.cloud is "
        + "forbidden: User \"viewer\" cannot create resource \"tasks\" in API group \"sirocco.cloud\" in the "
        + "namespace \"team-a\"").build();
    server.expect().post().withPath(DRY_RUN).andReturn(403, forbidden).always();

    Cli.Result result = Cli.run(client, "check", "--wait", "60", "-n", "team-a");

    assertEquals(1, result.exitCode(), result.toString());
    assertEquals(1, server.getRequestCount());
    assertEquals("error: Orca's admission webhook did not answer in namespace team-a within 60 s: "
        + forbidden.getMessage() + "\n", result.err());
  }

  @Test
  void aTaskAdmittedWithoutDefaultsMeansTheMutatingWebhookIsNotRegistered() {
    Task undefaulted = new Task();
    undefaulted.getMetadata().setName("kubectl-orca-check");
    server.expect().post().withPath(DRY_RUN).andReturn(201, undefaulted).once();

    Cli.Result result = Cli.run(client, "check", "-n", "team-a");

    assertEquals(1, result.exitCode(), result.toString());
    assertTrue(result.err().startsWith("error: a Task was admitted in namespace team-a without Orca's defaults: the "
        + "mutating webhook is not registered"), result.err());
  }

  private static Task defaulted() {
    Task task = new Task();
    task.getMetadata().setName("kubectl-orca-check");
    task.getSpec().setConcurrencyPolicy(ConcurrencyPolicy.Forbid);
    return task;
  }
}
