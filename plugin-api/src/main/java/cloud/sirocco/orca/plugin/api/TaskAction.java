package cloud.sirocco.orca.plugin.api;

import org.pf4j.ExtensionPoint;

/**
 * An action Orca runs when a Task's run finishes, named by the Task in {@code successActions} or
 * {@code failureActions}.
 *
 * <p>Orca calls {@link #execute} off its reconcile path, with a timeout, and retries a {@link ActionResult#retry
 * retryable} failure with backoff. An implementation should therefore be safe to call more than once for the same
 * run: {@link ActionContext#idempotencyKey()} is the same on every attempt, so a receiver can drop repeats.
 */
public interface TaskAction extends ExtensionPoint {

  /** The name Tasks use to refer to this action, e.g. {@code http}. Lower case, unique among installed plugins. */
  String name();

  /**
   * Runs the action for one finished run. Throwing is treated like {@link ActionResult#retry}; returning
   * {@code null} like a permanent failure.
   */
  ActionResult execute(ActionContext context) throws Exception;
}
