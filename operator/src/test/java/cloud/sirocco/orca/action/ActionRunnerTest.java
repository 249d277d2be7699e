package cloud.sirocco.orca.action;

import static cloud.sirocco.orca.action.PluginJar.plugin;
import static cloud.sirocco.orca.action.TestRuns.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.action.ActionOutcome.Status;
import cloud.sirocco.orca.action.testplugins.Echo;
import cloud.sirocco.orca.action.testplugins.Flaky;
import cloud.sirocco.orca.action.testplugins.FlakyFixed;
import cloud.sirocco.orca.action.testplugins.Gate;
import cloud.sirocco.orca.action.testplugins.Hanging;
import cloud.sirocco.orca.action.testplugins.Probe;
import cloud.sirocco.orca.action.testplugins.Refusing;
import cloud.sirocco.orca.action.testplugins.ReturnsNothing;
import cloud.sirocco.orca.action.testplugins.Stubborn;
import cloud.sirocco.orca.action.testplugins.Throwing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActionRunnerTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private PluginRegistry plugins;
  private ActionRunner runner;

  @BeforeEach
  void installPlugins() throws Exception {
    Gate.reset();
    plugin("test-actions")
        .actions(Echo.class, Flaky.class, Throwing.class, Refusing.class, ReturnsNothing.class, Hanging.class,
            Stubborn.class, Probe.class)
        .writeTo(dir.resolve("test-actions.jar"));
    plugins = new PluginRegistry(dir);
  }

  @AfterEach
  void shutDown() {
    Gate.open();
    if (runner != null) {
      runner.close();
    }
    plugins.close();
  }

  private ActionRunner runner(ActionRunnerSettings settings) {
    runner = new ActionRunner(plugins, settings, meters);
    return runner;
  }

  private ActionRunnerSettings fast() {
    return ActionRunnerSettings.DEFAULTS.withPluginDir(dir).withPollInterval(Duration.ZERO).withThreads(2).withQueueSize(10)
        .withAttemptTimeout(Duration.ofSeconds(10)).withAttempts(3).withBackoff(Duration.ofMillis(10));
  }

  @Test
  void aSucceedingActionEndsSucceededAfterOneAttemptAndIsCounted() throws Exception {
    ActionOutcome outcome = only(runner(fast()).run(List.of(request("echo", Map.of("say", "hi"), Map.of()))));

    assertEquals(new ActionOutcome("echo", "echo", Status.SUCCEEDED, "echo hi from nightly-report-7f3k2", 1), outcome);
    assertEquals(1.0, meters.get("orca.actions").tags("action", "echo", "outcome", "succeeded").counter().count());
    assertEquals(1, meters.get("orca.action.attempt.duration").tags("action", "echo", "result", "succeeded").timer().count());
  }

  @Test
  void outcomesComeInTheOrderOfTheRequests() throws Exception {
    List<ActionOutcome> outcomes = runner(fast())
        .run(List.of(request("refusing"), request("echo"), request("no-such-action"), request("nothing")))
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertEquals(List.of("refusing", "echo", "no-such-action", "nothing"), outcomes.stream().map(ActionOutcome::action).toList());
    assertEquals(List.of(Status.FAILED, Status.SUCCEEDED, Status.UNKNOWN_ACTION, Status.FAILED),
        outcomes.stream().map(ActionOutcome::status).toList());
  }

  @Test
  void anActionNamedByTheTaskRunsThePluginItResolvesTo() throws Exception {
    ActionOutcome outcome = only(runner(fast()).run(List.of(new ActionRequest("echo", TestRuns.run("tell-the-team")))));

    assertEquals("tell-the-team", outcome.action());
    assertEquals("echo", outcome.plugin());
    assertEquals(Status.SUCCEEDED, outcome.status());
  }

  @Test
  void anUnknownActionEndsAtOnceNamingTheInstalledOnes() {
    CompletableFuture<List<ActionOutcome>> outcomes = runner(fast()).run(List.of(request("pager")));

    assertTrue(outcomes.isDone(), "no waiting for an action that does not exist");
    assertEquals(new ActionOutcome("pager", "pager", Status.UNKNOWN_ACTION,
        "no installed plugin provides action 'pager'; installed: echo, flaky, hanging, nothing, probe, refusing, stubborn, throwing", 0),
        outcomes.join().get(0));
  }

  @Test
  void aRetryableFailureIsTriedAgainWithGrowingBackoffUntilItSucceeds() throws Exception {
    long started = System.nanoTime();

    ActionOutcome outcome = only(runner(fast().withBackoff(Duration.ofMillis(100)))
        .run(List.of(request("flaky", Map.of("succeedOnAttempt", "3"), Map.of()))));

    assertEquals(new ActionOutcome("flaky", "flaky", Status.SUCCEEDED, "worked on attempt 3", 3), outcome);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertTrue(took.compareTo(Duration.ofMillis(300)) >= 0, "waited 100 ms, then 200 ms, but took only " + took);
  }

  @Test
  void anActionThatKeepsFailingEndsFailedAfterTheConfiguredAttempts() throws Exception {
    ActionOutcome outcome = only(runner(fast().withAttempts(4)).run(List.of(request("throwing"))));

    assertEquals(new ActionOutcome("throwing", "throwing", Status.FAILED,
        "the plugin threw IllegalStateException: cannot log in with no token (caused by IOException: connection reset)", 4), outcome);
    assertEquals(4, Gate.entered());
  }

  @Test
  void aRetryRunsTheNewVersionOfAPluginReplacedMeanwhile() throws Exception {
    CompletableFuture<List<ActionOutcome>> outcomes = runner(fast().withBackoff(Duration.ofSeconds(1)).withAttempts(2))
        .run(List.of(request("flaky", Map.of("succeedOnAttempt", "99"), Map.of())));
    Await.until("the first attempt", WAIT, () -> Gate.entered() == 1);

    plugin("test-actions").version("2.0.0").actions(FlakyFixed.class).writeTo(dir.resolve("test-actions.jar"));
    plugins.refresh();

    assertEquals(new ActionOutcome("flaky", "flaky", Status.SUCCEEDED, "fixed, on attempt 2", 2),
        outcomes.get(WAIT.toSeconds(), TimeUnit.SECONDS).get(0));
  }

  @Test
  void aPermanentFailureIsNotTriedAgain() throws Exception {
    ActionOutcome outcome = only(runner(fast()).run(List.of(request("refusing"))));

    assertEquals(Status.FAILED, outcome.status());
    assertEquals(1, outcome.attempts());
    assertEquals(1, Gate.entered());
  }

  @Test
  void aNullResultIsAFailureThatIsNotTriedAgain() throws Exception {
    assertEquals(new ActionOutcome("nothing", "nothing", Status.FAILED, "the plugin returned no result", 1),
        only(runner(fast()).run(List.of(request("nothing")))));
  }

  @Test
  void aHangingAttemptIsInterruptedAtItsTimeoutAndTriedAgain() throws Exception {
    ActionOutcome outcome = only(runner(fast().withAttemptTimeout(Duration.ofMillis(200)).withAttempts(2))
        .run(List.of(request("hanging"))));

    assertEquals(new ActionOutcome("hanging", "hanging", Status.TIMED_OUT, "the plugin gave no answer within 200 ms", 2), outcome);
    assertEquals(2, Gate.entered());
    assertEquals(1, meters.get("orca.actions").tags("action", "hanging", "outcome", "timed_out").counter().count());
  }

  @Test
  void aPluginIgnoringInterruptionDoesNotHoldTheOnlyThread() throws Exception {
    runner(fast().withThreads(1).withAttemptTimeout(Duration.ofMillis(200)).withAttempts(1));

    ActionOutcome stuck = only(runner.run(List.of(request("stubborn"))));
    ActionOutcome next = only(runner.run(List.of(request("echo"))));

    assertEquals(Status.TIMED_OUT, stuck.status());
    assertEquals(Status.SUCCEEDED, next.status(), "ran while the stubborn plugin still holds its thread");
    assertEquals(1.0, meters.get("orca.action.attempts.abandoned").gauge().value());
    Await.until("the stubborn plugin to notice its interrupt", WAIT, () -> Gate.interrupts() == 1);

    Gate.open();
    Await.until("the abandoned thread to come back", WAIT,
        () -> meters.get("orca.action.attempts.abandoned").gauge().value() == 0.0);
  }

  @Test
  void aPluginHoldingAsManyAbandonedThreadsAsThePoolGetsNoMoreUntilOneComesBack() throws Exception {
    runner(fast().withThreads(1).withAttemptTimeout(Duration.ofMillis(200)).withAttempts(2));

    // Attempt 1 times out and keeps its thread; attempt 2 is not started.
    ActionOutcome refused = only(runner.run(List.of(request("stubborn"))));

    assertEquals(new ActionOutcome("stubborn", "stubborn", Status.FAILED, "not started: 1 earlier attempt is still "
        + "running after the timeout, ignoring interruption, as many as one plugin may hold", 2), refused);
    assertEquals(1, Gate.entered(), "the second attempt never reached the plugin");
    ActionOutcome other = only(runner.run(List.of(request("echo"))));
    assertEquals(1.0, meters.get("orca.action.attempts.abandoned").gauge().value(), "no second thread lost");
    assertEquals(Status.SUCCEEDED, other.status(), "other plugins run as before");

    Gate.open();
    Await.until("the abandoned thread to come back", WAIT,
        () -> meters.get("orca.action.attempts.abandoned").gauge().value() == 0.0);
    assertEquals(Status.SUCCEEDED, only(runner.run(List.of(request("stubborn")))).status(),
        "started again once its thread came back");
  }

  @Test
  void anAnswerAfterTheTimeoutIsIgnored() throws Exception {
    CompletableFuture<List<ActionOutcome>> outcomes = runner(fast().withAttemptTimeout(Duration.ofMillis(200)).withAttempts(1))
        .run(List.of(request("stubborn")));
    ActionOutcome outcome = outcomes.get(WAIT.toSeconds(), TimeUnit.SECONDS).get(0);

    Gate.open();
    Await.until("the late answer to come back", WAIT,
        () -> meters.get("orca.action.attempts.abandoned").gauge().value() == 0.0);

    assertEquals(Status.TIMED_OUT, outcome.status());
    assertEquals(0, meters.find("orca.actions").tags("outcome", "succeeded").counters().size());
  }

  @Test
  void actionsBeyondThreadsAndQueueAreRejectedAtOnce() throws Exception {
    runner(fast().withThreads(1).withQueueSize(1));
    CompletableFuture<List<ActionOutcome>> blocking = runner.run(List.of(request("stubborn"), request("echo")));

    ActionOutcome rejected = only(runner.run(List.of(request("echo"))));

    assertEquals(new ActionOutcome("echo", "echo", Status.REJECTED,
        "not run: Orca is already running or queueing 2 actions, as many as it is set up to hold", 0), rejected);
    Gate.open();
    assertEquals(List.of(Status.SUCCEEDED, Status.SUCCEEDED),
        blocking.get(WAIT.toSeconds(), TimeUnit.SECONDS).stream().map(ActionOutcome::status).toList());
    assertEquals(Status.SUCCEEDED, only(runner.run(List.of(request("echo")))).status(), "room again once they finished");
  }

  @Test
  void aPluginRunsWithItsOwnClassLoaderAsContextClassLoader() throws Exception {
    assertEquals("context class loader is the plugin's: true; API from the plugin: false; Jackson from the plugin: false",
        only(runner(fast()).run(List.of(request("probe")))).message());
  }

  @Test
  void secretsNeverAppearInMessagesOrLogs() throws Exception {
    Map<String, String> secrets = Map.of("token", "tok-3f9a1c77");
    PrintStream stderr = System.err;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    List<ActionOutcome> outcomes;
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    try {
      outcomes = runner(fast().withAttempts(2))
          .run(List.of(request("throwing", Map.of(), secrets), request("refusing", Map.of(), secrets)))
          .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } finally {
      System.setErr(stderr);
    }

    assertEquals("the plugin threw IllegalStateException: cannot log in with ***** (caused by IOException: connection reset)",
        outcomes.get(0).message());
    assertEquals("the receiver refused token *****", outcomes.get(1).message());
    String logged = logs.toString(StandardCharsets.UTF_8);
    assertTrue(logged.contains("cannot log in with *****"), "the failures were logged:\n" + logged);
    assertFalse(logged.contains("tok-3f9a1c77"), "a secret was logged:\n" + logged);
  }

  @Test
  void closingEndsActionsWaitingForTheirNextAttempt() throws Exception {
    CompletableFuture<List<ActionOutcome>> outcomes = runner(fast().withBackoff(Duration.ofMinutes(5)))
        .run(List.of(request("flaky", Map.of("succeedOnAttempt", "3"), Map.of())));
    Await.until("the first attempt", WAIT, () -> Gate.entered() == 1);
    Await.until("the retry to be scheduled", WAIT,
        () -> meters.find("orca.action.attempt.duration").timers().size() == 1);

    runner.close();

    assertEquals(new ActionOutcome("flaky", "flaky", Status.REJECTED,
        "Orca shut down before the action finished; attempt 1 failed: not yet on attempt 1", 1),
        outcomes.get(WAIT.toSeconds(), TimeUnit.SECONDS).get(0));
  }

  @Test
  void actionsAfterCloseAreRejected() throws Exception {
    runner(fast()).close();

    assertEquals(new ActionOutcome("echo", "echo", Status.REJECTED, "not run: Orca is shutting down", 0),
        only(runner.run(List.of(request("echo")))));
  }

  private static ActionOutcome only(CompletableFuture<List<ActionOutcome>> outcomes) throws Exception {
    List<ActionOutcome> all = outcomes.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(1, all.size());
    return all.get(0);
  }
}
