package cloud.sirocco.orca.run;

import cloud.sirocco.orca.model.Task;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * The run pods of Tasks as the operator's cache holds them. The cache must also answer with pods the operator has
 * just created and not yet seen come back through its watch, so that a second trigger in that window cannot pass a
 * Forbid check: {@link #created} tells it of each one.
 */
public interface RunPodCache {

  /** Every run pod of {@code task}. */
  List<Pod> runsOf(Task task);

  /** Tells the cache of a pod created for {@code task}, ahead of the watch event. */
  void created(Task task, Pod pod);
}
