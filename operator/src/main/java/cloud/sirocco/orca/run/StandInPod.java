package cloud.sirocco.orca.run;

import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.names.RunNames;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pod that is never created, standing in for a run that has none (a run the API server refused, a notice of an
 * overdue Task or of a closed join) where a run's pod is expected: by the actions, which key their dispatch by its
 * uid and name their idempotency key after it, and by the Task's pass. It carries the labels a run pod of the Task
 * would have.
 */
public final class StandInPod {

  private StandInPod() {}

  /**
   * The stand-in named {@code name} for a run of {@code task} that {@code initiator} started: its uid is the Task's
   * followed by {@code "/" + key}, so that two stand-ins of one Task never share a dispatch. Its workflow run label
   * is {@code workflowRun}, left out when null.
   */
  public static Pod of(Task task, String name, String key, String initiator, String workflowRun) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(RunNames.TASK_LABEL, task.getMetadata().getName());
    labels.put(RunNames.INITIATOR_LABEL, initiator);
    if (workflowRun != null) {
      labels.put(RunNames.WORKFLOW_RUN_LABEL, workflowRun);
    }
    return new PodBuilder().withNewMetadata()
        .withName(name)
        .withNamespace(task.getMetadata().getNamespace())
        .withUid(task.getMetadata().getUid() + "/" + key)
        .withLabels(labels)
        .endMetadata().build();
  }
}
