package cloud.sirocco.orca.cli;

import cloud.sirocco.orca.cli.request.RequestOutcome;
import cloud.sirocco.orca.model.RunRequest;
import cloud.sirocco.orca.model.RunRequestSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * A command that asks the operator for a run by creating a RunRequest, then waits for the operator's answer: the run
 * and workflow run it started, or why it started none (an error).
 */
abstract class RequestCommand extends OrcaCommand {

  @Option(names = "--no-wait", description = "Return once the RunRequest is created, without waiting for its outcome.")
  private boolean noWait;

  @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS",
      description = "How long to wait for the operator's answer. Default: ${DEFAULT-VALUE}.")
  private int timeoutSeconds;

  /** In the request's generated name, e.g. {@code load-run-x7k2p}, {@code load-replay-x7k2p}. */
  private final String verb;

  RequestCommand(String verb) {
    this.verb = verb;
  }

  @Override
  final void print(OrcaNamespace namespace, PrintWriter out) {
    RunRequestSpec spec = spec(namespace);
    RunRequest created = namespace.createRunRequest(spec.getTask() + "-" + verb + "-", spec);
    out.println(RequestOutcome.created(created));
    if (noWait) {
      out.println(RequestOutcome.howToSee(created));
      return;
    }
    out.flush();
    Optional<RunRequest> handled = namespace.awaitHandled(created, Duration.ofSeconds(timeoutSeconds));
    if (handled.isEmpty()) {
      throw new UserError(RequestOutcome.unanswered(created, timeoutSeconds));
    }
    out.print(RequestOutcome.started(handled.get())
        .orElseThrow(() -> new UserError(RequestOutcome.notStarted(handled.get()))));
  }

  /** What to ask for. */
  abstract RunRequestSpec spec(OrcaNamespace namespace);
}
