package cloud.sirocco.orca.cli;

import cloud.sirocco.orca.cli.check.AdmissionCheck;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Checks that Orca's admission webhook answers: asks the API server to create a Task in dry run, "
        + "which passes through Orca's mutating and validating webhooks and stores nothing.",
        "Right after an install the webhook's Service may route nowhere for a few seconds, and a kubectl apply of a "
            + "Task or Ignitor is refused; --wait tries until the webhook answers."})
final class CheckCommand extends OrcaCommand {

  @Option(names = "--wait", defaultValue = "0", paramLabel = "SECONDS",
      description = "How long to keep trying while the webhook does not answer. Default: ${DEFAULT-VALUE} (once).")
  private int waitSeconds;

  @Override
  void print(OrcaNamespace namespace, PrintWriter out) {
    out.println(new AdmissionCheck(namespace).await(Duration.ofSeconds(waitSeconds)));
  }
}
