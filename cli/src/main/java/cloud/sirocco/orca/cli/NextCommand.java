package cloud.sirocco.orca.cli;

import cloud.sirocco.orca.cli.schedule.NextFires;
import cloud.sirocco.orca.model.Ignitor;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "next", mixinStandardHelpOptions = true, description = "An Ignitor's next fires.")
final class NextCommand implements Callable<Integer> {

  @ParentCommand
  private OrcaCli orca;

  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "IGNITOR", description = "The Ignitor.")
  private String ignitorName;

  @Option(names = {"-c", "--count"}, defaultValue = "5", description = "How many fires. Default: ${DEFAULT-VALUE}.")
  private int count;

  @Override
  public Integer call() {
    OrcaNamespace namespace = orca.namespace();
    GenericKubernetesResource stored = namespace.ignitorAsStored(ignitorName);
    Object listed = stored.get("status", "nextFires");
    Optional<List<?>> nextFires = listed instanceof List<?> list ? Optional.of(list) : Optional.empty();
    Ignitor ignitor = namespace.convert(stored, Ignitor.class);
    spec.commandLine().getOut().print(NextFires.render(ignitor, nextFires, count, orca.clock().instant()));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
