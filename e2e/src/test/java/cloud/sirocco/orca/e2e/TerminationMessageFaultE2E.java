package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.RunRecord;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Promise: whatever an upstream run writes to /dev/termination-log, the downstream run is handed exactly what the
 * kubelet reported as the upstream's termination message — or, when that cannot become an environment variable,
 * the downstream run fails with its reason recorded. What really happens (docs/reliability.md):
 * <ul>
 *   <li>over 4 KiB: the kubelet keeps the <em>last</em> 4096 bytes; downstream gets exactly those;</li>
 *   <li>bytes that are not UTF-8: each arrives in the API as U+FFFD; downstream gets exactly that text;</li>
 *   <li>a NUL byte: it survives into the API, but no environment variable can hold it (runc refuses to start the
 *       container): Orca hands it on as U+FFFD, as the kubelet does with bytes that are not UTF-8.</li>
 * </ul>
 */
class TerminationMessageFaultE2E {

  private static LiveCluster cluster;

  @BeforeAll
  static void runTheMessages() {
    cluster = new LiveCluster("e2e-fault-messages");
    cluster.apply(cluster.manifest("fault-termination-messages.yaml"));
  }

  @AfterAll
  static void cleanUp() {
    cluster.close();
  }

  @Test
  void anOversizedMessageIsCutToItsLast4096BytesAndHandedOnExactly() {
    String upstream = succeededMessage("oversized");
    Pod downstream = finished("after-oversized");

    System.out.printf("termination message fault (oversized): wrote 5000 bytes, kubelet kept %d, handed on %s%n",
        upstream.getBytes(StandardCharsets.UTF_8).length, LiveCluster.terminationMessage(downstream).strip());
    assertEquals(4096, upstream.length());
    assertTrue(upstream.endsWith("TAIL") && !upstream.contains("HEAD"), "the kubelet keeps the end");
    assertEquals(upstream, LiveCluster.env(downstream, "ORCA_DATA"), "downstream ORCA_DATA");
    assertEquals("Succeeded", downstream.getStatus().getPhase());
    assertEquals("4096", LiveCluster.terminationMessage(downstream).strip(), "bytes the downstream container read");
    assertEquals(upstream, lastRun("oversized").getMessage(), "the upstream run's recorded message");
  }

  @Test
  void bytesThatAreNotUtf8ArriveAsReplacementCharactersAndAreHandedOnExactly() {
    String upstream = succeededMessage("binary");
    Pod downstream = finished("after-binary");

    System.out.printf("termination message fault (not UTF-8): message %s, handed on %s bytes%n",
        upstream.replace("\uFFFD", "\\uFFFD"), LiveCluster.terminationMessage(downstream).strip());
    assertEquals("ok\uFFFD\uFFFDbin\uFFFD\uFFFDt\uFFFD", upstream);
    assertEquals(upstream, LiveCluster.env(downstream, "ORCA_DATA"), "downstream ORCA_DATA");
    assertEquals("Succeeded", downstream.getStatus().getPhase());
    assertEquals(String.valueOf(upstream.getBytes(StandardCharsets.UTF_8).length),
        LiveCluster.terminationMessage(downstream).strip(), "bytes the downstream container read");
  }

  @Test
  void aNulByteIsHandedOnAsTheReplacementCharacterAndTheDownstreamRuns() {
    String upstream = succeededMessage("nul");
    Pod downstream = finished("after-nul");
    RunRecord run = lastRun("after-nul");

    System.out.printf("termination message fault (NUL): downstream %s/%s exit %d%n", run.getPhase(),
        run.getReason(), run.getExitCode());
    assertEquals("before\u0000after", upstream);
    assertEquals("before\uFFFDafter", LiveCluster.env(downstream, "ORCA_DATA"));
    assertEquals("Succeeded", run.getPhase(), run.getMessage());
  }

  private static String succeededMessage(String task) {
    Pod pod = finished(task);
    assertEquals("Succeeded", pod.getStatus().getPhase(), task + " succeeded");
    return LiveCluster.terminationMessage(pod);
  }

  private static Pod finished(String task) {
    return cluster.awaitFinishedRuns(task, 1, Duration.ofSeconds(90)).get(0);
  }

  /** The Task's latest recorded run, once its outcome is in the status. */
  private static RunRecord lastRun(String task) {
    LiveCluster.await("a finished run in the status of " + task, Duration.ofSeconds(60), () -> {
      var runs = cluster.task(task).getStatus() == null ? null : cluster.task(task).getStatus().getRuns();
      return runs != null && !runs.isEmpty() && runs.get(runs.size() - 1).getFinishTime() != null;
    });
    var runs = cluster.task(task).getStatus().getRuns();
    return runs.get(runs.size() - 1);
  }
}
