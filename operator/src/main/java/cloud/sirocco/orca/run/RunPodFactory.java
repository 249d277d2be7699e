package cloud.sirocco.orca.run;

import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.model.TaskSpec;
import cloud.sirocco.orca.names.RunNames;
import cloud.sirocco.orca.validation.WorkflowRules;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a run's pod from a Task: the template in full (every container, volume, service account, scheduling field),
 * or the steps as init containers that the kubelet runs in order and stops at the first failure.
 */
public final class RunPodFactory {

  public static final String INITIATOR_ENV = "ORCA_INITIATOR";
  public static final String DATA_ENV = "ORCA_DATA";
  public static final String WORKFLOW_RUN_ENV = "ORCA_WORKFLOW_RUN";

  private RunPodFactory() {}

  /** The pod for the run of {@code task} (defaults applied) started by {@code trigger}. */
  public static Pod build(Task task, Trigger trigger) {
    TaskSpec spec = task.getSpec();
    ObjectMeta templateMeta = spec.getTemplate() == null ? null : spec.getTemplate().getMetadata();
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, String> annotations = new LinkedHashMap<>();
    if (templateMeta != null) {
      putAll(labels, templateMeta.getLabels());
      putAll(annotations, templateMeta.getAnnotations());
    }
    String taskName = task.getMetadata().getName();
    labels.put(RunNames.MANAGED_BY_LABEL, RunNames.MANAGED_BY);
    labels.put(RunNames.TASK_LABEL, taskName);
    labels.put(RunNames.INITIATOR_LABEL, labelValue(trigger.initiator()));
    labels.put(RunNames.TRIGGER_LABEL, trigger.startedBy().label());
    labels.put(RunNames.WORKFLOW_RUN_LABEL, trigger.workflowRun());
    annotations.put(RunNames.CAUSE_ANNOTATION, trigger.cause());

    PodSpec podSpec = spec.getTemplate() != null
        ? new PodSpecBuilder(spec.getTemplate().getSpec()).build()
        : stepsPodSpec(spec.getSteps());
    if ("OnFailure".equals(podSpec.getRestartPolicy())) {
      // The kubelet's restarts are retries too: the run carries its limit, read by RunObserver.
      annotations.put(RunNames.RESTART_LIMIT_ANNOTATION, String.valueOf(spec.getRetryLimit()));
    } else {
      podSpec.setRestartPolicy("Never");
    }
    List<EnvVar> orcaEnv = new ArrayList<>(List.of(new EnvVar(INITIATOR_ENV, trigger.initiator(), null),
        new EnvVar(DATA_ENV, environmentSafe(trigger.data()), null),
        new EnvVar(WORKFLOW_RUN_ENV, trigger.workflowRun(), null)));
    trigger.joined().forEach((upstream, message) -> orcaEnv.add(
        new EnvVar(WorkflowRules.joinDataVariable(upstream), environmentSafe(message), null)));
    podSpec.getContainers().forEach(c -> withOrcaEnv(c, orcaEnv));
    if (podSpec.getInitContainers() != null) {
      podSpec.getInitContainers().forEach(c -> withOrcaEnv(c, orcaEnv));
    }

    return new PodBuilder()
        .withNewMetadata()
        .withName(trigger.podName(task))
        .withNamespace(task.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(annotations)
        .withFinalizers(RunNames.FINALIZER)
        .withOwnerReferences(new OwnerReferenceBuilder()
            .withApiVersion(task.getApiVersion())
            .withKind(task.getKind())
            .withName(taskName)
            .withUid(task.getMetadata().getUid())
            .withController(true)
            .withBlockOwnerDeletion(true)
            .build())
        .endMetadata()
        .withSpec(podSpec)
        .build();
  }

  /** Every step but the last runs as an init container, in order; the last is the pod's one container. */
  private static PodSpec stepsPodSpec(List<Container> steps) {
    List<Container> copies = steps.stream().map(step -> new ContainerBuilder(step).build()).toList();
    return new PodSpecBuilder()
        .withInitContainers(new ArrayList<>(copies.subList(0, copies.size() - 1)))
        .withContainers(new ArrayList<>(copies.subList(copies.size() - 1, copies.size())))
        .withRestartPolicy("Never")
        .build();
  }

  private static void withOrcaEnv(Container container, List<EnvVar> orcaEnv) {
    List<EnvVar> env = new ArrayList<>();
    if (container.getEnv() != null) {
      container.getEnv().stream()
          .filter(e -> orcaEnv.stream().noneMatch(orca -> orca.getName().equals(e.getName())))
          .forEach(env::add);
    }
    env.addAll(orcaEnv);
    container.setEnv(env);
  }

  /**
   * No environment variable can hold a NUL (the container would fail to start), so a termination message's NUL
   * reaches ORCA_DATA as U+FFFD, the character the kubelet already puts in place of bytes that are not UTF-8.
   */
  static String environmentSafe(String data) {
    return data == null ? "" : data.replace('\u0000', '\uFFFD');
  }

  /**
   * A join's initiator, its upstream Tasks comma-separated, as a label value: commas become dots, cut to 63
   * characters, ending with a letter or digit.
   */
  private static String labelValue(String initiator) {
    String value = initiator.replace(',', '.');
    value = value.length() > 63 ? value.substring(0, 63) : value;
    return value.replaceAll("[^A-Za-z0-9]+$", "");
  }

  private static void putAll(Map<String, String> target, Map<String, String> source) {
    if (source != null) {
      target.putAll(source);
    }
  }
}
