package cloud.sirocco.orca.validation;

import static cloud.sirocco.orca.testing.Workflows.container;
import static cloud.sirocco.orca.testing.Workflows.ignitor;
import static cloud.sirocco.orca.testing.Workflows.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.SuccessDeadline;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.testing.InMemoryNamespace;
import cloud.sirocco.orca.testing.Workflows;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkflowRulesTest {

  /** When the rules are checked: what an Ignitor's schedule is judged against. */
  private static final Instant CHECKED_AT = Instant.parse("2026-03-25T12:00:00Z");

  private final InMemoryNamespace namespace = new InMemoryNamespace(Workflows.NAMESPACE)
      .put(ignitor("nightly", "0 2 * * *").build());

  private Verdict check(Task task) {
    return WorkflowRules.checkTask(task, namespace);
  }

  private static Violation only(Verdict verdict) {
    assertEquals(1, verdict.errors().size(), () -> "expected exactly one violation, got " + verdict.errors());
    return verdict.errors().get(0);
  }

  private static void assertContains(String text, String expected) {
    assertTrue(text.contains(expected), () -> "expected <" + expected + "> in <" + text + ">");
  }

  @Test
  void acceptsTaskStartingOnAnExistingIgnitor() {
    Verdict verdict = check(task("task1").startOnIgnition("nightly").image("busybox:1.36").build());

    assertTrue(verdict.allowed(), verdict.errors()::toString);
    assertEquals(List.of(), verdict.warnings());
  }

  @Test
  void rejectsStartOnIgnitionNamingMissingIgnitorAndSaysToApplyItFirst() {
    Violation violation = only(check(task("task1").startOnIgnition("nightly", "hourly").image("busybox:1.36")
        .build()));

    assertEquals("spec.startOnIgnition[1]", violation.field());
    assertContains(violation.message(), "Ignitor \"hourly\" does not exist in namespace \"orca-test\"");
    assertContains(violation.message(), "apply Ignitors before the Tasks that name them");
  }

  @Test
  void rejectsStartOnSuccessNamingMissingTask() {
    namespace.put(task("build").startOnIgnition("nightly").image("busybox:1.36").build());

    Violation violation = only(check(task("deploy").startOnSuccess("build", "test").image("busybox:1.36")
        .build()));

    assertEquals("spec.startOnSuccess[1]", violation.field());
    assertContains(violation.message(), "Task \"test\" does not exist in namespace \"orca-test\"");
  }

  @Test
  void rejectsStartOnFailureNamingMissingTask() {
    Violation violation = only(check(task("alert").startOnFailure("ghost").image("busybox:1.36").build()));

    assertEquals("spec.startOnFailure[0]", violation.field());
  }

  @Test
  void acceptsTaskNamingItselfInStartOnFailure() {
    Verdict verdict = check(task("flaky").startOnIgnition("nightly").startOnFailure("flaky").image("busybox:1.36")
        .build());

    assertTrue(verdict.allowed(), verdict.errors()::toString);
  }

  @Test
  void rejectsSelfInStartOnSuccess() {
    Violation violation = only(check(task("a").startOnIgnition("nightly").startOnSuccess("a")
        .image("busybox:1.36").build()));

    assertEquals("spec.startOnSuccess[0]", violation.field());
    assertContains(violation.message(), "a -> a (all on success)");
  }

  @Test
  void rejectsAllSuccessCycleWithItsWholePath() {
    namespace.put(task("other").startOnIgnition("nightly").image("busybox:1.36").build());
    namespace.put(task("b").startOnSuccess("a").image("busybox:1.36").build());

    Violation violation = only(check(task("a").startOnIgnition("nightly").startOnSuccess("other", "b")
        .image("busybox:1.36").build()));

    assertEquals("spec.startOnSuccess[1]", violation.field());
    assertContains(violation.message(), "a -> b -> a (all on success)");
    assertContains(violation.message(), "startOnFailure");
  }

  @Test
  void rejectsLongerSuccessCycleNamingEveryTaskOnItInTriggerOrder() {
    // a starts b, b starts c, c starts a.
    namespace.put(task("b").startOnSuccess("a").image("busybox:1.36").build());
    namespace.put(task("c").startOnSuccess("b").image("busybox:1.36").build());

    Violation violation = only(check(task("a").startOnIgnition("nightly").startOnSuccess("c")
        .image("busybox:1.36").build()));

    assertEquals("spec.startOnSuccess[0]", violation.field());
    assertContains(violation.message(), "a -> b -> c -> a (all on success)");
  }

  @Test
  void acceptsCycleThroughAFailureEdge() {
    // a's success starts b; b's failure starts a again: a loop bounded by retryLimit.
    namespace.put(task("b").startOnSuccess("a").image("busybox:1.36").build());

    Verdict verdict = check(task("a").startOnIgnition("nightly").startOnFailure("b").image("busybox:1.36")
        .build());

    assertTrue(verdict.allowed(), verdict.errors()::toString);
  }

  @Test
  void judgesTheIncomingVersionOfATaskNotTheStoredOne() {
    namespace.put(task("a").startOnIgnition("nightly").image("busybox:1.36").build());
    namespace.put(task("b").startOnSuccess("a").image("busybox:1.36").build());

    Verdict update = check(task("a").startOnIgnition("nightly").startOnSuccess("b").image("busybox:1.36").build());

    assertFalse(update.allowed());
    assertContains(only(update).message(), "a -> b -> a");
  }

  @Test
  void listsEveryViolationAtOnce() {
    Task task = task("task1").startOnIgnition("missing-ignitor").startOnSuccess("missing-task")
        .image("busybox:1.36").steps(container("one", "busybox:1.36")).successActions("").build();
    task.getSpec().getTemplate().getSpec().setRestartPolicy("Always");

    Verdict verdict = check(task);

    assertEquals(List.of("spec.steps", "spec.template.spec.restartPolicy", "spec.startOnIgnition[0]",
        "spec.startOnSuccess[0]", "spec.successActions[0]"),
        verdict.errors().stream().map(Violation::field).toList());
    String denial = verdict.denialMessage("Task", "task1");
    assertContains(denial, "Task \"task1\" is invalid (5 problems):");
    assertContains(denial, "\n  - spec.startOnSuccess[0]: Task \"missing-task\" does not exist");
  }

  @Test
  void rejectsTemplateAndStepsTogether() {
    Violation violation = only(check(task("task1").startOnIgnition("nightly").image("busybox:1.36")
        .steps(container("one", "busybox:1.36")).build()));

    assertEquals("spec.steps", violation.field());
    assertContains(violation.message(), "cannot be used together with spec.template");
  }

  @Test
  void rejectsTaskWithNeitherTemplateNorSteps() {
    Violation violation = only(check(task("task1").startOnIgnition("nightly").build()));

    assertEquals("spec", violation.field());
    assertContains(violation.message(), "set template (a pod template) or steps");
  }

  @Test
  void rejectsTemplateWithoutContainers() {
    Violation violation = only(check(task("task1").startOnIgnition("nightly").template(new PodTemplateSpec())
        .build()));

    assertEquals("spec.template.spec.containers", violation.field());
  }

  @Test
  void rejectsRestartPolicyAlways() {
    Task task = task("task1").startOnIgnition("nightly").image("busybox:1.36").build();
    task.getSpec().getTemplate().getSpec().setRestartPolicy("Always");

    Violation violation = only(check(task));

    assertEquals("spec.template.spec.restartPolicy", violation.field());
    assertContains(violation.message(), "use Never (the default) or OnFailure");
  }

  @Test
  void acceptsRestartPolicyOnFailure() {
    Task task = task("task1").startOnIgnition("nightly").image("busybox:1.36").build();
    task.getSpec().getTemplate().getSpec().setRestartPolicy("OnFailure");

    assertTrue(check(task).allowed());
  }

  @Test
  void rejectsDuplicateStepNamesPointingAtTheFirstUse() {
    Violation violation = only(check(task("task1").startOnIgnition("nightly")
        .steps(container("fetch", "busybox:1.36"), container("build", "busybox:1.36"),
            container("fetch", "busybox:1.36"))
        .build()));

    assertEquals("spec.steps[2].name", violation.field());
    assertContains(violation.message(), "duplicate step name \"fetch\" (also spec.steps[0])");
  }

  @Test
  void rejectsEmptyStepsAndStepsWithoutNameOrImage() {
    assertEquals("spec.steps", only(check(task("task1").startOnIgnition("nightly").steps().build())).field());

    Verdict verdict = check(task("task2").startOnIgnition("nightly")
        .steps(container(null, "busybox:1.36"), container("Not_A_Label", "busybox:1.36"), container("ok", null))
        .build());

    assertEquals(List.of("spec.steps[0].name", "spec.steps[1].name", "spec.steps[2].image"),
        verdict.errors().stream().map(Violation::field).toList());
  }

  @Test
  void rejectsTaskNameTooLongForPodNames() {
    String name = "t".repeat(53);

    Violation violation = only(check(task(name).startOnIgnition("nightly").image("busybox:1.36").build()));

    assertEquals("metadata.name", violation.field());
    assertContains(violation.message(), "must be at most 52 characters (it has 53)");
  }

  @Test
  void acceptsTaskNameOfExactlyFiftyTwoCharacters() {
    assertTrue(check(task("t".repeat(52)).startOnIgnition("nightly").image("busybox:1.36").build()).allowed());
  }

  @Test
  void rejectsDuplicateActionNamesAndBlankActionReferences() {
    Verdict verdict = check(task("task1").startOnIgnition("nightly").image("busybox:1.36")
        .action("notify", "slack").action("notify", "webhook").failureActions("notify", " ").build());

    assertEquals(List.of("spec.actions[1].name", "spec.failureActions[1]"),
        verdict.errors().stream().map(Violation::field).toList());
  }

  @Test
  void acceptsAnOnChangeActionNamedInFailureActions() {
    Verdict verdict = check(task("task1").startOnIgnition("nightly").image("busybox:1.36")
        .onChangeAction("page", "http").failureActions("page").build());

    assertTrue(verdict.allowed(), verdict.errors()::toString);
  }

  @Test
  void rejectsAnOnChangeActionThatFailureActionsDoNotName() {
    Violation violation = only(check(task("task1").startOnIgnition("nightly").image("busybox:1.36")
        .onChangeAction("page", "http").build()));

    assertEquals("spec.actions[0].notify", violation.field());
    assertContains(violation.message(), "name \"page\" in failureActions");
  }

  @Test
  void rejectsAnOnChangeActionAlsoNamedInSuccessActions() {
    Violation violation = only(check(task("task1").startOnIgnition("nightly").image("busybox:1.36")
        .onChangeAction("page", "http").failureActions("page").successActions("page").build()));

    assertEquals("spec.actions[0].notify", violation.field());
    assertContains(violation.message(), "remove \"page\" from successActions");
  }

  @Test
  void acceptsASuccessDeadlineWithItsActions() {
    Task task = task("task1").startOnIgnition("nightly").image("busybox:1.36").build();
    task.getSpec().setSuccessDeadline(deadline("26h", "page"));

    assertTrue(check(task).allowed(), check(task).errors()::toString);
  }

  @Test
  void rejectsASuccessDeadlineThatIsNoPositivePeriodAndBlankActions() {
    Task task = task("task1").startOnIgnition("nightly").image("busybox:1.36").build();
    task.getSpec().setSuccessDeadline(deadline("0s", " "));

    Verdict verdict = check(task);

    assertEquals(List.of("spec.successDeadline.within", "spec.successDeadline.actions[0]"),
        verdict.errors().stream().map(Violation::field).toList());
    assertContains(verdict.errors().get(0).message(), "must be a positive period, e.g. 26h");
  }

  @Test
  void acceptsADeadlineWithinTheWorkflowRunOfAnIgnitorUpstream() {
    namespace.put(task("extract").startOnIgnition("nightly").image("busybox:1.36").build());
    Task task = task("report").startOnSuccess("extract").image("busybox:1.36").build();
    SuccessDeadline deadline = deadline(null, "page");
    deadline.setWithinWorkflowRun("2h");
    task.getSpec().setSuccessDeadline(deadline);

    Verdict verdict = check(task);

    assertTrue(verdict.allowed(), verdict.errors()::toString);
    assertEquals(List.of(), verdict.warnings());
  }

  @Test
  void rejectsAWithinWorkflowRunThatIsNoPositivePeriodWithItsFieldPath() {
    Task task = task("task1").startOnIgnition("nightly").image("busybox:1.36").build();
    SuccessDeadline deadline = deadline(null);
    deadline.setWithinWorkflowRun("-5m");
    task.getSpec().setSuccessDeadline(deadline);

    Verdict verdict = check(task);

    assertEquals(List.of("spec.successDeadline.withinWorkflowRun"),
        verdict.errors().stream().map(Violation::field).toList());
    assertContains(verdict.errors().get(0).message(), "\"-5m\" is not a period");
  }

  @Test
  void rejectsASuccessDeadlineWithBothPeriodsOrNeither() {
    Task both = task("task1").startOnIgnition("nightly").image("busybox:1.36").build();
    SuccessDeadline deadline = deadline("26h");
    deadline.setWithinWorkflowRun("2h");
    both.getSpec().setSuccessDeadline(deadline);
    Task neither = task("task1").startOnIgnition("nightly").image("busybox:1.36").build();
    neither.getSpec().setSuccessDeadline(deadline(null, "page"));

    Violation twice = check(both).errors().get(0);
    Violation none = check(neither).errors().get(0);

    assertEquals("spec.successDeadline.withinWorkflowRun", twice.field());
    assertContains(twice.message(), "set within or withinWorkflowRun, not both");
    assertEquals("spec.successDeadline", none.field());
    assertContains(none.message(), "set within (e.g. 26h) or withinWorkflowRun (e.g. 2h)");
  }

  @Test
  void warnsOfADeadlineWithinTheWorkflowRunOfATaskNoIgnitorStarts() {
    Task task = task("task1").startOnFailure("task1").image("busybox:1.36").build();
    SuccessDeadline deadline = deadline(null);
    deadline.setWithinWorkflowRun("2h");
    task.getSpec().setSuccessDeadline(deadline);

    Verdict verdict = check(task);

    assertTrue(verdict.allowed(), verdict.errors()::toString);
    assertTrue(verdict.warnings().stream().anyMatch(w -> w.contains("spec.successDeadline.withinWorkflowRun: no"
        + " Ignitor is upstream of Task \"task1\"")), verdict.warnings()::toString);
  }

  private static SuccessDeadline deadline(String within, String... actions) {
    SuccessDeadline deadline = new SuccessDeadline();
    deadline.setWithin(within);
    deadline.setActions(List.of(actions));
    return deadline;
  }

  @Test
  void warnsAboutTaskWithNoTrigger() {
    Verdict verdict = check(task("orphan").image("busybox:1.36").build());

    assertTrue(verdict.allowed());
    assertEquals(1, verdict.warnings().size());
    assertContains(verdict.warnings().get(0), "Task \"orphan\" has no trigger");
  }

  @Test
  void summaryPutsEveryViolationOnOneLine() {
    Verdict verdict = check(task("task1").startOnIgnition("gone").startOnFailure("ghost").image("busybox:1.36")
        .build());

    String summary = WorkflowRules.summary(verdict.errors());

    assertFalse(summary.contains("\n"));
    assertTrue(summary.startsWith("spec.startOnIgnition[0]: "), summary);
    assertContains(summary, "; spec.startOnFailure[0]: ");
  }

  // Ignitors

  private Verdict check(Ignitor ignitor) {
    return WorkflowRules.checkIgnitor(ignitor, namespace, CHECKED_AT);
  }

  @Test
  void acceptsCronIgnitorThatATaskListensTo() {
    namespace.put(task("backup").startOnIgnition("nightly").image("busybox:1.36").build());

    Verdict verdict = check(ignitor("nightly", "0 2 * * *").timeZone("Europe/Rome").build());

    assertTrue(verdict.allowed(), verdict.errors()::toString);
    assertEquals(2, verdict.warnings().size(), verdict.warnings()::toString);
    assertContains(verdict.warnings().get(0), "spec.scheduled: \"0 2 * * *\" in Europe/Rome fires next at ");
    assertContains(verdict.warnings().get(1), "meets daylight-saving changes within a year: on ");
  }

  @Test
  void previewsTheNextFiresAndDaylightSavingChangesFromTheTimeOfTheCheck() {
    namespace.put(task("backup").startOnIgnition("nightly").image("busybox:1.36").build());

    Verdict verdict = check(ignitor("nightly", "30 2 * * *").timeZone("Europe/Rome").build());

    assertEquals(List.of("spec.scheduled: \"30 2 * * *\" in Europe/Rome fires next at Thu 2026-03-26 02:30 +01:00"
        + " (2026-03-26T01:30:00Z), Fri 2026-03-27 02:30 +01:00 (2026-03-27T01:30:00Z), Sat 2026-03-28 02:30 +01:00"
        + " (2026-03-28T01:30:00Z)"), verdict.warnings().subList(0, 1));
    assertContains(verdict.warnings().get(1), "on 2026-03-29");
  }

  @Test
  void warnsOfNoDaylightSavingChangeForACronInUtc() {
    namespace.put(task("backup").startOnIgnition("nightly").image("busybox:1.36").build());

    Verdict verdict = check(ignitor("nightly", "0 2 * * *").build());

    assertEquals(1, verdict.warnings().size(), verdict.warnings()::toString);
    assertContains(verdict.warnings().get(0), "spec.scheduled: \"0 2 * * *\" in UTC fires next at ");
  }

  @Test
  void rejectsIgnitorDataHoldingANul() {
    Violation violation = only(WorkflowRules.checkSchedule(ignitor("i", "NOW").data("a\u0000b").build(),
        CHECKED_AT));

    assertEquals("spec.data", violation.field());
    assertContains(violation.message(), "NUL");
  }

  @Test
  void rejectsBadCron() {
    Violation violation = only(WorkflowRules.checkSchedule(ignitor("i", "61 * * * *").build(), CHECKED_AT));

    assertEquals("spec.scheduled", violation.field());
    assertContains(violation.message(), "\"61 * * * *\" is not a valid cron expression");
  }

  @Test
  void rejectsScheduleThatIsNeitherNowNorTimeNorCron() {
    Violation violation = only(WorkflowRules.checkSchedule(ignitor("i", "tomorrow").build(), CHECKED_AT));

    assertEquals("spec.scheduled", violation.field());
    assertContains(violation.message(), "is not NOW, an RFC 3339 time");
  }

  @Test
  void rejectsCronThatNeverFires() {
    Violation violation = only(WorkflowRules.checkSchedule(ignitor("i", "0 0 31 2 *").build(), CHECKED_AT));

    assertEquals("spec.scheduled", violation.field());
    assertContains(violation.message(), "never fires");
  }

  @Test
  void rejectsUnknownTimeZone() {
    Violation violation = only(WorkflowRules.checkSchedule(ignitor("i", "0 9 * * *").timeZone("Mars/Olympus")
        .build(), CHECKED_AT));

    assertEquals("spec.timeZone", violation.field());
    assertContains(violation.message(), "unknown time zone \"Mars/Olympus\"");
  }

  @Test
  void rejectsIgnitorNameTooLongForALabel() {
    Violation violation = only(WorkflowRules.checkSchedule(ignitor("i".repeat(64), "NOW").build(), CHECKED_AT));

    assertEquals("metadata.name", violation.field());
  }

  @Test
  void warnsAboutTimeInThePast() {
    Verdict verdict = WorkflowRules.checkSchedule(ignitor("i", "2020-01-01T00:00:00Z").build(), CHECKED_AT);

    assertTrue(verdict.allowed());
    assertEquals(1, verdict.warnings().size());
    assertContains(verdict.warnings().get(0), "2020-01-01T00:00:00Z is in the past");
  }

  @Test
  void acceptsNowCaseInsensitive() {
    for (String now : List.of("NOW", "now", "Now", " now ")) {
      Verdict verdict = WorkflowRules.checkSchedule(ignitor("i", now).build(), CHECKED_AT);
      assertTrue(verdict.allowed(), () -> now + ": " + verdict.errors());
      assertEquals(List.of(), verdict.warnings(), now);
    }
  }

  @Test
  void warnsWhenNoTaskListens() {
    // A Task naming the Ignitor in another list does not listen to it.
    namespace.put(task("other").startOnIgnition("nightly").startOnSuccess("lonely").image("busybox:1.36").build());

    Verdict verdict = check(ignitor("lonely", "NOW").build());

    assertTrue(verdict.allowed());
    assertEquals(1, verdict.warnings().size());
    assertContains(verdict.warnings().get(0), "no Task names Ignitor \"lonely\" in startOnIgnition");
  }

  // Deletion

  @Test
  void warningsOnDeleteNameTheListeners() {
    Task build = task("build").startOnIgnition("nightly").startOnFailure("build").image("busybox:1.36").build();
    namespace.put(build);
    namespace.put(task("test").startOnSuccess("build").image("busybox:1.36").build());
    namespace.put(task("alert").startOnFailure("build").image("busybox:1.36").build());

    List<String> warnings = WorkflowRules.warningsOnDelete(build, namespace);

    assertEquals(List.of("Task \"build\" still starts alert, test; they will not run until their triggers name an "
        + "existing object"), warnings);
  }

  @Test
  void warningsOnDeleteAreEmptyWithoutListeners() {
    Task lonely = task("lonely").startOnIgnition("nightly").image("busybox:1.36").build();
    namespace.put(lonely);

    assertEquals(List.of(), WorkflowRules.warningsOnDelete(lonely, namespace));
  }

  @Test
  void warningsOnDeletingAnIgnitorNameOnlyTasksStartingOnThatIgnitor() {
    Ignitor ignitor = ignitor("backup", "0 3 * * *").build();
    namespace.put(ignitor);
    namespace.put(task("backup").startOnIgnition("backup").image("busybox:1.36").build());
    namespace.put(task("notify").startOnSuccess("backup").image("busybox:1.36").build());

    List<String> warnings = WorkflowRules.warningsOnDelete(ignitor, namespace);

    assertEquals(List.of("Ignitor \"backup\" still starts backup; they will not run until their triggers name an "
        + "existing object"), warnings);
  }
}
