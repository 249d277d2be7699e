package cloud.sirocco.orca.webhook.access;

import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
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
    // A view of the shared client (same connections) whose requests give up after the timeout, without retries.
    this.client = client.newClient(new RequestConfigBuilder()
            .withRequestTimeout(Math.toIntExact(timeout.toMillis()))
            .withRequestRetryBackoffLimit(0)
            .build())
        .adapt(KubernetesClient.class);
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
      throw new RightsUnknownException(describe(e), e);
    }
  }

  /** The API server's status and message, or the client's own failure (a timeout, a refused connection). */
  private static String describe(KubernetesClientException e) {
    if (e.getCode() > 0) {
      String message = e.getStatus() != null && e.getStatus().getMessage() != null
          ? e.getStatus().getMessage() : e.getMessage();
      return "SubjectAccessReview failed: HTTP " + e.getCode() + ": " + firstLine(message);
    }
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    return "SubjectAccessReview failed: " + cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + firstLine(cause.getMessage()));
  }

  private static String firstLine(String text) {
    return text.lines().findFirst().orElse("");
  }
}
