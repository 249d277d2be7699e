package cloud.sirocco.orca.action;

import static cloud.sirocco.orca.action.TestActions.action;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import cloud.sirocco.orca.action.AttemptVerdict.Kind;
import cloud.sirocco.orca.action.TestActions.Execution;
import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugin.api.TaskAction;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PluginCallTest {

  private static final SecretMask NO_SECRETS = new SecretMask(Map.of());

  @Test
  void theResultOfThePluginIsTheVerdict() {
    assertEquals(new AttemptVerdict(Kind.SUCCEEDED, "sent"), call(context -> ActionResult.success("sent")));
    assertEquals(new AttemptVerdict(Kind.FAILED, "no such room"),
        call(context -> ActionResult.failure("no such room")));
    assertEquals(new AttemptVerdict(Kind.RETRYABLE_FAILURE, "busy"), call(context -> ActionResult.retry("busy")));
  }

  @Test
  void noResultIsAFinalFailure() {
    assertEquals(new AttemptVerdict(Kind.NO_RESULT, "the plugin returned no result"), call(context -> null));
  }

  @Test
  void whateverThePluginThrowsBecomesAVerdictNamingTheRootCause() {
    assertEquals(new AttemptVerdict(Kind.THREW,
        "the plugin threw IllegalStateException: cannot log in (caused by IOException: connection reset)"),
        call(context -> {
          throw new IllegalStateException("cannot log in", new IOException("connection reset"));
        }));
    assertEquals(new AttemptVerdict(Kind.THREW, "the plugin threw NoClassDefFoundError: com/example/Client"),
        call(context -> {
          throw new NoClassDefFoundError("com/example/Client");
        }));
  }

  @Test
  void secretsAreHiddenInTheMessage() {
    SecretMask mask = new SecretMask(Map.of("token", "tok-3f9a1c77"));

    assertEquals("the receiver refused tok *****",
        PluginCall.invoke(action(context -> ActionResult.failure("the receiver refused tok tok-3f9a1c77")),
            TestRuns.run("notify"), mask).message());
    assertEquals("the plugin threw IllegalArgumentException: bad token *****",
        PluginCall.invoke(action(context -> {
          throw new IllegalArgumentException("bad token tok-3f9a1c77");
        }), TestRuns.run("notify"), mask).message());
  }

  @Test
  void aLongMessageIsCutToFitAnEvent() {
    String message = call(context -> ActionResult.failure("x".repeat(5000))).message();

    assertEquals(PluginCall.MAX_MESSAGE_CHARS, message.length());
    assertEquals("x".repeat(PluginCall.MAX_MESSAGE_CHARS - 1) + "…", message);
  }

  @Test
  void thePluginRunsWithItsOwnClassLoaderAndTheThreadGetsItsOwnBack() throws Exception {
    AtomicReference<ClassLoader> during = new AtomicReference<>();
    TaskAction action = action(context -> {
      during.set(Thread.currentThread().getContextClassLoader());
      return ActionResult.success("ok");
    });
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try (URLClassLoader callers = new URLClassLoader(new URL[0])) {
      thread.setContextClassLoader(callers);

      PluginCall.invoke(action, TestRuns.run("probe"), NO_SECRETS);

      assertSame(action.getClass().getClassLoader(), during.get());
      assertSame(callers, thread.getContextClassLoader());
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  private static AttemptVerdict call(Execution execution) {
    return PluginCall.invoke(action(execution), TestRuns.run("notify"), NO_SECRETS);
  }
}
