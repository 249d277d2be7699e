package cloud.sirocco.orca.webhook.access;

import cloud.sirocco.orca.webhook.client.BoundedRequests;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;

/**
 * Asks the API server, by a SubjectAccessReview, whether the user may {@code create} {@code pods} in the
 * namespace: the user, uid, groups and extra of the admission request, judged by whatever authorizers the cluster
 * runs (RBAC, a webhook authorizer). One request, bounded by a timeout and never retried: it runs while the API
 * server waits for the admission answer.
 */
public final class SubjectAccessReviewRights implements PodCreationRights {

  private final KubernetesClient client;

  /** @param timeout how long one review may take; the webhook configurations allow the whole answer 5 s */
  public SubjectAccessReviewRights(KubernetesClient client, Duration timeout) {
    this.client = BoundedRequests.client(client, timeout);
  }

  @Override
  public boolean mayCreatePods(UserInfo user, String namespace) throws RightsUnknownException {
    SubjectAccessReview review = new SubjectAccessReviewBuilder()
        .withNewSpec()
        .withUser(user.getUsername())
        .withUid(user.getUid())
        .withGroups(user.getGroups())
        .withExtra(user.getExtra())
        .withNewResourceAttributes()
        .withGroup("")
        .withResource("pods")
        .withVerb("create")
        .withNamespace(namespace)
        .endResourceAttributes()
        .endSpec()
        .build();
    try {
      SubjectAccessReview answer = client.authorization().v1().subjectAccessReview().create(review);
      return answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
    } catch (KubernetesClientException e) {
      throw new RightsUnknownException(BoundedRequests.failure("SubjectAccessReview", e), e);
    }
  }
}
