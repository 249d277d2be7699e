package cloud.sirocco.orca.cli;

import cloud.sirocco.orca.cli.graph.WorkflowGraph;
import cloud.sirocco.orca.cli.why.Why;
import cloud.sirocco.orca.model.RunRequest;
import cloud.sirocco.orca.model.Task;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "why", mixinStandardHelpOptions = true,
    description = "Why a Task did or did not run lately: its last run, what stands in its way (invalid spec, "
        + "refused pods, retry limit, reconcile errors, overdue), an open incident, what starts it, its RunRequests "
        + "and the operator's Events about it.")
final class WhyCommand extends OrcaCommand {

  @Parameters(paramLabel = "TASK", description = "The Task.")
  private String taskName;

  @Override
  void print(OrcaNamespace namespace, PrintWriter out) {
    Task task = namespace.task(taskName);
    WorkflowGraph graph = WorkflowGraph.of(namespace.name(), namespace.ignitors(), namespace.tasks());
    out.print(Why.explain(task, graph, runRequests(namespace), namespace.events(task)));
  }

  /** The Task's RunRequests; empty when RBAC does not let the user list them (e.g. a read-only role). */
  private Optional<List<RunRequest>> runRequests(OrcaNamespace namespace) {
    try {
      return Optional.of(namespace.runRequests(taskName));
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
