package cloud.sirocco.orca.cli;

import cloud.sirocco.orca.cli.schedule.NextFires;
import cloud.sirocco.orca.model.Ignitor;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
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
    GenericKubernetesResource stored = namespace.ignitorAsStored(ignitorName);
    Object listed = stored.get("status", "nextFires");
    Optional<List<?>> nextFires = listed instanceof List<?> list ? Optional.of(list) : Optional.empty();
    Ignitor ignitor = namespace.convert(stored, Ignitor.class);
    out.print(NextFires.render(ignitor, nextFires, count, orca().clock().instant()));
  }
}
