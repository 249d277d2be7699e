package cloud.sirocco.orca.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/** {@code kubectl orca} run in the test's JVM against a client of the mock API server, at a fixed time. */
final class Cli {

  static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
  /** How often a wait looks again. */
  static final Duration POLL = Duration.ofMillis(10);

  private Cli() {}

  /** @param mock the test's client of the mock server, whose configuration the plugin's own client takes */
  static Result run(KubernetesClient mock, String... args) {
    return run(mock, new StringWriter(), args);
  }

  /**
   * Starts a command that runs until the cluster changes (e.g. {@code watch}); its output so far is readable while it
   * runs.
   */
  static Running start(KubernetesClient mock, String... args) {
    StringWriter out = new StringWriter();
    return new Running(out, CompletableFuture.supplyAsync(() -> run(mock, out, args)));
  }

  private static Result run(KubernetesClient mock, StringWriter out, String... args) {
    StringWriter err = new StringWriter();
    try (KubernetesClient client = PluginClient.build(mock.getConfiguration())) {
      int code = new OrcaCli(() -> client, Clock.fixed(NOW, ZoneOffset.UTC)).commandLine()
          .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
      return new Result(code, out.toString(), err.toString());
    }
  }

  /** A command started in the background: {@code out} is a StringWriter, safe to read from another thread. */
  record Running(StringWriter out, CompletableFuture<Result> result) {

    /** Waits until the output so far contains {@code text}. */
    void awaitOutput(String text, Duration timeout) {
      Instant deadline = Instant.now().plus(timeout);
      while (!out.toString().contains(text)) {
        if (Instant.now().isAfter(deadline) || result.isDone()) {
          throw new AssertionError("no \"" + text + "\" printed within " + timeout + "; printed:\n" + out);
        }
        // A pause, not a spin: the command and the mock server need the (few) cores.
        LockSupport.parkNanos(POLL.toNanos());
      }
    }
  }

  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }
}
