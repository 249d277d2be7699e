package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.ActionStatus;
import cloud.sirocco.orca.model.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Promise: a plugin that hangs, one that throws and one that answers after its timeout hold up nothing. The run's
 * other action succeeds, the Task its failure starts runs, a bystander Task runs, and each action's outcome is
 * recorded in the run's status: timed out, failed with the plugin's message, timed out (the late answer ignored).
 * The operator runs with a 2 s attempt timeout and 2 attempts, the misbehaving actions from a real plugin jar
 * (e2e/faulty-plugin) in its plugin directory.
 */
class PluginFaultE2E {

  private static final Path PLUGIN = LiveCluster.ROOT.resolve("e2e/faulty-plugin/target/orca-faults-plugin.jar");

  private static LiveCluster cluster;
  private static Path installed;

  @BeforeAll
  static void installTheFaultyPluginAndApply() throws IOException {
    assertTrue(Files.isRegularFile(PLUGIN), PLUGIN + " is built by mvn install");
    installed = Files.copy(PLUGIN, pluginDir().resolve(PLUGIN.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    cluster = new LiveCluster("e2e-plugin-faults");
    LiveCluster.Result restarted = cluster.orca("restart-operator",
        Map.of("ORCA_ACTION_TIMEOUT_SECONDS", "2", "ORCA_ACTION_ATTEMPTS", "2"));
    assertEquals(0, restarted.exitCode(), restarted.toString());
    cluster.apply(cluster.manifest("fault-plugins.yaml"));
  }

  @AfterAll
  static void uninstall() throws IOException {
    cluster.close();
    Files.deleteIfExists(installed);
    LiveCluster.Result restarted = cluster.orca("restart-operator");
    assertEquals(0, restarted.exitCode(), restarted.toString());
  }

  @Test
  void misbehavingActionsHoldUpNothingAndEachOutcomeIsRecorded() {
    cluster.awaitFinishedRuns("faulty", 1, Duration.ofSeconds(120));
    List<String> carriedOn = List.of("after", "bystander").stream()
        .filter(task -> "Succeeded".equals(cluster.awaitFinishedRuns(task, 1, Duration.ofSeconds(120)).get(0)
            .getStatus().getPhase()))
        .toList();
    LiveCluster.await("faulty's four action outcomes", Duration.ofSeconds(90), () -> {
      List<RunRecord> runs = cluster.task("faulty").getStatus().getRuns();
      return !runs.isEmpty() && runs.get(0).getActions() != null && runs.get(0).getActions().size() == 4;
    });
    Map<String, ActionStatus> outcomes = cluster.task("faulty").getStatus().getRuns().get(0).getActions().stream()
        .collect(Collectors.toMap(ActionStatus::getName, a -> a));
    System.out.printf("plugin faults: actions tried 4 (%s); workflows carried on %s of [after, bystander]; lost %d%n",
        outcomes.values().stream().map(a -> a.getName() + "=" + a.getMessage().split(":")[0]).sorted().toList(),
        carriedOn, 2 - carriedOn.size());

    assertEquals(List.of("after", "bystander"), carriedOn);
    assertOutcome(outcomes.get("hang"), "Failed", "TIMED_OUT: the plugin gave no answer within 2 s");
    assertOutcome(outcomes.get("throw"), "Failed", "FAILED: the plugin threw IllegalStateException: the pager "
        + "service is down");
    assertOutcome(outcomes.get("late"), "Failed", "TIMED_OUT: the plugin gave no answer within 2 s");
    assertOutcome(outcomes.get("log"), "Succeeded", "SUCCEEDED: logged run");
  }

  private static void assertOutcome(ActionStatus action, String state, String messageStart) {
    assertEquals(state, action.getState(), action.getName() + ": " + action.getMessage());
    assertTrue(action.getMessage().startsWith(messageStart), action.getName() + ": " + action.getMessage());
  }

  private static Path pluginDir() {
    return Path.of(System.getenv().getOrDefault("ORCA_CLUSTER_DIR",
        System.getProperty("user.home") + "/.cache/orca/cluster"), "plugins");
  }
}
