package cloud.sirocco.orca.cli;

import cloud.sirocco.orca.cli.schedule.NextFires;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "next", mixinStandardHelpOptions = true, description = "An Ignitor's next fires.")
final class NextCommand extends OrcaCommand {

  @Parameters(paramLabel = "IGNITOR", description = "The Ignitor.")
  private String ignitorName;

  @Option(names = {"-c", "--count"}, defaultValue = "5", description = "How many fires. Default: ${DEFAULT-VALUE}.")
  private int count;

  @Override
  void print(OrcaNamespace namespace, PrintWriter out) {
    out.print(NextFires.render(namespace.ignitor(ignitorName), count, orca().clock().instant()));
  }
}
