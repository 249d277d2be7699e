package cloud.sirocco.orca.webhook.client;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import java.time.Duration;

/**
 * Requests the webhook sends the API server while the API server waits for its admission answer: one try each,
 * bounded by a timeout, since a retry would outlast the webhook configurations' 5 s.
 */
public final class BoundedRequests {

  private BoundedRequests() {}

  /** A view of the shared client (same connections) whose requests give up after {@code timeout}, never retried. */
  public static KubernetesClient client(KubernetesClient shared, Duration timeout) {
    return shared.newClient(new RequestConfigBuilder()
            .withRequestTimeout(Math.toIntExact(timeout.toMillis()))
            .withRequestRetryBackoffLimit(0)
            .build())
        .adapt(KubernetesClient.class);
  }

  /**
   * What went wrong, in a phrase: "{@code request} failed: HTTP 500: ...", the API server's status and message, or
   * the client's own failure (a timeout, a refused connection).
   */
  public static String failure(String request, KubernetesClientException e) {
    if (e.getCode() > 0) {
      String message = e.getStatus() != null && e.getStatus().getMessage() != null
          ? e.getStatus().getMessage() : e.getMessage();
      return request + " failed: HTTP " + e.getCode() + ": " + firstLine(message);
    }
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    return request + " failed: " + cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + firstLine(cause.getMessage()));
  }

  private static String firstLine(String text) {
    return text.lines().findFirst().orElse("");
  }
}
