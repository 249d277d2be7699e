package cloud.sirocco.orca.graph;

import static cloud.sirocco.orca.testing.Workflows.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.testing.InMemoryNamespace;
import cloud.sirocco.orca.testing.Workflows;
import cloud.sirocco.orca.validation.NamespaceView;
import cloud.sirocco.orca.validation.Verdict;
import cloud.sirocco.orca.validation.WorkflowRules;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TriggerPathsTest {

  private final InMemoryNamespace namespace = new InMemoryNamespace(Workflows.NAMESPACE);
  private final TriggerPaths paths = new TriggerPaths(namespace::task);

  private Task put(Workflows.TaskBuilder builder) {
    Task task = builder.build();
    namespace.put(task);
    return task;
  }

  @Test
  void findsSuccessCycleAsNamesInTriggerOrder() {
    // a starts b, b starts c, c starts a.
    Task a = put(task("a").startOnSuccess("c"));
    put(task("b").startOnSuccess("a"));
    put(task("c").startOnSuccess("b"));

    assertEquals(Optional.of(List.of("a", "b", "c", "a")), paths.successCycleThrough(a));
  }

  @Test
  void findsTheSelfLoopOfATaskStartingOnItsOwnSuccess() {
    Task a = put(task("a").startOnSuccess("a"));

    assertEquals(Optional.of(List.of("a", "a")), paths.successCycleThrough(a));
  }

  @Test
  void findsNoSuccessCycleWhenTheLoopHasAFailureEdge() {
    Task a = put(task("a").startOnSuccess("b"));
    put(task("b").startOnFailure("a"));

    assertEquals(Optional.empty(), paths.successCycleThrough(a));
  }

  @Test
  void findsNoSuccessCycleThroughATaskThatIsNotOnIt() {
    // b and c loop, a only starts on b: a is downstream of the loop, not on it.
    put(task("b").startOnSuccess("c"));
    put(task("c").startOnSuccess("b"));
    Task a = put(task("a").startOnSuccess("b"));

    assertEquals(Optional.empty(), paths.successCycleThrough(a));
  }

  @Test
  void findsNoSuccessCycleThroughMissingTasks() {
    Task a = put(task("a").startOnSuccess("ghost"));

    assertEquals(Optional.empty(), paths.successCycleThrough(a));
  }

  @Test
  void closesLoopWhenDownstreamIsTheUpstreamItself() {
    Task flaky = put(task("flaky").startOnFailure("flaky"));

    assertTrue(paths.closesLoop("flaky", flaky));
  }

  @Test
  void closesLoopWhenDownstreamCanStartUpstreamThroughAnyKindOfEdge() {
    // fix starts on build's failure; build starts again on fix's success.
    put(task("build").startOnSuccess("fix"));
    Task fix = put(task("fix").startOnFailure("build"));

    assertTrue(paths.closesLoop("build", fix));
  }

  @Test
  void doesNotCloseLoopForAPlainDownstreamTask() {
    put(task("build").startOnIgnition("nightly"));
    Task alert = put(task("alert").startOnFailure("build"));

    assertFalse(paths.closesLoop("build", alert));
  }

  /** Counts lookups, so a test can prove how much of a namespace a check reads. */
  private static final class CountingView implements NamespaceView {
    private final NamespaceView delegate;
    private final Set<String> looked = new HashSet<>();
    private int lookups;
    private int scans;

    CountingView(NamespaceView delegate) {
      this.delegate = delegate;
    }

    @Override
    public String namespace() {
      return delegate.namespace();
    }

    @Override
    public Optional<Task> task(String name) {
      lookups++;
      looked.add(name);
      return delegate.task(name);
    }

    @Override
    public Optional<Ignitor> ignitor(String name) {
      return delegate.ignitor(name);
    }

    @Override
    public Collection<Task> tasksTriggeredBy(String name) {
      scans++;
      return delegate.tasksTriggeredBy(name);
    }
  }

  @Test
  void cycleCheckReadsOnlyTheTasksUpstreamOfTheIncomingTaskInAHugeNamespace() {
    // A chain of five Tasks, and 100,000 Tasks downstream of its head that the incoming Task never reaches.
    namespace.put(Workflows.ignitor("nightly", "0 2 * * *").build());
    put(task("chain-4").startOnIgnition("nightly").image("busybox:1.36"));
    for (int i = 3; i >= 0; i--) {
      put(task("chain-" + i).startOnSuccess("chain-" + (i + 1)).image("busybox:1.36"));
    }
    for (int i = 0; i < 100_000; i++) {
      Task fan = new Task();
      fan.getMetadata().setName("fan-" + i);
      fan.getSpec().getStartOnSuccess().add(i % 2 == 0 ? "chain-4" : "chain-0");
      namespace.put(fan);
    }
    CountingView view = new CountingView(namespace);

    Verdict verdict = WorkflowRules.checkTask(task("incoming").startOnSuccess("chain-0").image("busybox:1.36").build(),
        view);

    assertTrue(verdict.allowed(), verdict.errors()::toString);
    assertEquals(Set.of("chain-0", "chain-1", "chain-2", "chain-3", "chain-4"), view.looked);
    assertTrue(view.lookups <= 10, () -> "looked a Task up " + view.lookups + " times");
    assertEquals(0, view.scans, "the check must not ask for the Tasks a Task triggers");
  }
}
