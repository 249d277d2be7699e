package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cloud.sirocco.orca.model.RunRecord;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Promise: the operator SIGKILLed at random moments of a 50-Task chain, and started again right after each kill,
 * loses no run and runs none twice. Every Task has exactly one pod and one recorded run, and the count each link
 * adds to the ORCA_DATA it was handed arrives intact at the end. The kill moments come from a seeded random
 * (printed; set {@code -Dorca.fault.seed=N} to replay one).
 */
class OperatorKillFaultE2E {

  private static final int LINKS = 50;
  private static final int KILLS = 10;

  private static LiveCluster cluster;

  @BeforeAll
  static void createNamespace() {
    cluster = new LiveCluster("e2e-fault-kill");
  }

  @AfterAll
  static void cleanUp() {
    cluster.orca("start-operator");
    cluster.close();
  }

  @Test
  void tenKillsDuringAFiftyTaskChainLoseNoRunAndRunNoneTwice() throws Exception {
    long seed = Long.getLong("orca.fault.seed", System.nanoTime());
    Random random = new Random(seed);
    // Distinct links, spread over the chain; at each, the kill lands a random moment after its pod appears.
    TreeSet<Integer> killAt = new TreeSet<>();
    while (killAt.size() < KILLS) {
      killAt.add(2 + random.nextInt(LINKS - 2));
    }
    System.out.printf("operator kill fault: seed %d, kills while links %s run%n", seed, killAt);

    cluster.applyYaml(chain());

    List<String> kills = new ArrayList<>();
    for (int link : killAt) {
      String task = "link-" + link;
      LiveCluster.await(task + " to start (before kill " + (kills.size() + 1) + ")", Duration.ofSeconds(120),
          () -> !cluster.runs(task).isEmpty());
      int delayMillis = random.nextInt(3_000);
      // Not a synchronisation: the random moment of the fault within the link's run.
      TimeUnit.MILLISECONDS.sleep(delayMillis);
      LiveCluster.Result killed = cluster.orca("kill-operator");
      assertEquals(0, killed.exitCode(), killed.toString());
      LiveCluster.Result started = cluster.orca("start-operator");
      assertEquals(0, started.exitCode(), started.toString());
      kills.add(task + "+" + delayMillis + "ms");
    }
    System.out.printf("operator kill fault: killed at %s%n", kills);

    Pod last = cluster.awaitFinishedRuns("link-" + LINKS, 1, Duration.ofSeconds(240)).get(0);

    int survived = 0;
    List<String> lost = new ArrayList<>();
    List<String> twice = new ArrayList<>();
    for (int i = 1; i <= LINKS; i++) {
      String name = "link-" + i;
      List<Pod> pods = cluster.runs(name);
      List<RunRecord> runs = cluster.task(name).getStatus().getRuns();
      boolean succeeded = pods.size() == 1 && "Succeeded".equals(pods.get(0).getStatus().getPhase())
          && runs.size() == 1 && "Succeeded".equals(runs.get(0).getPhase());
      if (pods.isEmpty() || runs.isEmpty()) {
        lost.add(name);
      } else if (pods.size() > 1 || runs.size() > 1) {
        twice.add(name + " (" + pods.size() + " pods, " + runs.size() + " runs)");
      } else if (succeeded) {
        survived++;
      } else {
        lost.add(name + " (" + pods.get(0).getStatus().getPhase() + ")");
      }
    }
    System.out.printf("operator kill fault: %d kills; runs tried %d, survived %d, lost %d, run twice %d%n",
        kills.size(), LINKS, survived, lost.size(), twice.size());

    assertEquals(List.of(), lost, "runs lost");
    assertEquals(List.of(), twice, "runs that ran twice");
    assertEquals(String.valueOf(LINKS - 1), LiveCluster.env(last, "ORCA_DATA"),
        "link-" + LINKS + " was handed the count of the " + (LINKS - 1) + " links before it");
    assertEquals(String.valueOf(LINKS), LiveCluster.terminationMessage(last), "the chain's final count");
  }

  /** Ignitor first, then the links upstream first, as the webhook wants them. */
  private static String chain() {
    StringBuilder yaml = new StringBuilder("""
        apiVersion: sirocco.cloud/v1alpha1
        kind: Ignitor
        metadata:
          name: chain-start
        spec:
          scheduled: "NOW"
          data: "0"
        """);
    for (int i = 1; i <= LINKS; i++) {
      String trigger = i == 1 ? "startOnIgnition: [chain-start]" : "startOnSuccess: [link-" + (i - 1) + "]";
      yaml.append("""
          ---
          apiVersion: sirocco.cloud/v1alpha1
          kind: Task
          metadata:
            name: link-%d
          spec:
            %s
            template:
              spec:
                terminationGracePeriodSeconds: 0
                containers:
                  - name: link
                    image: busybox:1.36
                    command: ["sh", "-c", "sleep 1; echo -n $((ORCA_DATA + 1)) > /dev/termination-log"]
          """.formatted(i, trigger));
    }
    return yaml.toString();
  }
}
