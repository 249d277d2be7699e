package cloud.sirocco.orca.action.testplugins;

import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugin.api.TaskAction;

/** The echo action, as a new version of its plugin would bring it. */
public class EchoVersion2 implements TaskAction {

  @Override
  public String name() {
    return "echo";
  }

  @Override
  public ActionResult execute(ActionContext context) {
    return ActionResult.success("echo version 2");
  }
}
