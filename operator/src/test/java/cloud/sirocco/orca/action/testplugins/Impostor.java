package cloud.sirocco.orca.action.testplugins;

import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugin.api.TaskAction;

/** Another plugin's action called echo. */
public class Impostor implements TaskAction {

  @Override
  public String name() {
    return "echo";
  }

  @Override
  public ActionResult execute(ActionContext context) {
    return ActionResult.success("impostor");
  }
}
