package cloud.sirocco.orca.validation;

import static cloud.sirocco.orca.testing.Workflows.ignitor;
import static cloud.sirocco.orca.testing.Workflows.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.testing.InMemoryNamespace;
import cloud.sirocco.orca.testing.Workflows;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of startOnAllSucceeded, as WorkflowRules checks them. */
class JoinRulesTest {

  private final InMemoryNamespace namespace = new InMemoryNamespace(Workflows.NAMESPACE)
      .put(ignitor("nightly", "0 2 * * *").build())
      .put(ignitor("hourly", "0 * * * *").build())
      .put(task("extract").startOnIgnition("nightly").image("busybox:1.36").build())
      .put(task("a").startOnSuccess("extract").image("busybox:1.36").build())
      .put(task("b").startOnSuccess("extract").image("busybox:1.36").build());

  private Verdict check(Task task) {
    return WorkflowRules.checkTask(task, namespace);
  }

  @Test
  void acceptsAJoinOfTasksThatShareAnUpstream() {
    Verdict verdict = check(task("report").startOnAllSucceeded("a", "b").image("busybox:1.36").build());

    assertTrue(verdict.allowed(), verdict.errors()::toString);
    assertEquals(List.of(), verdict.warnings());
  }

  @Test
  void rejectsAnUnknownTaskWithItsFieldPath() {
    Verdict verdict = check(task("report").startOnAllSucceeded("a", "missing").image("busybox:1.36").build());

    assertEquals(1, verdict.errors().size(), verdict.errors()::toString);
    assertEquals("spec.startOnAllSucceeded[1]", verdict.errors().get(0).field());
    assertTrue(verdict.errors().get(0).message().startsWith("Task \"missing\" does not exist in namespace"),
        verdict.errors().get(0).message());
  }

  @Test
  void rejectsATaskNamedTwice() {
    Verdict verdict = check(task("report").startOnAllSucceeded("a", "b", "a").image("busybox:1.36").build());

    assertEquals("spec.startOnAllSucceeded[2]", verdict.errors().get(0).field());
    assertTrue(verdict.errors().get(0).message().contains("also spec.startOnAllSucceeded[0]"));
  }

  @Test
  void rejectsTasksWhoseMessagesWouldShareAVariable() {
    namespace.put(task("load-x").startOnSuccess("extract").image("busybox:1.36").build());
    namespace.put(task("load.x").startOnSuccess("extract").image("busybox:1.36").build());

    Verdict verdict = check(task("report").startOnAllSucceeded("load-x", "load.x").image("busybox:1.36").build());

    assertEquals("spec.startOnAllSucceeded[1]", verdict.errors().get(0).field());
    assertTrue(verdict.errors().get(0).message().contains("ORCA_DATA_LOAD_X"), verdict.errors().get(0).message());
  }

  @Test
  void countsAJoinAsASuccessEdgeInCycles() {
    namespace.put(task("a").startOnSuccess("extract", "report").image("busybox:1.36").build());

    Verdict verdict = check(task("report").startOnAllSucceeded("a", "b").image("busybox:1.36").build());

    assertEquals(1, verdict.errors().size(), verdict.errors()::toString);
    assertEquals("spec.startOnAllSucceeded[0]", verdict.errors().get(0).field());
    assertTrue(verdict.errors().get(0).message().contains("report -> a -> report"), verdict.errors().get(0).message());
  }

  @Test
  void warnsOfAJoinWhoseTasksHaveNoOriginInCommon() {
    namespace.put(task("hourly-sync").startOnIgnition("hourly").image("busybox:1.36").build());

    Verdict verdict = check(task("report").startOnAllSucceeded("a", "hourly-sync").image("busybox:1.36").build());

    assertTrue(verdict.allowed(), verdict.errors()::toString);
    assertEquals(1, verdict.warnings().size(), verdict.warnings()::toString);
    assertTrue(verdict.warnings().get(0).contains("a, hourly-sync have no Ignitor or Task upstream of them all"),
        verdict.warnings().get(0));
  }

  @Test
  void aJoinOfATaskAndItsOwnDownstreamSharesTheirWorkflowRuns() {
    Verdict verdict = check(task("report").startOnAllSucceeded("extract", "a").image("busybox:1.36").build());

    assertEquals(List.of(), verdict.warnings());
  }

  @Test
  void warnsOfAJoinOfOneTask() {
    Verdict verdict = check(task("report").startOnAllSucceeded("a").image("busybox:1.36").build());

    assertTrue(verdict.allowed());
    assertTrue(verdict.warnings().get(0).contains("a join of one is startOnSuccess"), verdict.warnings()::toString);
  }

  @Test
  void aTaskStartingOnlyOnAJoinHasATrigger() {
    Verdict verdict = check(task("report").startOnAllSucceeded("a", "b").image("busybox:1.36").build());

    assertTrue(verdict.warnings().stream().noneMatch(w -> w.contains("has no trigger")), verdict.warnings()::toString);
  }

  @Test
  void deletingAJoinedTaskWarnsOfTheJoin() {
    namespace.put(task("report").startOnAllSucceeded("a", "b").image("busybox:1.36").build());

    List<String> warnings = WorkflowRules.warningsOnDelete(namespace.task("a").orElseThrow(), namespace);

    assertEquals(1, warnings.size(), warnings::toString);
    assertTrue(warnings.get(0).contains("still starts report"), warnings.get(0));
  }
}
