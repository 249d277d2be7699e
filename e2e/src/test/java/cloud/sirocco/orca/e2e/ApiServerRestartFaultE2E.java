package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Promise: kube-apiserver stopped and started again in the middle of a six-Task chain does not stop the workflow.
 * The same operator process (no restart) reconnects, its watches resume, and the chain completes with every Task
 * run exactly once and the count intact.
 */
class ApiServerRestartFaultE2E {

  private static LiveCluster cluster;

  @BeforeAll
  static void createNamespace() {
    cluster = new LiveCluster("e2e-fault-apiserver");
  }

  @AfterAll
  static void cleanUp() {
    cluster.close();
  }

  @Test
  void aChainCompletesAcrossAnApiServerRestartWithTheSameOperator() {
    String operatorBefore = cluster.orca("status").out();
    cluster.apply(cluster.manifest("chain.yaml"));
    LiveCluster.await("chain-2 to start", Duration.ofSeconds(120), () -> !cluster.runs("chain-2").isEmpty());

    long restartStarted = System.nanoTime();
    LiveCluster.Result restarted = LiveCluster.run(List.of(
        LiveCluster.ROOT.resolve("e2e/cluster.sh").toString(), "restart-apiserver"));
    assertEquals(0, restarted.exitCode(), restarted.toString());
    long restartMillis = (System.nanoTime() - restartStarted) / 1_000_000;

    Pod last = cluster.awaitFinishedRuns("chain-6", 1, Duration.ofSeconds(180)).get(0);

    int survived = 0;
    for (int i = 1; i <= 6; i++) {
      List<Pod> runs = cluster.runs("chain-" + i);
      if (runs.size() == 1 && "Succeeded".equals(runs.get(0).getStatus().getPhase())) {
        survived++;
      }
    }
    System.out.printf("apiserver restart fault: apiserver down and back in %d ms; runs tried 6, survived %d,"
        + " lost %d%n", restartMillis, survived, 6 - survived);
    assertEquals(operatorBefore, cluster.orca("status").out(), "the same operator process carried on");
    assertEquals("5", LiveCluster.env(last, "ORCA_DATA"), "each link handed its count to the next");
    for (int i = 1; i <= 6; i++) {
      assertEquals(1, cluster.runs("chain-" + i).size(), "runs of chain-" + i);
    }
    assertEquals(6, survived, "Tasks that ran once and succeeded");
  }
}
