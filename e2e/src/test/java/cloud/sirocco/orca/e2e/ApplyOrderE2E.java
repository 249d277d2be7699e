package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.validation.ReferencePolicy;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Promise: in a namespace labelled {@code orca.sirocco.cloud/references=eventual}, a folder applied downstream first
 * is admitted with warnings, the Task waits with {@code Ready=False}/{@code UnresolvedReference} naming what is
 * missing, and the workflow runs once the rest is applied; an unlabelled namespace refuses the same folder until
 * it is applied again in order. Success-only cycles and bad schedules are refused under either policy.
 */
class ApplyOrderE2E {

  private static LiveCluster eventual;
  private static LiveCluster strict;

  @BeforeAll
  static void createNamespaces() {
    eventual = new LiveCluster("e2e-order-eventual");
    LiveCluster.Result labelled = eventual.kubectl("label", "namespace", eventual.namespace,
        ReferencePolicy.LABEL + "=eventual");
    assertEquals(0, labelled.exitCode(), labelled.toString());
    // The webhook reads the label from its informer: a server-side dry run admitted says it has.
    LiveCluster.await("the webhook to admit the downstream Task under the label", Duration.ofSeconds(30),
        () -> eventual.kubectl("apply", "--dry-run=server", "-f", downstream()).exitCode() == 0);
    strict = new LiveCluster("e2e-order-strict");
  }

  @AfterAll
  static void cleanUp() {
    eventual.close();
    strict.close();
  }

  @Test
  void aFolderAppliedDownstreamFirstIsAdmittedWithWarningsWaitsUnresolvedAndThenRuns() {
    LiveCluster.Result first = eventual.kubectl("apply", "-f", downstream());

    assertEquals(0, first.exitCode(), first.toString());
    assertTrue(first.err().contains("Warning: spec.startOnSuccess[0]: Task \"extract\" does not exist in namespace "
        + "\"e2e-order-eventual\" yet; the Task waits (Ready=False, UnresolvedReference) until it does"),
        first.toString());
    LiveCluster.await("report's Ready condition False/UnresolvedReference", Duration.ofSeconds(30),
        () -> eventual.condition("report", "Ready").filter(c -> "UnresolvedReference".equals(c.getReason()))
            .isPresent());
    Condition waiting = eventual.condition("report", "Ready").orElseThrow();
    assertEquals("False", waiting.getStatus());
    assertTrue(waiting.getMessage().contains("spec.startOnSuccess[0] names Task \"extract\""), waiting.getMessage());

    LiveCluster.Result rest = eventual.kubectl("apply", "-f", folder());

    assertEquals(0, rest.exitCode(), rest.toString());
    eventual.awaitFinishedRuns("report", 1, Duration.ofSeconds(90));
    assertEquals("report of extracted", LiveCluster.terminationMessage(eventual.runs("report").get(0)));
    LiveCluster.await("report's Ready condition True", Duration.ofSeconds(30),
        () -> eventual.condition("report", "Ready").filter(c -> "True".equals(c.getStatus())).isPresent());
  }

  @Test
  void anUnlabelledNamespaceRefusesTheSameFolderUntilItIsAppliedAgainInOrder() {
    LiveCluster.Result first = strict.kubectl("apply", "-f", folder());

    assertNotEquals(0, first.exitCode(), first.toString());
    assertTrue(first.err().contains("spec.startOnSuccess[0]: Task \"extract\" does not exist in namespace "
        + "\"e2e-order-strict\"; create upstream Tasks first"), first.toString());
    assertNull(strict.task("report"));
    // As a GitOps tool retrying: each apply stores what the one before made resolvable.
    int applies = 1;
    while (strict.kubectl("apply", "-f", folder()).exitCode() != 0 && applies < 5) {
      applies++;
    }
    System.out.printf("apply order: unlabelled namespace accepted the folder after %d more apply(s)%n", applies);
    assertNotNull(strict.task("report"), "report stored after " + applies + " more applies");
    assertEquals(2, applies, "one apply per level of the chain: go, then extract, then report");
  }

  @Test
  void aSuccessOnlyCycleAndBadSchedulesAreRefusedUnderEitherPolicy() {
    for (LiveCluster cluster : new LiveCluster[] {eventual, strict}) {
      LiveCluster.Result cycle = cluster.kubectl("apply", "-f", cluster.manifest("apply-order-cycle.yaml").toString());
      LiveCluster.Result schedules = cluster.kubectl("apply", "-f",
          cluster.manifest("bad-schedules.yaml").toString());

      assertNotEquals(0, cycle.exitCode(), cycle.toString());
      assertNull(cluster.task("loop-b"), cluster.namespace + ": loop-b must not be stored");
      assertNotEquals(0, schedules.exitCode(), schedules.toString());
      assertTrue(schedules.err().contains("\"61 * * * *\" is not a valid cron expression"), schedules.toString());
    }
    LiveCluster.Result again = eventual.kubectl("apply", "-f", eventual.manifest("apply-order-cycle.yaml").toString());
    assertTrue(again.err().contains("loop-b -> loop-a -> loop-b (all on success)"), again.toString());
  }

  private static String downstream() {
    return folder() + "/1-report.yaml";
  }

  private static String folder() {
    return LiveCluster.ROOT.resolve("e2e/manifests/apply-order").toString();
  }
}
