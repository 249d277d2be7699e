package cloud.sirocco.orca.reconciler;

import cloud.sirocco.orca.cluster.Cluster;
import cloud.sirocco.orca.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.util.List;

/**
 * A pass that failed, made visible where a user looks: the resource's Ready condition turns False with reason
 * ReconcileError and the error, and a Warning Event says so once per distinct error. The framework retries the pass
 * with backoff; the next pass that completes sets Ready again.
 */
final class ReconcileErrors {

  static final String REASON = "ReconcileError";
  private static final int MAX_MESSAGE = 512;

  private ReconcileErrors() {}

  /**
   * Reports {@code error} on {@code copy}, a copy of the resource whose status holds {@code conditions}: the status
   * to patch, or none when the same error is reported already.
   */
  static <P extends HasMetadata> ErrorStatusUpdateControl<P> report(Cluster cluster, P copy,
      List<Condition> conditions, Exception error, Instant now) {
    if (interrupted(error)) {
      // The operator is stopping: the pass is not the resource's problem, and the next operator runs it again.
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    return mark(cluster, copy, conditions, error, now) ? ErrorStatusUpdateControl.patchStatus(copy)
        : ErrorStatusUpdateControl.noStatusUpdate();
  }

  /**
   * Sets Ready=False/ReconcileError for {@code error} in {@code conditions} and records a Warning Event about
   * {@code object}, unless they say so already; returns whether they changed. A pass that ends in an error sets it in
   * its own status write too, so that the write and the error report agree and neither sets off another pass.
   */
  static boolean mark(Cluster cluster, HasMetadata object, List<Condition> conditions, Exception error,
      Instant now) {
    String message = "The operator could not complete its last pass and retries it: " + describe(error);
    boolean reported = conditions.stream().anyMatch(c -> "Ready".equals(c.getType())
        && REASON.equals(c.getReason()) && message.equals(c.getMessage()));
    if (reported) {
      return false;
    }
    Conditions.set(conditions, "Ready", false, REASON, message, object.getMetadata().getGeneration(), now);
    cluster.event(object, "Warning", REASON, message);
    return true;
  }

  private static boolean interrupted(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof InterruptedException || cause instanceof InterruptedIOException) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Exception error) {
    String text = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    if (error instanceof KubernetesClientException api && api.getStatus() != null
        && api.getStatus().getMessage() != null) {
      text = "the API server answered " + api.getCode() + ": " + api.getStatus().getMessage();
    }
    return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE - 3) + "..." : text;
  }
}
