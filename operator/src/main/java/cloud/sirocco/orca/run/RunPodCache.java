package cloud.sirocco.orca.run;

import cloud.sirocco.orca.model.Task;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesResourceUtil;
import java.util.List;

/**
 * The run pods of Tasks as the operator's cache holds them. A run pod belongs to the Task object that controls it,
 * told by uid: a Task deleted and created again under its name is another object, and the old one's pods, which
 * the garbage collector may take a minute to remove, are none of its runs. The cache itself may map pods to Tasks
 * by name, as an informer does ({@link #podsNaming}); {@link #runsOf} keeps the Task's own.
 *
 * <p>The cache must also answer with pods the operator has just created and not yet seen come back through its
 * watch, so that a second trigger in that window cannot pass a Forbid check: {@link #created} tells it of each one.
 */
public interface RunPodCache {

  /** Every pod whose owner reference names a Task of {@code task}'s namespace and name, whichever object it was. */
  List<Pod> podsNaming(Task task);

  /** Tells the cache of a pod created for {@code task}, ahead of the watch event. */
  void created(Task task, Pod pod);

  /** Every run pod of {@code task}. */
  default List<Pod> runsOf(Task task) {
    return podsNaming(task).stream().filter(pod -> isRunOf(pod, task)).toList();
  }

  /** Whether {@code pod} is a run of {@code task}: the Task's uid is its controller's. */
  static boolean isRunOf(Pod pod, Task task) {
    OwnerReference controller = KubernetesResourceUtil.getControllerUid(pod);
    return controller != null && controller.getUid() != null
        && controller.getUid().equals(task.getMetadata().getUid());
  }
}
