package cloud.sirocco.orca.webhook.admission;

import cloud.sirocco.orca.webhook.metrics.WebhookMetrics.Result;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.javaoperatorsdk.webhook.admission.AdmissionController;
import io.javaoperatorsdk.webhook.admission.AdmissionRequestHandler;

/** One admission path ({@code /validate}, {@code /mutate}): request body in, AdmissionReview JSON out. */
public final class AdmissionEndpoint {

  /** What an endpoint answered, and how to count it. */
  public record Answer(byte[] json, String kind, Result verdict) {}

  private final String operation;
  private final AdmissionJson json;
  private final AdmissionController<HasMetadata> controller;

  /** @param operation the metrics label: {@code validate} or {@code mutate} */
  public AdmissionEndpoint(String operation, AdmissionJson json, AdmissionRequestHandler handler) {
    this.operation = operation;
    this.json = json;
    this.controller = new AdmissionController<>(handler);
  }

  public static AdmissionEndpoint validating(AdmissionJson json, ValidatingHandler handler) {
    return new AdmissionEndpoint("validate", json, handler);
  }

  public static AdmissionEndpoint mutating(AdmissionJson json, MutatingHandler handler) {
    return new AdmissionEndpoint("mutate", json, handler);
  }

  public String operation() {
    return operation;
  }

  /**
   * Answers one request body.
   *
   * @throws MalformedReviewException when the body is not an AdmissionReview for a Task or an Ignitor
   */
  public Answer answer(byte[] body) throws MalformedReviewException {
    AdmissionReview request = json.read(body);
    AdmissionReview answer = controller.handle(request);
    return new Answer(json.write(answer), request.getRequest().getKind().getKind(),
        verdict(answer.getResponse()));
  }

  private static Result verdict(AdmissionResponse response) {
    if (Boolean.TRUE.equals(response.getAllowed())) {
      return response.getPatch() == null ? Result.ALLOWED : Result.PATCHED;
    }
    return Responses.isInternalError(response) ? Result.ERROR : Result.DENIED;
  }
}
