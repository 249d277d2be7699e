package cloud.sirocco.orca.graph;

import cloud.sirocco.orca.model.Task;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Paths through a namespace's trigger graph, where an edge {@code U -> D} means "a run of U starts D".
 *
 * <p>Searches walk edges backwards, from a Task to the Tasks it names, so they only need a lookup by name and
 * visit only the part of the graph upstream of the Task in question, however large the namespace.
 */
public final class TriggerPaths {

  private final Function<String, Optional<Task>> tasks;

  /** @param tasks looks a Task up by name in one namespace (an incoming Task should shadow its stored version) */
  public TriggerPaths(Function<String, Optional<Task>> tasks) {
    this.tasks = tasks;
  }

  /** The paths with {@code task} as given, in place of whatever {@code others} holds under its name. */
  public static TriggerPaths around(Task task, Function<String, Optional<Task>> others) {
    String self = task.getMetadata().getName();
    return new TriggerPaths(name -> name.equals(self) ? Optional.of(task) : others.apply(name));
  }

  /** The edges a run's success follows: a join is one too, though it waits for its other upstreams. */
  private static final Set<TriggerKind> ON_SUCCESS = EnumSet.of(TriggerKind.SUCCESS, TriggerKind.JOIN);

  /**
   * A cycle made only of success edges (joins included) that runs through {@code task}, as task names in trigger order starting and
   * ending with {@code task} (e.g. {@code [a, b, a]}); empty when there is none.
   */
  public Optional<List<String>> successCycleThrough(Task task) {
    String name = task.getMetadata().getName();
    return pathBack(task, name, ON_SUCCESS);
  }

  /**
   * Whether {@code downstream} can, through any chain of triggers, start {@code upstream} again: then an edge
   * {@code upstream -> downstream} closes a loop, and a failure edge there is a retry.
   */
  public boolean closesLoop(String upstream, Task downstream) {
    if (upstream.equals(downstream.getMetadata().getName())) {
      return true;
    }
    return tasks.apply(upstream)
        .flatMap(up -> pathBack(up, downstream.getMetadata().getName(), TriggerKind.BETWEEN_TASKS))
        .isPresent();
  }

  /**
   * The origins a workflow run through {@code task} can begin at: the Ignitors upstream of it and every Task upstream
   * of it, itself included (any Task can be started by a RunRequest, as a new workflow run). Runs of two Tasks can
   * share a workflow run only if their origins meet.
   */
  public Set<String> origins(String task) {
    Upstream upstream = upstream(task);
    Set<String> origins = new HashSet<>();
    upstream.ignitors().forEach(ignitor -> origins.add("Ignitor/" + ignitor));
    upstream.tasks().forEach(name -> origins.add("Task/" + name));
    return origins;
  }

  /** The Ignitors upstream of {@code task}: those whose fires begin the workflow runs its runs can belong to. */
  public Set<String> ignitorsUpstream(String task) {
    return upstream(task).ignitors();
  }

  /** What lies upstream of a Task, itself included among the Tasks. */
  private record Upstream(Set<String> tasks, Set<String> ignitors) {}

  private Upstream upstream(String task) {
    Set<String> names = new HashSet<>(List.of(task));
    Set<String> ignitors = new TreeSet<>();
    Deque<String> queue = new ArrayDeque<>(List.of(task));
    while (!queue.isEmpty()) {
      Optional<Task> current = tasks.apply(queue.poll());
      if (current.isEmpty()) {
        continue;
      }
      ignitors.addAll(TriggerKind.IGNITION.sources(current.get().getSpec()));
      for (TriggerKind kind : TriggerKind.BETWEEN_TASKS) {
        for (String source : kind.sources(current.get().getSpec())) {
          if (names.add(source)) {
            queue.add(source);
          }
        }
      }
    }
    return new Upstream(names, ignitors);
  }

  /**
   * Breadth-first search from {@code start} along its trigger lists (backwards along edges) for {@code target}.
   * Returns the forward path {@code target -> ... -> start}, or empty.
   */
  private Optional<List<String>> pathBack(Task start, String target, Set<TriggerKind> kinds) {
    String startName = start.getMetadata().getName();
    Map<String, String> nextTowardStart = new HashMap<>();
    Deque<Task> queue = new ArrayDeque<>();
    queue.add(start);
    nextTowardStart.put(startName, null);
    while (!queue.isEmpty()) {
      Task current = queue.poll();
      String currentName = current.getMetadata().getName();
      for (TriggerKind kind : kinds) {
        for (String source : kind.sources(current.getSpec())) {
          if (source.equals(target)) {
            return Optional.of(forwardPath(target, currentName, nextTowardStart));
          }
          if (nextTowardStart.containsKey(source)) {
            continue;
          }
          Optional<Task> upstream = source.equals(startName) ? Optional.of(start) : tasks.apply(source);
          if (upstream.isPresent()) {
            nextTowardStart.put(source, currentName);
            queue.add(upstream.get());
          }
        }
      }
    }
    return Optional.empty();
  }

  private static List<String> forwardPath(String target, String from, Map<String, String> nextTowardStart) {
    List<String> path = new ArrayList<>();
    path.add(target);
    for (String step = from; step != null; step = nextTowardStart.get(step)) {
      path.add(step);
    }
    return Collections.unmodifiableList(path);
  }
}
