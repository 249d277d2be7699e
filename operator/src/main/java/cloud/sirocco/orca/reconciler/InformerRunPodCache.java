package cloud.sirocco.orca.reconciler;

import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.run.RunPodCache;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;

/**
 * Run pods from the Task controller's pod informer, which maps them to Tasks by the name in their owner reference.
 * A pod just created goes into the informer's temporary cache, which the framework keeps until the watch delivers
 * that version or a newer one.
 */
final class InformerRunPodCache implements RunPodCache {

  private final InformerEventSource<Pod, Task> pods;

  InformerRunPodCache(InformerEventSource<Pod, Task> pods) {
    this.pods = pods;
  }

  @Override
  public List<Pod> podsNaming(Task task) {
    return List.copyOf(pods.getSecondaryResources(task));
  }

  @Override
  public void created(Task task, Pod pod) {
    pods.handleRecentResourceCreate(ResourceID.fromResource(task), pod);
  }
}
