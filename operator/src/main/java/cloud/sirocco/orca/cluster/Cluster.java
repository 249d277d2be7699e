package cloud.sirocco.orca.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster operations the operator performs on run pods and their surroundings. Kept small so that the trigger
 * logic can be tested against an in-memory cluster, and proven against a real one.
 */
public interface Cluster {

  /**
   * Creates a run pod; if one with that name exists, returns it instead: run names are derived from triggers.
   *
   * @throws PodRejectedException when the API server refuses the pod for a reason that asking again would not change
   */
  Created create(Pod pod);

  /** Deletes a pod; absent is fine. */
  void delete(String namespace, String name);

  /** Adds annotations to a pod. */
  void annotate(Pod pod, Map<String, String> annotations);

  /**
   * Adds annotations to a run pod and removes Orca's finalizer from it, in one write: Orca is done with the run, so
   * the pod may go once it is deleted.
   */
  void annotateAndRelease(Pod pod, Map<String, String> annotations);

  /** The last {@code lines} lines of a container's log, if the pod and its log still exist. */
  Optional<String> logTail(String namespace, String pod, String container, int lines);

  /**
   * The decoded data of a Secret.
   *
   * @throws IllegalStateException when it does not exist or Orca may not read it, with a sentence saying which
   */
  Map<String, String> secretData(String namespace, String name);

  /** Records a Kubernetes Event about {@code object}: type Normal or Warning, a CamelCase reason, a sentence. */
  void event(HasMetadata object, String type, String reason, String message);

  /** The outcome of {@link #create}: the pod as stored, and whether this call created it. */
  record Created(Pod pod, boolean created) {}
}
