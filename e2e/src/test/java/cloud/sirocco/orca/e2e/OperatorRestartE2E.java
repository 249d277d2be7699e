package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator SIGKILLed in the middle of a chain and restarted: no run is lost and none runs twice. */
class OperatorRestartE2E {

  private static LiveCluster cluster;

  @BeforeAll
  static void createNamespace() {
    cluster = new LiveCluster("e2e-restart");
  }

  @AfterAll
  static void cleanUp() {
    cluster.orca("start-operator");
    cluster.close();
  }

  @Test
  void aChainInterruptedByAKilledOperatorRunsEveryTaskExactlyOnce() {
    cluster.apply(cluster.manifest("chain.yaml"));
    LiveCluster.await("chain-2 to start", Duration.ofSeconds(120), () -> !cluster.runs("chain-2").isEmpty());

    LiveCluster.Result killed = cluster.orca("kill-operator");
    assertEquals(0, killed.exitCode(), killed.toString());
    // While the operator is down, chain-2 finishes and nothing hands it on.
    cluster.awaitFinishedRuns("chain-2", 1, Duration.ofSeconds(60));
    assertEquals(0, cluster.runs("chain-3").size(), "nothing starts chain-3 while the operator is down");

    LiveCluster.Result started = cluster.orca("start-operator");
    assertEquals(0, started.exitCode(), started.toString());
    Pod last = cluster.awaitFinishedRuns("chain-6", 1, Duration.ofSeconds(180)).get(0);

    assertEquals("5", LiveCluster.env(last, "ORCA_DATA"), "each link handed its count to the next");
    for (int i = 1; i <= 6; i++) {
      assertEquals(1, cluster.runs("chain-" + i).size(), "runs of chain-" + i);
    }
  }
}
