package cloud.sirocco.orca.plugins.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import cloud.sirocco.orca.action.ActionOutcome;
import cloud.sirocco.orca.action.ActionRequest;
import cloud.sirocco.orca.action.ActionRunner;
import cloud.sirocco.orca.action.ActionRunnerSettings;
import cloud.sirocco.orca.action.PluginRegistry;
import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugins.support.Receiver;
import cloud.sirocco.orca.plugins.support.Runs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar this module builds, installed in a plugin directory and run by the operator's registry and runner. */
class HttpPluginThroughOperatorIT {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path pluginDir;

  private Receiver receiver;
  private PluginRegistry plugins;
  private ActionRunner runner;

  @BeforeEach
  void installTheBuiltJar() throws Exception {
    Path jar = Path.of(System.getProperty("orca.plugin.jar"));
    Files.copy(jar, pluginDir.resolve(jar.getFileName()));
    receiver = Receiver.start();
    plugins = new PluginRegistry(pluginDir);
    runner = new ActionRunner(plugins, ActionRunnerSettings.DEFAULTS.withPluginDir(pluginDir)
        .withPollInterval(Duration.ZERO).withBackoff(Duration.ofMillis(50)), new SimpleMeterRegistry());
  }

  @AfterEach
  void shutDown() {
    runner.close();
    plugins.close();
    receiver.close();
  }

  @Test
  void theJarProvidesTheHttpActionFromItsOwnClassLoader() {
    assertEquals(Set.of("http"), plugins.actionNames());
    assertNotSame(HttpAction.class, plugins.find("http").orElseThrow().getClass());
  }

  @Test
  void aFinishedRunReachesTheReceiverExactlyOnce() throws Exception {
    ActionOutcome outcome = run(Runs.failed().actionName("notify-ops").config(Map.of("url", receiver.url("/orca"))).build());

    assertEquals(new ActionOutcome("notify-ops", "http", ActionOutcome.Status.SUCCEEDED,
        "POST " + receiver.url("/orca") + " answered 204", 1), outcome);
    assertEquals("team-a/nightly-report-7f3k2/notify-ops", receiver.next(WAIT).header("Idempotency-Key"));
    assertEquals(0, receiver.waiting(), "exactly one request");
  }

  @Test
  void aReceiverInTroubleGetsEveryAttemptWithTheSameIdempotencyKey() throws Exception {
    receiver.answering(503, "");

    ActionOutcome outcome = run(Runs.failed().secrets(Map.of("url", receiver.url("/orca?token=s3cr3t"))).build());

    assertEquals(new ActionOutcome("notify", "http", ActionOutcome.Status.FAILED,
        "POST the url from the action's Secret answered 503", 3), outcome);
    for (int attempt = 1; attempt <= 3; attempt++) {
      assertEquals("team-a/nightly-report-7f3k2/notify", receiver.next(WAIT).header("Idempotency-Key"));
    }
    assertEquals(0, receiver.waiting());
  }

  private ActionOutcome run(ActionContext context) throws Exception {
    return runner.run(List.of(new ActionRequest("http", context))).get(WAIT.toSeconds(), TimeUnit.SECONDS).get(0);
  }
}
