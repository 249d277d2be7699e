package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.ConcurrencyPolicy;
import cloud.sirocco.orca.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Through the real API server: kubectl apply of a bad workflow fails with the webhook's message, storing nothing. */
class AdmissionE2E {

  private static LiveCluster cluster;

  @BeforeAll
  static void createNamespace() {
    cluster = new LiveCluster("e2e-admission");
  }

  @AfterAll
  static void cleanUp() {
    cluster.close();
  }

  @Test
  void seedOrderTasksBeforeTheirIgnitorIsRefusedWithApplyTheIgnitorFirst() {
    LiveCluster.Result applied = cluster.kubectl("apply", "-f", cluster.manifest("seed-order.yaml").toString());

    assertNotEquals(0, applied.exitCode());
    assertTrue(applied.err().contains("spec.startOnIgnition[0]: Ignitor \"late-ignitor\" does not exist"),
        applied.toString());
    assertTrue(applied.err().contains("create it first"), applied.toString());
    assertNull(cluster.task("early-task"));
  }

  @Test
  void everyProblemOfATaskIsListedAtOnceWithItsFieldPath() {
    LiveCluster.Result applied = cluster.kubectl("apply", "-f", cluster.manifest("many-problems.yaml").toString());

    assertNotEquals(0, applied.exitCode());
    for (String expected : new String[] {"spec.steps: cannot be used together with spec.template",
        "spec.template.spec.restartPolicy: Always is not allowed", "spec.steps[1].name: duplicate step name",
        "spec.startOnSuccess[0]: Task \"does-not-exist\" does not exist"}) {
      assertTrue(applied.err().contains(expected), "missing \"" + expected + "\" in " + applied);
    }
    assertNull(cluster.task("many-problems"));
  }

  @Test
  void badSchedulesAreRefusedAndNothingIsStored() {
    LiveCluster.Result applied = cluster.kubectl("apply", "-f", cluster.manifest("bad-schedules.yaml").toString());

    assertNotEquals(0, applied.exitCode());
    assertTrue(applied.err().contains("\"61 * * * *\" is not a valid cron expression"), applied.toString());
    assertTrue(applied.err().contains("\"0 0 31 2 *\" never fires"), applied.toString());
    assertTrue(applied.err().contains("unknown time zone \"Mars/Olympus_Mons\""), applied.toString());
    for (String name : new String[] {"bad-cron", "never-fires", "bad-zone"}) {
      assertNull(cluster.ignitor(name));
    }
  }

  @Test
  void anAllSuccessCycleIsRefusedWithItsPathButAFailureGuardedOneIsAllowed() {
    cluster.apply(cluster.manifest("cycle-base.yaml"));

    LiveCluster.Result loop = cluster.kubectl("apply", "-f", cluster.manifest("cycle-all-success.yaml").toString());
    assertNotEquals(0, loop.exitCode());
    assertTrue(loop.err().contains("task-a -> task-b -> task-a (all on success)"), loop.toString());
    assertTrue(cluster.task("task-a").getSpec().getStartOnSuccess().isEmpty());

    LiveCluster.Result retry = cluster.kubectl("apply", "-f",
        cluster.manifest("cycle-through-failure.yaml").toString());
    assertEquals(0, retry.exitCode(), retry.toString());
    assertEquals(java.util.List.of("task-b"), cluster.task("task-a").getSpec().getStartOnFailure());
  }

  /**
   * A Task's pods run with the operator's rights: alice, who may write Tasks in the namespace but not create pods,
   * is refused by the webhook (her RBAC lets the request reach it), the admin is not; once the Task exists, alice may
   * still label it but not change its spec.
   */
  @Test
  void aUserWhoMayWriteTasksButNotCreatePodsIsRefusedAndTheAdminIsNot() {
    cluster.apply(cluster.manifest("task-writer-alice.yaml"));
    assertEquals("yes", cluster.kubectl("auth", "can-i", "create", "tasks.sirocco.cloud", "--as=alice").out().strip());
    assertEquals("no", cluster.kubectl("auth", "can-i", "create", "pods", "--as=alice").out().strip());
    String task = cluster.manifest("pod-rights-task.yaml").toString();

    LiveCluster.Result asAlice = cluster.kubectl("--as=alice", "apply", "-f", task);

    assertNotEquals(0, asAlice.exitCode(), asAlice.toString());
    assertTrue(asAlice.err().contains("admission webhook \"validate.orca.sirocco.cloud\" denied the request: Task "
        + "\"pod-rights\" is forbidden: metadata.namespace: user \"alice\" may not create pods in namespace \""
        + cluster.namespace + "\"; a Task runs its pods with Orca's rights, so creating or changing one needs the "
        + "right to create pods there"), asAlice.toString());
    assertNull(cluster.task("pod-rights"));

    cluster.apply(cluster.manifest("pod-rights-task.yaml"));
    assertNotNull(cluster.task("pod-rights"));

    LiveCluster.Result labelled = cluster.kubectl("--as=alice", "label", "task", "pod-rights", "team=data");
    assertEquals(0, labelled.exitCode(), labelled.toString());
    LiveCluster.Result changed = cluster.kubectl("--as=alice", "patch", "task", "pod-rights", "--type=merge",
        "-p", "{\"spec\":{\"template\":{\"spec\":{\"serviceAccountName\":\"orca-privileged\"}}}}");
    assertNotEquals(0, changed.exitCode(), changed.toString());
    assertTrue(changed.err().contains("user \"alice\" may not create pods"), changed.toString());
    assertEquals("default", cluster.task("pod-rights").getSpec().getTemplate().getSpec().getServiceAccountName());
  }

  @Test
  void aGoodTaskIsStoredWithItsDefaults() {
    cluster.apply(cluster.manifest("cycle-base.yaml"));

    Task stored = cluster.task("task-b");

    assertEquals(ConcurrencyPolicy.Forbid, stored.getSpec().getConcurrencyPolicy());
    assertEquals(3, stored.getSpec().getRetryLimit());
    assertEquals("Never", stored.getSpec().getTemplate().getSpec().getRestartPolicy());
    assertEquals(300, stored.getSpec().getStartTimeoutSeconds());
    assertEquals("UTC",
        cluster.ignitor("cycle-start").getSpec().getTimeZone());
  }
}
