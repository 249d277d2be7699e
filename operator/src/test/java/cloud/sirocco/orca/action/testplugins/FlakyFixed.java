package cloud.sirocco.orca.action.testplugins;

import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugin.api.TaskAction;

/** The flaky action, as the fixed version of its plugin would bring it. */
public class FlakyFixed implements TaskAction {

  @Override
  public String name() {
    return "flaky";
  }

  @Override
  public ActionResult execute(ActionContext context) {
    return ActionResult.success("fixed, on attempt " + context.attempt());
  }
}
