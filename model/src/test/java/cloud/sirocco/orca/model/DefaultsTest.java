package cloud.sirocco.orca.model;

import static cloud.sirocco.orca.testing.Workflows.container;
import static cloud.sirocco.orca.testing.Workflows.ignitor;
import static cloud.sirocco.orca.testing.Workflows.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultsTest {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  @Test
  void fillsEveryTaskDefaultAndReportsAChange() {
    Task task = task("task1").image("busybox:1.36").action("notify", null).build();
    TaskSpec spec = task.getSpec();
    spec.setStartOnIgnition(null);
    spec.setStartOnSuccess(null);
    spec.setStartOnFailure(null);
    spec.setSuccessActions(null);
    spec.setFailureActions(null);

    assertTrue(Defaults.apply(task));

    assertEquals(List.of(), spec.getStartOnIgnition());
    assertEquals(List.of(), spec.getStartOnSuccess());
    assertEquals(List.of(), spec.getStartOnFailure());
    assertEquals(List.of(), spec.getSuccessActions());
    assertEquals(List.of(), spec.getFailureActions());
    assertEquals(ConcurrencyPolicy.Forbid, spec.getConcurrencyPolicy());
    assertEquals(3, spec.getRetryLimit());
    assertEquals(10, spec.getRetryBackoffSeconds());
    assertEquals(3, spec.getSuccessfulRunsHistoryLimit());
    assertEquals(3, spec.getFailedRunsHistoryLimit());
    assertEquals(300, spec.getStartTimeoutSeconds());
    assertEquals("Never", spec.getTemplate().getSpec().getRestartPolicy());
    assertEquals("notify", spec.getActions().get(0).getPlugin());
    assertEquals(NotifyPolicy.EveryRun, spec.getActions().get(0).getNotify());
  }

  @Test
  void fillsTheActionsOfASuccessDeadlineThatHasNone() {
    Task task = task("task1").image("busybox:1.36").build();
    task.getSpec().setSuccessDeadline(new SuccessDeadline());
    task.getSpec().getSuccessDeadline().setActions(null);

    assertTrue(Defaults.apply(task));
    assertEquals(List.of(), task.getSpec().getSuccessDeadline().getActions());
  }

  @Test
  void fillsASingleMissingFieldAndReportsAChange() {
    Task task = task("task1").image("busybox:1.36").build();
    Defaults.apply(task);
    task.getSpec().setStartTimeoutSeconds(null);

    assertTrue(Defaults.apply(task));
    assertEquals(300, task.getSpec().getStartTimeoutSeconds());
  }

  @Test
  void taskAlreadyDefaultedReportsNoChangeAndStaysTheSame() {
    Task task = task("task1").image("busybox:1.36").action("notify", null).build();
    Defaults.apply(task);
    String before = JSON.asJson(task);

    assertFalse(Defaults.apply(task));
    assertEquals(before, JSON.asJson(task));
  }

  @Test
  void keepsWhatTheUserSetEvenZeroAndOnFailure() {
    Task task = task("task1").image("busybox:1.36").concurrencyPolicy(ConcurrencyPolicy.Allow).retryLimit(0)
        .retryBackoffSeconds(0).historyLimits(0, 1).startTimeoutSeconds(30).onChangeAction("notify", "slack").build();
    task.getSpec().getTemplate().getSpec().setRestartPolicy("OnFailure");

    assertFalse(Defaults.apply(task));

    TaskSpec spec = task.getSpec();
    assertEquals(ConcurrencyPolicy.Allow, spec.getConcurrencyPolicy());
    assertEquals(0, spec.getRetryLimit());
    assertEquals(0, spec.getRetryBackoffSeconds());
    assertEquals(0, spec.getSuccessfulRunsHistoryLimit());
    assertEquals(1, spec.getFailedRunsHistoryLimit());
    assertEquals(30, spec.getStartTimeoutSeconds());
    assertEquals(NotifyPolicy.OnChange, spec.getActions().get(0).getNotify());
    assertEquals("OnFailure", spec.getTemplate().getSpec().getRestartPolicy());
    assertEquals("slack", spec.getActions().get(0).getPlugin());
  }

  @Test
  void doesNotInventATemplateForAStepsTask() {
    Task task = task("task1").steps(container("one", "busybox:1.36")).build();

    Defaults.apply(task);

    assertNull(task.getSpec().getTemplate());
  }

  @Test
  void givesATaskWithoutSpecAnEmptyDefaultedOne() {
    Task task = task("task1").build();
    task.setSpec(null);

    assertTrue(Defaults.apply(task));
    assertEquals(ConcurrencyPolicy.Forbid, task.getSpec().getConcurrencyPolicy());
  }

  @Test
  void fillsIgnitorDefaultsAndReportsAChangeOnlyOnce() {
    Ignitor ignitor = ignitor("nightly", "0 2 * * *").build();

    assertTrue(Defaults.apply(ignitor));
    assertEquals("UTC", ignitor.getSpec().getTimeZone());
    assertEquals(false, ignitor.getSpec().getSuspend());

    assertFalse(Defaults.apply(ignitor));
  }

  @Test
  void keepsTheIgnitorsOwnTimeZoneAndSuspend() {
    Ignitor ignitor = ignitor("nightly", "0 2 * * *").timeZone("Europe/Rome").suspend(true).build();

    assertFalse(Defaults.apply(ignitor));
    assertEquals("Europe/Rome", ignitor.getSpec().getTimeZone());
    assertEquals(true, ignitor.getSpec().getSuspend());
  }
}
