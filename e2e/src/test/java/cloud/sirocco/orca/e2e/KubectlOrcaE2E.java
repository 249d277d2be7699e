package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl orca} installed as a user installs it (cli/install.sh's two files in a directory on PATH), found and
 * run by the real kubectl against the real cluster: a workflow whose retry loop gives up, seen through graph, runs,
 * why and logs; and examples/manual-runs.yaml in a namespace of its own, run, replayed and watched.
 */
class KubectlOrcaE2E {

  @TempDir
  static Path home;

  private static LiveCluster cluster;
  private static Map<String, String> environment;

  @BeforeAll
  static void installPluginAndRunWorkflow() throws IOException {
    Path bin = Files.createDirectories(home.resolve("bin"));
    Path jar = LiveCluster.ROOT.resolve("cli/target/kubectl-orca.jar");
    assertTrue(Files.exists(jar), jar + " is built by mvn install (or mvn -pl cli -am package)");
    Files.copy(jar, bin.resolve("kubectl-orca.jar"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(LiveCluster.ROOT.resolve("cli/kubectl-orca"), bin.resolve("kubectl-orca"),
        StandardCopyOption.REPLACE_EXISTING);
    environment = Map.of("PATH", bin + ":" + System.getenv("PATH"), "XDG_CACHE_HOME", home.resolve("cache").toString());

    cluster = new LiveCluster("e2e-kubectl-orca");
    cluster.apply(cluster.manifest("cli-workflow.yaml"));
    // alert may skip load's second failure while its first run is in flight (concurrencyPolicy Forbid): one run.
    cluster.awaitFinishedRuns("alert", 1, Duration.ofSeconds(120));
    LiveCluster.await("load to record its second failure", Duration.ofSeconds(60),
        () -> cluster.task("load").getStatus() != null && cluster.task("load").getStatus().getRuns().size() == 2
            && Integer.valueOf(2).equals(cluster.task("load").getStatus().getFailuresCount()));
  }

  @AfterAll
  static void cleanUp() {
    cluster.close();
  }

  @Test
  void runStartsATaskWithDataItsDownstreamFollowsAndWatchEndsWithTheWorkflowRun() {
    try (LiveCluster manual = new LiveCluster("e2e-kubectl-orca-runs")) {
      manual.apply(manual.example("manual-runs.yaml"));

      LiveCluster.Result run = orca(manual, "run", "load", "--data", "batch-7");
      assertEquals(0, run.exitCode(), run.toString());
      assertTrue(run.out().startsWith("RunRequest load-run-"), run.out());
      assertTrue(run.out().contains(" created: run Task load with data \"batch-7\"\nStarted run load-"), run.out());
      String workflowRun = followed(run);

      LiveCluster.Result watch = orca(manual, "watch", workflowRun);
      assertEquals(0, watch.exitCode(), watch.toString());
      String last = watch.out().substring(watch.out().lastIndexOf("Workflow run "));
      assertTrue(last.startsWith("Workflow run " + workflowRun + " in namespace e2e-kubectl-orca-runs: finished, 2 "
          + "runs: 2 succeeded\n"), watch.out());
      assertTrue(last.contains("\n  load    load-"), last);
      assertTrue(last.contains("\n  report  report-"), last);
      assertTrue(last.contains("  by the success of load\n"), last);

      LiveCluster.Result once = orca(manual, "watch", workflowRun, "--once");
      assertEquals(last, once.out(), once.toString());
    }
  }

  @Test
  void replayRunsAFailedRunAgainInItsWorkflowRun() {
    try (LiveCluster manual = new LiveCluster("e2e-kubectl-orca-replay")) {
      manual.apply(manual.example("manual-runs.yaml"));
      String workflowRun = followed(orca(manual, "run", "load", "--data", "bad"));
      LiveCluster.Result failed = orca(manual, "watch", workflowRun);
      assertTrue(failed.out().contains(": finished, 1 run: 1 failed\n"), failed.toString());
      String run = manual.task("load").getStatus().getRuns().get(0).getName();

      LiveCluster.Result replay = orca(manual, "replay", run);

      assertEquals(0, replay.exitCode(), replay.toString());
      assertTrue(replay.out().contains(" created: replay run " + run + " of Task load\nReplayed run " + run
          + " as run load-"), replay.out());
      assertEquals(workflowRun, followed(replay), "a replay continues the replayed run's workflow run");
      LiveCluster.await("the replay to fail as its run did", Duration.ofSeconds(30),
          () -> orca(manual, "watch", workflowRun, "--once").out().contains(": finished, 2 runs: 2 failed\n"));
      LiveCluster.Result why = orca(manual, "why", "load");
      assertTrue(why.out().contains("\nAn incident is open since "), why.out());
      assertTrue(why.out().contains(": 2 failed runs, opened by run " + run + ";"), why.out());
      assertTrue(why.out().contains(": replay run " + run + " of Task load: started run load-"), why.out());
    }
  }

  /** The workflow run that {@code run} or {@code replay} said to follow. */
  private static String followed(LiveCluster.Result started) {
    assertEquals(0, started.exitCode(), started.toString());
    Matcher follow = Pattern.compile("Follow it: kubectl orca watch (\\S+) -n ").matcher(started.out());
    assertTrue(follow.find(), started.out());
    return follow.group(1);
  }

  @Test
  void checkSaysTheWebhookDefaultedAndAdmittedATaskInDryRun() {
    LiveCluster.Result check = orca("check");

    assertEquals(0, check.exitCode(), check.toString());
    assertEquals("Orca's admission webhook answers in namespace e2e-kubectl-orca: a Task created in dry run was "
        + "defaulted and admitted.\n", check.out());
    assertNull(cluster.task("kubectl-orca-check"), "a dry run stores nothing");
  }

  @Test
  void graphShowsTheTreeWithStatesAndTheRetryLoop() {
    LiveCluster.Result graph = orca("graph");

    assertEquals(0, graph.exitCode(), graph.toString());
    assertTrue(graph.out().startsWith("Namespace e2e-kubectl-orca: 1 Ignitor, 3 Tasks\n"), graph.out());
    assertTrue(graph.out().contains("\nIgnitor nightly  NOW, fired once, last "), graph.out());
    assertTrue(graph.out().contains("\n└─ fetch  [Succeeded] last run Succeeded "), graph.out());
    assertTrue(graph.out().contains("\n   └─ on success → load  [Failed] last run Failed "), graph.out());
    assertTrue(graph.out().contains(": Error, exit code 3\n"), graph.out());
    assertTrue(graph.out().contains("\n      ├─ on failure → alert  ["), graph.out());
    assertTrue(graph.out().contains("\n      └─ on failure → load  ↺ retry, at most 1 in a row\n"), graph.out());
  }

  @Test
  void runsShowsEachRunWithTheDataItWasHandedAndWrote() {
    LiveCluster.Result runs = orca("runs", "load");

    assertEquals(0, runs.exitCode(), runs.toString());
    assertTrue(runs.out().startsWith("Task load in namespace e2e-kubectl-orca: 2 runs (newest first)\n"), runs.out());
    assertTrue(runs.out().contains(" by the failure of load, took "), runs.out());
    assertTrue(runs.out().contains(" by the success of fetch, took "), runs.out());
    assertTrue(runs.out().contains("\n  handed   rows: 120\n"), runs.out());
    assertTrue(runs.out().contains("\n  handed   disk full\n"), runs.out());
    assertTrue(runs.out().contains("\n  wrote    disk full\n"), runs.out());

    String newest = cluster.task("load").getStatus().getRuns().get(0).getName();
    LiveCluster.Result logs = orca("logs", newest);
    assertEquals("loading disk full\n", logs.out(), logs.toString());
  }

  @Test
  void whySaysTheRetryLoopGaveUp() {
    LiveCluster.await("the RetryLimitReached Event on load", Duration.ofSeconds(30),
        () -> orca("why", "load").out().contains("The retry loop stopped: retryLimit reached"));
    LiveCluster.Result why = orca("why", "load");

    assertEquals(0, why.exitCode(), why.toString());
    assertTrue(why.out().startsWith("Task load in namespace e2e-kubectl-orca: its last run, load-"), why.out());
    assertTrue(why.out().contains("  - Its retry loop gave up: it failed 2 times in a row, more than retryLimit 1, "
        + "so the failure of load does not start it again; a trigger from outside the loop will.\n"), why.out());
    assertTrue(why.out().contains("  - the success of fetch: fetch is Succeeded, last run Succeeded "), why.out());
  }

  /** {@code kubectl orca ARGS} in the test's namespace, the plugin found by kubectl on PATH. */
  private static LiveCluster.Result orca(String... args) {
    return orca(cluster, args);
  }

  private static LiveCluster.Result orca(LiveCluster in, String... args) {
    List<String> command = new ArrayList<>(List.of(LiveCluster.KUBECTL, "orca"));
    command.addAll(List.of(args));
    command.addAll(List.of("-n", in.namespace));
    return LiveCluster.run(command, environment);
  }
}
