package cloud.sirocco.orca.webhook.admission;

import cloud.sirocco.orca.validation.Violation;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import java.util.List;

/** The AdmissionResponses the handlers give. */
final class Responses {

  /** The reason a denial for an internal failure carries, so that metrics and tests can tell it from a verdict. */
  static final String INTERNAL_ERROR = "InternalError";
  private static final int MAX_CAUSE_CHARS = 240;

  private Responses() {}

  static AdmissionResponse allowed(List<String> warnings) {
    return response(true, warnings);
  }

  /** Denied as the API server denies an invalid object: 422, reason Invalid, one cause per violated field. */
  static AdmissionResponse invalid(WorkflowKind kind, String name, String message, List<Violation> violations,
      List<String> warnings) {
    return denial(422, "Invalid", "FieldValueInvalid", kind, name, message, violations, warnings);
  }

  /** Denied as the API server denies what its authorizer refuses: 403, reason Forbidden, the field as the cause. */
  static AdmissionResponse forbidden(WorkflowKind kind, String name, Violation violation) {
    return denial(403, "Forbidden", "FieldValueForbidden", kind, name,
        kind.kindName() + " \"" + name + "\" is forbidden: " + violation, List.of(violation), List.of());
  }

  private static AdmissionResponse denial(int code, String reason, String causeReason, WorkflowKind kind, String name,
      String message, List<Violation> violations, List<String> warnings) {
    Status status = new StatusBuilder()
        .withStatus("Failure")
        .withCode(code)
        .withReason(reason)
        .withMessage(message)
        .withNewDetails()
        .withGroup(WorkflowKind.group())
        .withKind(kind.kindName())
        .withName(name)
        .withCauses(violations.stream()
            .map(v -> new StatusCause(v.field(), v.message(), causeReason))
            .toList())
        .endDetails()
        .build();
    AdmissionResponse response = response(false, warnings);
    response.setStatus(status);
    return response;
  }

  /**
   * Denied because a check the answer depends on could not be made ({@code why} says which and what failed):
   * counted as an error, like a failure inside the webhook, since no verdict was reached.
   */
  static AdmissionResponse unchecked(WorkflowKind kind, String name, String why) {
    return failure(kind.kindName() + " \"" + name + "\" is refused: " + why);
  }

  /** Denied because the webhook itself failed: the message says so, the log has the rest. */
  static AdmissionResponse internalError(String doing, WorkflowKind kind, String name, Throwable failure) {
    String cause = failure.getClass().getSimpleName()
        + (failure.getMessage() == null ? "" : ": " + failure.getMessage().lines().findFirst().orElse(""));
    if (cause.length() > MAX_CAUSE_CHARS) {
      cause = cause.substring(0, MAX_CAUSE_CHARS) + "...";
    }
    return failure("internal error " + doing + " " + kind.kindName() + " \"" + name + "\": " + cause
        + "; see webhook log");
  }

  private static AdmissionResponse failure(String message) {
    AdmissionResponse response = response(false, List.of());
    response.setStatus(new StatusBuilder()
        .withStatus("Failure")
        .withCode(500)
        .withReason(INTERNAL_ERROR)
        .withMessage(message)
        .build());
    return response;
  }

  private static AdmissionResponse response(boolean allowed, List<String> warnings) {
    AdmissionResponse response = new AdmissionResponse();
    response.setAllowed(allowed);
    if (!warnings.isEmpty()) {
      response.setWarnings(List.copyOf(warnings));
    }
    return response;
  }

  static boolean isInternalError(AdmissionResponse response) {
    return response.getStatus() != null && INTERNAL_ERROR.equals(response.getStatus().getReason());
  }
}
