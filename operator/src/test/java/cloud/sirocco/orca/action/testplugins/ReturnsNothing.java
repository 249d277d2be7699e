package cloud.sirocco.orca.action.testplugins;

import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugin.api.TaskAction;

public class ReturnsNothing implements TaskAction {

  @Override
  public String name() {
    return "nothing";
  }

  @Override
  public ActionResult execute(ActionContext context) {
    Gate.enter();
    return null;
  }
}
