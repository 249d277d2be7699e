package cloud.sirocco.orca.cli.watch;

import cloud.sirocco.orca.cli.RunText;
import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.names.RunNames;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One workflow run's runs, oldest first, from the Tasks' {@code status.runs} and the run pods that carry its label: a
 * pod shows a run before the Task's status records it, the status a run whose pod the history limits deleted.
 *
 * <p>A run is in flight until the Task's status records it finished and the operator has handed it on (the pod's
 * {@code handled} mark): while a finished run waits for its retry's backoff, or for its downstream to be started,
 * the workflow run is not over.
 */
public final class WorkflowRunView {

  private static final List<String> FINISHED = List.of("Succeeded", "Failed");

  private final String namespace;
  private final String workflowRun;
  private final List<Row> rows;

  /** A run: its Task, its record (from status, or made from its pod), and whether it is still in flight. */
  private record Row(String task, RunRecord run, boolean inFlight) {}

  private WorkflowRunView(String namespace, String workflowRun, List<Row> rows) {
    this.namespace = namespace;
    this.workflowRun = workflowRun;
    this.rows = rows;
  }

  /** @param pods the run pods labelled with {@code workflowRun} */
  public static WorkflowRunView of(String namespace, String workflowRun, List<Task> tasks, List<Pod> pods) {
    Map<String, Pod> podsByName = pods.stream().collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p,
        (a, b) -> a, LinkedHashMap::new));
    List<Row> rows = new ArrayList<>();
    for (Task task : tasks) {
      if (task.getStatus() == null) {
        continue;
      }
      for (RunRecord run : task.getStatus().getRuns()) {
        if (workflowRun.equals(run.getWorkflowRun())) {
          Pod pod = podsByName.remove(run.getName());
          // Both must say so: the pods' and the Tasks' watches arrive in no set order.
          rows.add(new Row(task.getMetadata().getName(), run, !finished(run) || pod != null && inFlight(pod)));
        }
      }
    }
    for (Pod pod : podsByName.values()) {
      rows.add(new Row(pod.getMetadata().getLabels().get(RunNames.TASK_LABEL), fromPod(pod), inFlight(pod)));
    }
    rows.sort(Comparator.comparing((Row r) -> Objects.toString(r.run().getStartTime(), "~"))
        .thenComparing(r -> r.run().getName()));
    return new WorkflowRunView(namespace, workflowRun, rows);
  }

  /** Whether nothing of it is running or waiting to be handed on any more. */
  public boolean finished() {
    return rows.stream().noneMatch(Row::inFlight);
  }

  /** Whether any run of it is known. */
  public boolean exists() {
    return !rows.isEmpty();
  }

  public String render() {
    StringBuilder out = new StringBuilder("Workflow run ").append(workflowRun).append(" in namespace ")
        .append(namespace).append(": ").append(headline()).append('\n');
    int taskWidth = rows.stream().mapToInt(r -> r.task().length()).max().orElse(0);
    int runWidth = rows.stream().mapToInt(r -> r.run().getName().length()).max().orElse(0);
    for (Row row : rows) {
      RunRecord run = row.run();
      String state = row.inFlight() && finished(run) ? RunText.summary(run) + " (being handed on)"
          : RunText.summary(run);
      out.append("  ").append(pad(row.task(), taskWidth)).append("  ").append(pad(run.getName(), runWidth))
          .append("  ").append(state);
      if (run.getTrigger() != null) {
        out.append("  by ").append(RunText.trigger(run.getTrigger(), run.getInitiator()));
      }
      out.append('\n');
    }
    return out.toString();
  }

  private String headline() {
    long inFlight = rows.stream().filter(Row::inFlight).count();
    String count = rows.size() + (rows.size() == 1 ? " run" : " runs");
    if (inFlight > 0) {
      return "in progress, " + count + ", " + inFlight + " in flight";
    }
    Map<String, Long> byPhase = rows.stream().collect(Collectors.groupingBy(
        r -> String.valueOf(r.run().getPhase()).toLowerCase(), LinkedHashMap::new, Collectors.counting()));
    return "finished, " + count + ": " + byPhase.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
        .collect(Collectors.joining(", "));
  }

  private static boolean finished(RunRecord run) {
    return FINISHED.contains(run.getPhase());
  }

  private static boolean inFlight(Pod pod) {
    return RunNames.annotation(pod, RunNames.HANDLED_ANNOTATION) == null;
  }

  /** A run the Task's status does not show yet, as its pod shows it. */
  private static RunRecord fromPod(Pod pod) {
    RunRecord run = new RunRecord();
    run.setName(pod.getMetadata().getName());
    Map<String, String> labels = pod.getMetadata().getLabels();
    run.setInitiator(labels.get(RunNames.INITIATOR_LABEL));
    run.setTrigger(labels.get(RunNames.TRIGGER_LABEL));
    run.setPhase(pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending"
        : pod.getStatus().getPhase());
    run.setStartTime(pod.getStatus() == null ? null : pod.getStatus().getStartTime());
    return run;
  }

  private static String pad(String text, int width) {
    return String.format("%-" + width + "s", text);
  }
}
