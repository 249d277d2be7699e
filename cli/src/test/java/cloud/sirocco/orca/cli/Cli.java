package cloud.sirocco.orca.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** {@code kubectl orca} run in the test's JVM against a client of the mock API server, at a fixed time. */
final class Cli {

  static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

  private Cli() {}

  /** @param mock the test's client of the mock server, whose configuration the plugin's own client takes */
  static Result run(KubernetesClient mock, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try (KubernetesClient client = PluginClient.build(mock.getConfiguration())) {
      int code = new OrcaCli(() -> client, Clock.fixed(NOW, ZoneOffset.UTC)).commandLine()
          .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
      return new Result(code, out.toString(), err.toString());
    }
  }

  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }
}
