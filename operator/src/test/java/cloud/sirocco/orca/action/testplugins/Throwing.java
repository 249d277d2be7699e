package cloud.sirocco.orca.action.testplugins;

import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugin.api.TaskAction;

/** Throws, carelessly quoting its secret setting {@code token}. */
public class Throwing implements TaskAction {

  @Override
  public String name() {
    return "throwing";
  }

  @Override
  public ActionResult execute(ActionContext context) {
    Gate.enter();
    throw new IllegalStateException("cannot log in with " + context.setting("token").orElse("no token"),
        new java.io.IOException("connection reset"));
  }
}
