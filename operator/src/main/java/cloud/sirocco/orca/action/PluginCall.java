package cloud.sirocco.orca.action;

import cloud.sirocco.orca.action.AttemptVerdict.Kind;
import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugin.api.TaskAction;

/**
 * One call of a plugin's action on the current thread, with the plugin's class loader as the thread's context class
 * loader. Whatever the plugin returns or throws becomes a verdict whose message fits an Event and the Task's status
 * and never shows a value of the action's Secret.
 */
final class PluginCall {

  /** Keeps a plugin's message fit for an Event and the Task's status. */
  static final int MAX_MESSAGE_CHARS = 1000;

  private PluginCall() {}

  static AttemptVerdict invoke(TaskAction action, ActionContext context, SecretMask mask) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(action.getClass().getClassLoader());
    try {
      ActionResult result = action.execute(context);
      if (result == null) {
        return new AttemptVerdict(Kind.NO_RESULT, "the plugin returned no result");
      }
      return new AttemptVerdict(Kind.of(result.status()), clean(result.message(), mask));
    } catch (Throwable e) {
      // Whatever a plugin throws, Errors included, must end in a verdict: the action's future depends on it.
      return new AttemptVerdict(Kind.THREW,
          clean("the plugin threw " + ActionPluginManager.describe(e) + causeOf(e), mask));
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static String causeOf(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? "" : " (caused by " + ActionPluginManager.describe(root) + ")";
  }

  private static String clean(String message, SecretMask mask) {
    String masked = mask.apply(message);
    return masked.length() <= MAX_MESSAGE_CHARS ? masked : masked.substring(0, MAX_MESSAGE_CHARS - 1) + "…";
  }
}
