package cloud.sirocco.orca.webhook.admission;

import cloud.sirocco.orca.validation.Violation;
import cloud.sirocco.orca.webhook.access.PodCreationRights;
import cloud.sirocco.orca.webhook.access.PodCreationRights.RightsUnknownException;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who writes a Task's spec must be allowed to create pods in its namespace: the operator creates the Task's pods
 * with its own rights, as whichever ServiceAccount of the namespace the Task names. That one right is all
 * Kubernetes itself asks of a pod's author; it has no separate right to use a ServiceAccount (the
 * {@code impersonate} verb on serviceaccounts governs acting as one towards the API, and pod creation never checks
 * it), so a user who may create pods may already run them as any ServiceAccount of the namespace.
 */
final class PodRightsCheck {

  private static final Logger LOG = LoggerFactory.getLogger(PodRightsCheck.class);
  private static final String WHY = "a Task runs its pods with Orca's rights";

  private final PodCreationRights rights;

  PodRightsCheck(PodCreationRights rights) {
    this.rights = rights;
  }

  /**
   * The refusal of a write to a Task's spec by a user who may not create pods in its namespace, or for whom that
   * could not be found out (as {@code failurePolicy: Fail} refuses when the webhook cannot answer); empty when the
   * write may go on. An Ignitor only starts Tasks, whose specs were checked when they were written.
   */
  Optional<AdmissionResponse> refusal(WorkflowKind kind, AdmissionRequest request) {
    if (kind != WorkflowKind.TASK) {
      return Optional.empty();
    }
    UserInfo user = request.getUserInfo() == null ? new UserInfo() : request.getUserInfo();
    String namespace = request.getNamespace();
    String name = RequestNames.of(request);
    String who = "user \"" + user.getUsername() + "\"";
    try {
      if (rights.mayCreatePods(user, namespace)) {
        return Optional.empty();
      }
    } catch (RightsUnknownException e) {
      LOG.warn("Refused {} of Task {}/{}: could not check whether {} may create pods there: {}",
          request.getOperation(), namespace, name, who, e.getMessage());
      return Optional.of(Responses.unchecked(kind, name, "could not check whether " + who + " may create pods in "
          + "namespace \"" + namespace + "\" (" + e.getMessage() + "); " + WHY + ", so it is not admitted "
          + "unchecked: try again"));
    }
    LOG.info("Denied {} of Task {}/{}: {} may not create pods there", request.getOperation(), namespace, name, who);
    return Optional.of(Responses.forbidden(kind, name, new Violation("metadata.namespace", who + " may not create "
        + "pods in namespace \"" + namespace + "\"; " + WHY + ", so creating or changing one needs the right to "
        + "create pods there")));
  }
}
