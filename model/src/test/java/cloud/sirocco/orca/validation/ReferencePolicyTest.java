package cloud.sirocco.orca.validation;

import static cloud.sirocco.orca.testing.Workflows.ignitor;
import static cloud.sirocco.orca.testing.Workflows.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.testing.InMemoryNamespace;
import cloud.sirocco.orca.testing.Workflows;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The same Tasks judged in a namespace that refuses unknown references and in one that waits for them. */
class ReferencePolicyTest {

  private final InMemoryNamespace namespace = new InMemoryNamespace(Workflows.NAMESPACE)
      .put(ignitor("nightly", "0 2 * * *").build());

  private final Task downstreamFirst = task("report").startOnIgnition("hourly").startOnSuccess("extract")
      .image("busybox:1.36").build();

  @Test
  void onlyTheValueEventualOptsIn() {
    assertEquals(ReferencePolicy.EVENTUAL, ReferencePolicy.of(Map.of(ReferencePolicy.LABEL, "eventual")));
    assertEquals(ReferencePolicy.STRICT, ReferencePolicy.of(Map.of(ReferencePolicy.LABEL, "Eventual")));
    assertEquals(ReferencePolicy.STRICT, ReferencePolicy.of(Map.of()));
    assertEquals(ReferencePolicy.STRICT, ReferencePolicy.of(null));
  }

  @Test
  void strictRefusesEveryUnknownReferenceAsBefore() {
    Verdict verdict = WorkflowRules.checkTask(downstreamFirst, namespace, ReferencePolicy.STRICT);

    assertEquals(List.of("spec.startOnIgnition[0]", "spec.startOnSuccess[0]"),
        verdict.errors().stream().map(Violation::field).toList());
    assertEquals(verdict, WorkflowRules.checkTask(downstreamFirst, namespace));
  }

  @Test
  void eventualAdmitsUnknownReferencesWithAWarningNamingEachFieldAndObject() {
    Verdict verdict = WorkflowRules.checkTask(downstreamFirst, namespace, ReferencePolicy.EVENTUAL);

    assertTrue(verdict.allowed(), verdict.errors()::toString);
    assertEquals(List.of(
        "spec.startOnIgnition[0]: Ignitor \"hourly\" does not exist in namespace \"orca-test\" yet; the Task waits "
            + "(Ready=False, UnresolvedReference) until it does",
        "spec.startOnSuccess[0]: Task \"extract\" does not exist in namespace \"orca-test\" yet; the Task waits "
            + "(Ready=False, UnresolvedReference) until it does"),
        verdict.warnings());
  }

  @Test
  void aJoinNamingATaskNotCreatedYetIsAnUnresolvedReferenceLikeAnyTrigger() {
    namespace.put(task("extract").startOnIgnition("nightly").image("busybox:1.36").build());
    Task join = task("report").startOnAllSucceeded("extract", "load").image("busybox:1.36").build();

    Verdict strict = WorkflowRules.checkTask(join, namespace, ReferencePolicy.STRICT);
    Verdict eventual = WorkflowRules.checkTask(join, namespace, ReferencePolicy.EVENTUAL);

    assertEquals(List.of("spec.startOnAllSucceeded[1]"), strict.errors().stream().map(Violation::field).toList());
    assertTrue(eventual.allowed(), eventual.errors()::toString);
    assertEquals(List.of("spec.startOnAllSucceeded[1]: Task \"load\" does not exist in namespace \"orca-test\" yet; "
        + "the Task waits (Ready=False, UnresolvedReference) until it does"), eventual.warnings());
  }

  @Test
  void eventualStillRefusesEveryOtherBrokenRule() {
    Task broken = task("report").startOnSuccess("extract").build();

    Verdict verdict = WorkflowRules.checkTask(broken, namespace, ReferencePolicy.EVENTUAL);

    assertEquals(List.of("spec"), verdict.errors().stream().map(Violation::field).toList());
  }

  @Test
  void eventualRefusesTheSuccessCycleClosedByTheLastTaskApplied() {
    // b named a before a existed; a closes the loop on success: the Task applied last sees the whole cycle.
    namespace.put(task("b").startOnSuccess("a").image("busybox:1.36").build());

    Verdict verdict = WorkflowRules.checkTask(task("a").startOnIgnition("nightly").startOnSuccess("b")
        .image("busybox:1.36").build(), namespace, ReferencePolicy.EVENTUAL);

    assertFalse(verdict.allowed());
    assertTrue(verdict.errors().get(0).message().contains("a -> b -> a (all on success)"),
        verdict.errors()::toString);
  }

  @Test
  void unresolvedReferencesNameFieldKindAndObjectAndLeaveOutTheTaskItself() {
    Task retried = task("load").startOnIgnition("nightly").startOnSuccess("extract").startOnFailure("load", "ghost")
        .image("busybox:1.36").build();

    assertEquals(List.of(new UnresolvedReference("spec.startOnSuccess[0]", "Task", "extract"),
            new UnresolvedReference("spec.startOnFailure[1]", "Task", "ghost")),
        WorkflowRules.unresolvedReferences(retried, namespace));
  }
}
