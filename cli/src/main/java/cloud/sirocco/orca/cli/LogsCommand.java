package cloud.sirocco.orca.cli;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "logs", mixinStandardHelpOptions = true,
    description = "The container logs of a run (its pod): every step in order, or the template's containers.")
final class LogsCommand extends OrcaCommand {

  @Parameters(paramLabel = "RUN", description = "The run, as kubectl orca runs names it (its pod).")
  private String run;

  @Override
  void print(OrcaNamespace namespace, PrintWriter out) {
    Pod pod = namespace.runPod(run);
    // Steps run as init containers, then the last one as the container: this order is the order they ran in.
    List<String> containers = Stream.concat(pod.getSpec().getInitContainers().stream(),
        pod.getSpec().getContainers().stream()).map(Container::getName).toList();
    for (String container : containers) {
      if (containers.size() > 1) {
        out.println("==> " + container + " <==");
      }
      String log = namespace.log(pod, container);
      out.print(log == null ? "" : log);
      if (log != null && !log.isEmpty() && !log.endsWith("\n")) {
        out.println();
      }
    }
  }
}
