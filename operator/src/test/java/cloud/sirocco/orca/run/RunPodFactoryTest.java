package cloud.sirocco.orca.run;

import static cloud.sirocco.orca.testing.Workflows.container;
import static cloud.sirocco.orca.testing.Workflows.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.graph.TriggerKind;
import cloud.sirocco.orca.model.Defaults;
import cloud.sirocco.orca.model.RunRequest;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.names.RunNames;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RunPodFactoryTest {

  private static final Trigger FIRE =
      Trigger.ignition("nightly", new IgnitorFire("uid-1", 1L, "2026-01-01T02:00:00Z"), "the-data");
  private static final Trigger AFTER_BUILD = Trigger.afterRun(TriggerKind.SUCCESS, "build", "build-0123456789",
      "nightly-0a1b2c3d4e", "s3://bucket/artifact", null);

  private static Task defaulted(Task task) {
    Defaults.apply(task);
    return task;
  }

  private static PodTemplateSpec richTemplate() {
    return new PodTemplateSpecBuilder()
        .withNewMetadata().withLabels(Map.of("team", "data")).withAnnotations(Map.of("note", "kept")).endMetadata()
        .withNewSpec()
        .withServiceAccountName("runner")
        .withNodeSelector(Map.of("pool", "batch"))
        .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
        .withInitContainers(new ContainerBuilder().withName("prepare").withImage("busybox:1.36").build())
        .withContainers(
            new ContainerBuilder().withName("main").withImage("app:1").withCommand("run")
                .addNewEnv().withName("LEVEL").withValue("debug").endEnv()
                .addNewEnv().withName("ORCA_DATA").withValue("user-set").endEnv()
                .addNewVolumeMount().withName("scratch").withMountPath("/scratch").endVolumeMount()
                .build(),
            new ContainerBuilder().withName("sidecar").withImage("proxy:2").build())
        .endSpec()
        .build();
  }

  private static Map<String, String> env(Container container) {
    return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> String.valueOf(e.getValue())));
  }

  @Test
  void keepsEveryContainerEnvVolumeAndServiceAccountOfTheTemplate() {
    Pod pod = RunPodFactory.build(defaulted(task("etl").template(richTemplate()).build()), FIRE);

    assertEquals(List.of("main", "sidecar"), pod.getSpec().getContainers().stream().map(Container::getName).toList());
    assertEquals(List.of("prepare"), pod.getSpec().getInitContainers().stream().map(Container::getName).toList());
    Container main = pod.getSpec().getContainers().get(0);
    assertEquals("app:1", main.getImage());
    assertEquals(List.of("run"), main.getCommand());
    assertEquals("debug", env(main).get("LEVEL"));
    assertEquals("/scratch", main.getVolumeMounts().get(0).getMountPath());
    assertEquals("scratch", pod.getSpec().getVolumes().get(0).getName());
    assertEquals("runner", pod.getSpec().getServiceAccountName());
    assertEquals(Map.of("pool", "batch"), pod.getSpec().getNodeSelector());
    assertEquals("data", pod.getMetadata().getLabels().get("team"));
    assertEquals("kept", pod.getMetadata().getAnnotations().get("note"));
  }

  @Test
  void setsInitiatorDataAndWorkflowRunOnEveryContainerReplacingUserSetOnes() {
    Pod pod = RunPodFactory.build(defaulted(task("etl").template(richTemplate()).build()), AFTER_BUILD);

    List<Container> all = new ArrayList<>(pod.getSpec().getInitContainers());
    all.addAll(pod.getSpec().getContainers());
    for (Container container : all) {
      List<EnvVar> orca = container.getEnv().stream()
          .filter(e -> e.getName().startsWith("ORCA_")).toList();
      assertEquals(List.of(new EnvVar("ORCA_INITIATOR", "build", null),
          new EnvVar("ORCA_DATA", "s3://bucket/artifact", null),
          new EnvVar("ORCA_WORKFLOW_RUN", "nightly-0a1b2c3d4e", null)), orca, container.getName());
    }
  }

  @Test
  void handsANulInTheDataOnAsTheReplacementCharacterSinceNoEnvironmentVariableCanHoldIt() {
    Pod pod = RunPodFactory.build(defaulted(task("etl").image("busybox:1.36").build()),
        Trigger.afterRun(TriggerKind.SUCCESS, "build", "build-0123456789", "nightly-0a1b2c3d4e",
            "before\u0000after", null));

    assertEquals("before\uFFFDafter", env(pod.getSpec().getContainers().get(0)).get("ORCA_DATA"));
  }

  @Test
  void everyStepAndThePodCarryTheWorkflowRun() {
    Pod pod = RunPodFactory.build(defaulted(task("build").steps(container("fetch", "busybox:1.36"),
        container("compile", "busybox:1.36")).build()), AFTER_BUILD);

    assertEquals("nightly-0a1b2c3d4e", pod.getMetadata().getLabels().get(RunNames.WORKFLOW_RUN_LABEL));
    assertEquals("nightly-0a1b2c3d4e", env(pod.getSpec().getInitContainers().get(0)).get("ORCA_WORKFLOW_RUN"));
    assertEquals("nightly-0a1b2c3d4e", env(pod.getSpec().getContainers().get(0)).get("ORCA_WORKFLOW_RUN"));
  }

  @Test
  void aFireBeginsAWorkflowRunNamedAfterItsIgnitorThatARestartDerivesAgain() {
    Trigger again = Trigger.ignition("nightly", new IgnitorFire("uid-1", 1L, "2026-01-01T02:00:00Z"), "the-data");
    Trigger nextFire = Trigger.ignition("nightly", new IgnitorFire("uid-1", 1L, "2026-01-02T02:00:00Z"), "the-data");

    assertTrue(FIRE.workflowRun().matches("nightly-[0-9a-f]{10}"), FIRE.workflowRun());
    assertEquals(FIRE.workflowRun(), again.workflowRun());
    assertNotEquals(FIRE.workflowRun(), nextFire.workflowRun());
  }

  @Test
  void theWorkflowRunOfAnIgnitorWithTheLongestNameIsAValidLabelValue() {
    String longest = "a".repeat(250) + ".b-c";
    Trigger fire = Trigger.ignition(longest, new IgnitorFire("uid-1", 1L, "2026-01-01T02:00:00Z"), null);

    assertTrue(fire.workflowRun().length() <= 63, fire.workflowRun());
    assertTrue(fire.workflowRun().matches("[a-z0-9]([-a-z0-9_.]*[a-z0-9])?"), fire.workflowRun());
  }

  @Test
  void handsEmptyDataWhenTheTriggerHasNone() {
    Pod pod = RunPodFactory.build(defaulted(task("etl").image("busybox:1.36").build()),
        Trigger.ignition("nightly", new IgnitorFire("uid-1", 1L, "2026-01-01T02:00:00Z"), null));

    assertEquals("", env(pod.getSpec().getContainers().get(0)).get("ORCA_DATA"));
  }

  @Test
  void leavesTheTasksTemplateUntouched() {
    Task task = defaulted(task("etl").template(richTemplate()).build());
    String before = new KubernetesSerialization().asJson(task);

    RunPodFactory.build(task, FIRE);

    assertEquals(before, new KubernetesSerialization().asJson(task));
  }

  @Test
  void restartPolicyIsNeverUnlessTheTemplateSaysOnFailure() {
    Task never = task("etl").image("busybox:1.36").build();
    assertEquals("Never", RunPodFactory.build(never, FIRE).getSpec().getRestartPolicy());

    Task always = task("etl").image("busybox:1.36").build();
    always.getSpec().getTemplate().getSpec().setRestartPolicy("Always");
    assertEquals("Never", RunPodFactory.build(always, FIRE).getSpec().getRestartPolicy());

    Task onFailure = task("etl").image("busybox:1.36").build();
    onFailure.getSpec().getTemplate().getSpec().setRestartPolicy("OnFailure");
    assertEquals("OnFailure", RunPodFactory.build(onFailure, FIRE).getSpec().getRestartPolicy());
  }

  @Test
  void anOnFailureRunCarriesItsTasksRetryLimitAsTheLimitOfRestarts() {
    Task onFailure = task("etl").image("busybox:1.36").build();
    onFailure.getSpec().getTemplate().getSpec().setRestartPolicy("OnFailure");
    onFailure.getSpec().setRetryLimit(5);
    Task never = defaulted(task("etl").image("busybox:1.36").build());

    assertEquals("5", RunPodFactory.build(onFailure, FIRE).getMetadata().getAnnotations()
        .get(RunNames.RESTART_LIMIT_ANNOTATION));
    assertFalse(RunPodFactory.build(never, FIRE).getMetadata().getAnnotations()
        .containsKey(RunNames.RESTART_LIMIT_ANNOTATION));
  }

  @Test
  void isOwnedAndControlledByItsTask() {
    Pod pod = RunPodFactory.build(defaulted(task("etl").uid("uid-etl").image("busybox:1.36").build()), FIRE);

    assertEquals(1, pod.getMetadata().getOwnerReferences().size());
    OwnerReference owner = pod.getMetadata().getOwnerReferences().get(0);
    assertEquals("sirocco.cloud/v1alpha1", owner.getApiVersion());
    assertEquals("Task", owner.getKind());
    assertEquals("etl", owner.getName());
    assertEquals("uid-etl", owner.getUid());
    assertEquals(true, owner.getController());
    assertEquals(true, owner.getBlockOwnerDeletion());
  }

  @Test
  void carriesTheFinalizerLabelsAndCauseInItsNamespace() {
    Pod pod = RunPodFactory.build(defaulted(task("etl").image("busybox:1.36").build()), AFTER_BUILD);

    assertEquals("orca-test", pod.getMetadata().getNamespace());
    assertEquals(List.of("orca.sirocco.cloud/run-outcome"), pod.getMetadata().getFinalizers());
    assertEquals("orca", pod.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
    assertEquals("etl", pod.getMetadata().getLabels().get("orca.sirocco.cloud/task"));
    assertEquals("build", pod.getMetadata().getLabels().get("orca.sirocco.cloud/initiator"));
    assertEquals("Success", pod.getMetadata().getLabels().get("orca.sirocco.cloud/trigger"));
    assertEquals("run/build-0123456789", pod.getMetadata().getAnnotations().get("orca.sirocco.cloud/cause"));
  }

  @Test
  void orcasLabelsWinOverTemplateLabelsOfTheSameName() {
    PodTemplateSpec template = new PodTemplateSpecBuilder(richTemplate())
        .editMetadata().addToLabels("orca.sirocco.cloud/task", "spoofed").endMetadata().build();

    Pod pod = RunPodFactory.build(defaulted(task("etl").template(template).build()), FIRE);

    assertEquals("etl", pod.getMetadata().getLabels().get("orca.sirocco.cloud/task"));
  }

  @Test
  void stepsBecomeInitContainersInOrderWithTheLastAsTheContainer() {
    Task task = defaulted(task("pipeline").steps(container("fetch", "git:1"), container("build", "maven:3"),
        container("publish", "curl:8")).build());

    Pod pod = RunPodFactory.build(task, FIRE);

    assertEquals(List.of("fetch", "build"),
        pod.getSpec().getInitContainers().stream().map(Container::getName).toList());
    assertEquals(List.of("publish"), pod.getSpec().getContainers().stream().map(Container::getName).toList());
    assertEquals("Never", pod.getSpec().getRestartPolicy());
    assertEquals("nightly", env(pod.getSpec().getInitContainers().get(0)).get("ORCA_INITIATOR"));
    assertEquals("the-data", env(pod.getSpec().getContainers().get(0)).get("ORCA_DATA"));
  }

  @Test
  void aSingleStepRunsAsThePodsOnlyContainer() {
    Pod pod = RunPodFactory.build(defaulted(task("one").steps(container("only", "busybox:1.36")).build()), FIRE);

    assertEquals(List.of(), pod.getSpec().getInitContainers());
    assertEquals("only", pod.getSpec().getContainers().get(0).getName());
  }

  @Test
  void theSameTriggerAlwaysYieldsTheSamePodName() {
    Task task = defaulted(task("etl").image("busybox:1.36").build());

    assertEquals(RunPodFactory.build(task, FIRE).getMetadata().getName(),
        RunPodFactory.build(task,
                Trigger.ignition("nightly", new IgnitorFire("uid-1", 1L, "2026-01-01T02:00:00Z"), "other data"))
            .getMetadata().getName());
  }

  @Test
  void differentTriggersYieldDifferentPodNames() {
    Task task = defaulted(task("etl").image("busybox:1.36").build());
    List<Trigger> triggers = List.of(FIRE,
        Trigger.ignition("nightly", new IgnitorFire("uid-1", 1L, "2026-01-02T02:00:00Z"), "the-data"),
        Trigger.ignition("nightly", new IgnitorFire("uid-2", 1L, "2026-01-01T02:00:00Z"), "the-data"),
        Trigger.ignition("nightly", new IgnitorFire("uid-1", 2L, "2026-01-01T02:00:00Z"), "the-data"),
        AFTER_BUILD,
        Trigger.afterRun(TriggerKind.SUCCESS, "build", "build-9876543210", "nightly-0a1b2c3d4e", "", null));

    long distinct = triggers.stream().map(t -> RunPodFactory.build(task, t).getMetadata().getName()).distinct()
        .count();

    assertEquals(triggers.size(), distinct);
  }

  @Test
  void theRunPodIsNamedAsItsTriggerNamesTheRunOfTheTask() {
    Task task = defaulted(task("etl").image("busybox:1.36").build());

    // What a pass looks for before it starts the run, and what a join records as started.
    assertEquals(AFTER_BUILD.podName(task), RunPodFactory.build(task, AFTER_BUILD).getMetadata().getName());
    assertEquals(RunNames.podName("etl", "uid-task-etl", AFTER_BUILD.cause()), AFTER_BUILD.podName(task));
  }

  @Test
  void differentTasksOnTheSameTriggerGetDifferentPodNames() {
    assertNotEquals(RunNames.podName("a", "uid-1", "run/x"), RunNames.podName("b", "uid-1", "run/x"));
  }

  @Test
  void aTaskCreatedAgainUnderItsNameGetsOtherPodNamesForTheSameTrigger() {
    assertNotEquals(RunNames.podName("a", "uid-1", "run/x"), RunNames.podName("a", "uid-2", "run/x"));
  }

  @Test
  void podNamesOfTheLongestAllowedTaskNameFitSixtyThreeCharacters() {
    String name = "t".repeat(RunNames.MAX_TASK_NAME);

    String pod = RunPodFactory.build(defaulted(task(name).image("busybox:1.36").build()), FIRE)
        .getMetadata().getName();

    assertEquals(52, name.length());
    assertEquals(63, pod.length());
    assertTrue(pod.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"), pod);
  }

  @Test
  void aReplayOfAJoinsRunIsHandedEveryUpstreamsMessageAgain() {
    Task report = defaulted(task("report").image("busybox:1.36").build());
    Pod joined = RunPodFactory.build(report, Trigger.join(
        new LinkedHashMap<>(Map.of("sales", "12 rows")), "nightly-0a1b2c3d4e", null));
    RunRequest request = new RunRequest();
    request.getMetadata().setName("again");
    request.getMetadata().setUid("uid-again");

    Pod replay = RunPodFactory.build(report, Trigger.replay(request, joined));

    assertEquals(env(joined.getSpec().getContainers().get(0)), env(replay.getSpec().getContainers().get(0)));
  }
}
