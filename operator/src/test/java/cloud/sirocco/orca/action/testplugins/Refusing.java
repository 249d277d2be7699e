package cloud.sirocco.orca.action.testplugins;

import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugin.api.TaskAction;

/** Fails for good, carelessly quoting its secret setting {@code token}. */
public class Refusing implements TaskAction {

  @Override
  public String name() {
    return "refusing";
  }

  @Override
  public ActionResult execute(ActionContext context) {
    Gate.enter();
    return ActionResult.failure("the receiver refused token " + context.setting("token").orElse("none"));
  }
}
