package cloud.sirocco.orca.cli;

import cloud.sirocco.orca.cli.graph.NodeText;
import cloud.sirocco.orca.cli.watch.WorkflowRunView;
import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.Task;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Semaphore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "watch", mixinStandardHelpOptions = true,
    description = {"A live view of one workflow run: its runs, Task by Task, as they start, end and are handed on; "
        + "it ends when nothing is running or waiting to be handed on (a retry's backoff, a downstream start).",
        "A terminal's view is redrawn in place; elsewhere each change is printed below the last."})
final class WatchCommand extends OrcaCommand {

  /** ANSI: cursor home, clear the screen. */
  private static final String REDRAW = "\033[H\033[2J";

  @Parameters(paramLabel = "WORKFLOW_RUN", description = "The workflow run (kubectl orca run and runs name it), or a "
      + "Task: its latest run's workflow run.")
  private String target;

  @Option(names = "--once", description = "Print the view once and return, e.g. in a script.")
  private boolean once;

  @Override
  void print(OrcaNamespace namespace, PrintWriter out) {
    String workflowRun = workflowRun(namespace);
    if (once) {
      out.print(view(namespace.name(), workflowRun, namespace.tasks(), namespace.workflowRunPods(workflowRun))
          .render());
      return;
    }
    Semaphore changes = new Semaphore(0);
    SharedIndexInformer<Pod> pods = namespace.informWorkflowRunPods(workflowRun, changes::release);
    SharedIndexInformer<Task> tasks = namespace.informTasks(changes::release);
    try {
      boolean terminal = System.console() != null;
      String shown = null;
      while (true) {
        changes.drainPermits();
        WorkflowRunView view = view(namespace.name(), workflowRun, tasks.getStore().list(), pods.getStore().list());
        String text = view.render();
        if (!text.equals(shown)) {
          out.print(terminal ? REDRAW + text : (shown == null ? "" : "\n") + text);
          out.flush();
          shown = text;
        }
        if (view.finished()) {
          return;
        }
        changes.acquireUninterruptibly();
      }
    } finally {
      pods.close();
      tasks.close();
    }
  }

  /** The workflow run named, or the latest run's of the Task named. */
  private String workflowRun(OrcaNamespace namespace) {
    return namespace.findTask(target).map(task -> NodeText.lastRun(task)
            .map(RunRecord::getWorkflowRun)
            .orElseThrow(() -> new UserError("Task \"" + target + "\" has no run with a workflow run yet (kubectl orca "
                + "why " + target + " -n " + namespace.name() + ")")))
        .orElse(target);
  }

  private static WorkflowRunView view(String namespace, String workflowRun, List<Task> tasks, List<Pod> pods) {
    WorkflowRunView view = WorkflowRunView.of(namespace, workflowRun, tasks, pods);
    if (!view.exists()) {
      throw new UserError("Workflow run \"" + workflowRun + "\" has no runs in namespace \"" + namespace
          + "\": no Task's status.runs and no pod labelled orca.sirocco.cloud/workflow-run=" + workflowRun);
    }
    return view;
  }
}
