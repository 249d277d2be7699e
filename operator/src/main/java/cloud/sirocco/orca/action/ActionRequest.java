package cloud.sirocco.orca.action;

import cloud.sirocco.orca.plugin.api.ActionContext;
import java.util.Objects;

/**
 * One action to run for a finished run.
 *
 * @param plugin the installed action that runs it: the {@code plugin} of the Task's {@code actions[]} entry, or the
 *     name in {@code successActions}/{@code failureActions} itself when no entry has that name
 * @param context the run, the name the Task used ({@link ActionContext#actionName()}), and the resolved settings
 */
public record ActionRequest(String plugin, ActionContext context) {

  public ActionRequest {
    Objects.requireNonNull(plugin, "plugin");
    Objects.requireNonNull(context, "context");
  }
}
