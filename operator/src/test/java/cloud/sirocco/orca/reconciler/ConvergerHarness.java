package cloud.sirocco.orca.reconciler;

import cloud.sirocco.orca.action.RunActions;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cloud.sirocco.orca.deadline.SuccessDeadlines;
import cloud.sirocco.orca.graph.TriggerKind;
import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.IgnitorStatus;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.run.RunLauncher;
import cloud.sirocco.orca.names.RunNames;
import cloud.sirocco.orca.run.Trigger;
import cloud.sirocco.orca.status.RejectedRuns;
import cloud.sirocco.orca.testing.InMemoryCluster;
import cloud.sirocco.orca.testing.InMemoryNamespace;
import cloud.sirocco.orca.testing.Workflows;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A TaskConverger over an in-memory cluster and namespace, driven the way TaskReconciler drives it: a pass
 * persists the status first, then writes the pod marks, then deletes.
 */
final class ConvergerHarness {

  static final String NS = Workflows.NAMESPACE;

  final InMemoryCluster cluster = new InMemoryCluster();
  final InMemoryNamespace namespace = new InMemoryNamespace(NS);
  final StubRunActions actions = new StubRunActions();
  /** Runs pinned by replays not done yet, each with its RunRequest, as TaskRunRequests.pins finds them. */
  final Map<String, String> pins = new HashMap<>();
  final TaskConverger converger =
      new TaskConverger(cluster, new RunLauncher(cluster, new SimpleMeterRegistry()), actions,
          new SimpleMeterRegistry());

  ConvergerHarness with(Workflows.TaskBuilder... tasks) {
    for (Workflows.TaskBuilder task : tasks) {
      namespace.put(task.build());
    }
    return this;
  }

  ConvergerHarness with(Ignitor ignitor) {
    namespace.put(ignitor);
    return this;
  }

  Task task(String name) {
    return namespace.task(name).orElseThrow();
  }

  TaskStatus status(String task) {
    return task(task).getStatus();
  }

  /** What a pass decides, with nothing persisted: as if the operator stopped before its writes. */
  TaskConverger.Outcome decide(String task) {
    return converger.converge(task(task), cluster, pins, namespace, cluster.now(), () -> {});
  }

  /**
   * A full reconcile: decide, persist the status, add refused runs to other Tasks' statuses, then mark pods, then
   * delete.
   */
  TaskConverger.Outcome pass(String task) {
    TaskConverger.Outcome outcome = passBeforeItsPodMarks(task);
    outcome.marks().forEach(mark -> mark.applyTo(cluster));
    outcome.deletions().forEach(pod -> cluster.delete(NS, pod));
    return outcome;
  }

  /** A reconcile that stopped after its status writes, or whose pod marks the cache does not show yet. */
  TaskConverger.Outcome passBeforeItsPodMarks(String task) {
    TaskConverger.Outcome outcome = decide(task);
    persist(task, outcome);
    outcome.rejections().forEach(rejection -> {
      Task target = task(rejection.task().getMetadata().getName());
      if (target.getStatus() == null) {
        target.setStatus(new TaskStatus());
      }
      RejectedRuns.add(target.getStatus(), rejection.run());
    });
    return outcome;
  }

  /**
   * A full reconcile whose status write goes over the status as stored, as TaskReconciler's does: refused runs that
   * another pass added since this one read it are kept.
   */
  TaskConverger.Outcome passWritingOverTheStoredStatus(String task) {
    TaskStatus base = Copies.deepCopy(status(task));
    TaskConverger.Outcome outcome = decide(task);
    task(task).setStatus(RejectedRuns.carriedOver(base, status(task), outcome.status()));
    outcome.marks().forEach(mark -> mark.applyTo(cluster));
    outcome.deletions().forEach(pod -> cluster.delete(NS, pod));
    return outcome;
  }

  /** Another Task's pass was refused a pod of {@code task}, and added it to its status. */
  void addRejectedRun(String task, String run) {
    RejectedRuns.add(status(task), RejectedRuns.of(run,
        Trigger.afterRun(TriggerKind.SUCCESS, "upstream", "upstream-abc", "nightly-0a1b2c3d4e", "", cluster.now()),
        cluster.now(), "quota"));
  }

  void persist(String task, TaskConverger.Outcome outcome) {
    task(task).setStatus(outcome.status());
  }

  Ignitor ignitor(String name) {
    return namespace.ignitor(name).orElseThrow();
  }

  /** Records a fire in the Ignitor's status, in its current generation, as IgnitorReconciler does. */
  void fire(String ignitor, String time) {
    Ignitor stored = ignitor(ignitor);
    IgnitorStatus status = stored.getStatus() == null ? new IgnitorStatus() : stored.getStatus();
    status.setLastFireTime(time);
    status.setLastFireGeneration(stored.getMetadata().getGeneration());
    stored.setStatus(status);
  }

  /** The Task's run pods, oldest first. */
  List<Pod> runs(String task) {
    return cluster.runPods(NS, task).stream()
        .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp())
            .thenComparing(p -> p.getMetadata().getName()))
        .toList();
  }

  Pod onlyRun(String task) {
    List<Pod> runs = runs(task);
    assertEquals(1, runs.size(), () -> "runs of " + task + ": " + names(runs));
    return runs.get(0);
  }

  Pod latestRun(String task) {
    List<Pod> runs = runs(task);
    return runs.get(runs.size() - 1);
  }

  /** Starts the pod, lets {@code took} pass, and ends it with {@code exitCode}. */
  void run(Pod pod, Duration took, int exitCode, String message) {
    cluster.start(NS, pod.getMetadata().getName());
    cluster.advance(took);
    cluster.finish(NS, pod.getMetadata().getName(), exitCode, message);
  }

  Pod refreshed(Pod pod) {
    return cluster.pod(NS, pod.getMetadata().getName()).orElseThrow();
  }

  static Map<String, String> env(Pod pod) {
    return pod.getSpec().getContainers().get(0).getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, e -> String.valueOf(e.getValue())));
  }

  static boolean handled(Pod pod) {
    return pod.getMetadata().getAnnotations() != null
        && pod.getMetadata().getAnnotations().containsKey(RunNames.HANDLED_ANNOTATION);
  }


  List<InMemoryCluster.RecordedEvent> events(String reason) {
    return cluster.events().stream().filter(e -> reason.equals(e.reason())).toList();
  }

  static List<String> names(List<Pod> pods) {
    return pods.stream().map(p -> p.getMetadata().getName()).toList();
  }

  /** The Task's Overdue condition, which a test expects there. */
  static Condition overdueCondition(TaskStatus status) {
    return status.getConditions().stream().filter(c -> c.getType().equals(SuccessDeadlines.CONDITION)).findFirst()
        .orElseThrow(() -> new AssertionError("no Overdue condition in " + status.getConditions()));
  }
}
