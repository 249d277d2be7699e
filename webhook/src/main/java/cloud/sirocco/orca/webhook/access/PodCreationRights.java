package cloud.sirocco.orca.webhook.access;

import io.fabric8.kubernetes.api.model.authentication.UserInfo;

/**
 * Whether a user may create pods in a namespace, as the cluster's authorizer decides. A Task's pods are created by
 * the operator with its own rights, as whatever ServiceAccount the Task names: whoever writes a Task's spec must
 * hold that right themselves, or a Task would be a way around the namespace's pod RBAC.
 */
public interface PodCreationRights {

  /** For an installation that turned the check off ({@code ORCA_WEBHOOK_CHECK_POD_RIGHTS=false}): anyone may. */
  PodCreationRights UNCHECKED = (user, namespace) -> true;

  /** @throws RightsUnknownException when the authorizer could not be asked, or did not answer in time */
  boolean mayCreatePods(UserInfo user, String namespace) throws RightsUnknownException;

  /** The authorizer's answer could not be had; the message says why, in a phrase. */
  final class RightsUnknownException extends Exception {
    public RightsUnknownException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
