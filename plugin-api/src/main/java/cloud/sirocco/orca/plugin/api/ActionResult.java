package cloud.sirocco.orca.plugin.api;

import java.util.Objects;

/** What an action reports back: shown to the user in an Event and in the Task's status. */
public final class ActionResult {

  /** How an attempt ended. */
  public enum Status {
    SUCCEEDED,
    /** Failed, and worth another attempt (a 5xx, a timeout, a refused connection). */
    RETRYABLE_FAILURE,
    /** Failed, and another attempt would fail the same way (a 4xx, bad configuration). */
    FAILED
  }

  private final Status status;
  private final String message;

  private ActionResult(Status status, String message) {
    this.status = Objects.requireNonNull(status, "status");
    this.message = message == null ? "" : message;
  }

  public static ActionResult success(String message) {
    return new ActionResult(Status.SUCCEEDED, message);
  }

  public static ActionResult retry(String message) {
    return new ActionResult(Status.RETRYABLE_FAILURE, message);
  }

  public static ActionResult failure(String message) {
    return new ActionResult(Status.FAILED, message);
  }

  public Status status() {
    return status;
  }

  /** A short sentence for a person: what happened, e.g. {@code POST https://… answered 503}. */
  public String message() {
    return message;
  }

  @Override
  public String toString() {
    return status + (message.isEmpty() ? "" : ": " + message);
  }
}
