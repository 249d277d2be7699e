package cloud.sirocco.orca.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A subcommand of {@code kubectl orca}: reads one namespace and prints what it found. */
abstract class OrcaCommand implements Callable<Integer> {

  @ParentCommand
  private OrcaCli orca;

  @Spec
  private CommandSpec spec;

  @Override
  public final Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    print(orca.namespace(), out);
    out.flush();
    return 0;
  }

  /** Reads what the command shows from {@code namespace} and writes it to {@code out}. */
  abstract void print(OrcaNamespace namespace, PrintWriter out);

  OrcaCli orca() {
    return orca;
  }
}
