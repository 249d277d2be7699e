package cloud.sirocco.orca.action;

import cloud.sirocco.orca.action.ActionOutcome.Status;
import cloud.sirocco.orca.plugin.api.ActionResult;

/** What one attempt of an action came to. */
record AttemptVerdict(Kind kind, String message) {

  enum Kind {
    SUCCEEDED(false, Status.SUCCEEDED),
    FAILED(false, Status.FAILED),
    RETRYABLE_FAILURE(true, Status.FAILED),
    NO_RESULT(false, Status.FAILED),
    THREW(true, Status.FAILED),
    TIMED_OUT(true, Status.TIMED_OUT),
    /** Not started: the plugin already holds as many abandoned threads as it may. */
    HELD_UP(true, Status.FAILED);

    /** Whether another attempt may go differently. */
    final boolean retryable;
    /** The action's final status when this is its last attempt. */
    final Status status;

    Kind(boolean retryable, Status status) {
      this.retryable = retryable;
      this.status = status;
    }

    String said() {
      return switch (this) {
        case SUCCEEDED -> "succeeded";
        case TIMED_OUT -> "timed out";
        case HELD_UP -> "was held up";
        default -> "failed";
      };
    }

    static Kind of(ActionResult.Status status) {
      return switch (status) {
        case SUCCEEDED -> SUCCEEDED;
        case FAILED -> FAILED;
        case RETRYABLE_FAILURE -> RETRYABLE_FAILURE;
      };
    }
  }
}
