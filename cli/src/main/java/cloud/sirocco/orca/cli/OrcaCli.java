package cloud.sirocco.orca.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code kubectl orca}: a kubectl plugin reading Orca's Tasks, Ignitors, run pods and Events with the user's own
 * kubeconfig and rights. It has no server of its own; the one thing it writes is a RunRequest, asking the operator for a
 * run ({@code run}, {@code replay}).
 */
@Command(name = "kubectl orca", mixinStandardHelpOptions = true, versionProvider = OrcaCli.Version.class,
    description = "See Orca's trigger graph, the runs of a Task, and why it did or did not run; run a Task, replay a "
        + "run, watch a workflow run, and check that Orca's admission webhook answers.",
    subcommands = {GraphCommand.class, WhyCommand.class, RunsCommand.class, LogsCommand.class, NextCommand.class,
        RunCommand.class, ReplayCommand.class, WatchCommand.class, CheckCommand.class})
public final class OrcaCli {

  @Option(names = {"-n", "--namespace"}, scope = ScopeType.INHERIT, paramLabel = "NAMESPACE",
      description = "The namespace (default: the kubeconfig context's, else default).")
  String namespace;

  private final Supplier<KubernetesClient> clients;
  private final Clock clock;
  private KubernetesClient client;

  public OrcaCli(Supplier<KubernetesClient> clients, Clock clock) {
    this.clients = clients;
    this.clock = clock;
  }

  public static void main(String[] args) {
    OrcaCli orca = new OrcaCli(() -> PluginClient.build(Config.autoConfigure(null)), Clock.systemUTC());
    int code;
    try {
      code = orca.commandLine()
          .setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true))
          .setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true))
          .execute(args);
    } finally {
      orca.close();
    }
    System.exit(code);
  }

  /** The command line, with errors from the API server or the user's request shown as one sentence. */
  public CommandLine commandLine() {
    CommandLine line = new CommandLine(this);
    line.setExecutionExceptionHandler((error, command, parsed) -> {
      PrintWriter err = command.getErr();
      if (error instanceof UserError) {
        err.println("error: " + error.getMessage());
      } else if (error instanceof KubernetesClientException api) {
        err.println("error: " + describe(api));
      } else {
        throw error;
      }
      return 1;
    });
    return line;
  }

  /**
   * The API server's own sentence when it answered (e.g. RBAC's "... is forbidden: User ... cannot list ..."); where
   * it could not be reached, which server and what to check; else fabric8's sentence with the cause.
   */
  private String describe(KubernetesClientException error) {
    if (error.getStatus() != null && error.getStatus().getMessage() != null) {
      return error.getStatus().getMessage();
    }
    for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException || cause instanceof UnknownHostException
          || cause instanceof HttpConnectTimeoutException) {
        return "could not reach the API server at " + client.getMasterUrl() + " (" + cause
            + "): is the cluster up, and is this the kubeconfig context you meant?";
      }
    }
    return error.getCause() == null ? error.getMessage() : error.getMessage().trim() + " " + error.getCause();
  }

  /** The namespace the commands read: {@code -n}, or the kubeconfig context's. */
  OrcaNamespace namespace() {
    KubernetesClient kubernetes = client();
    String name = namespace != null ? namespace
        : kubernetes.getNamespace() != null ? kubernetes.getNamespace() : "default";
    return new OrcaNamespace(kubernetes, name);
  }

  Clock clock() {
    return clock;
  }

  private KubernetesClient client() {
    if (client == null) {
      client = clients.get();
    }
    return client;
  }

  private void close() {
    if (client != null) {
      client.close();
    }
  }

  /** The version of the jar, from its manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = OrcaCli.class.getPackage().getImplementationVersion();
      return new String[] {"kubectl-orca " + (version == null ? "(development build)" : version)};
    }
  }
}
