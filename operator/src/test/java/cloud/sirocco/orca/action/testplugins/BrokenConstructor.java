package cloud.sirocco.orca.action.testplugins;

import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugin.api.TaskAction;

public class BrokenConstructor implements TaskAction {

  public BrokenConstructor() {
    throw new IllegalStateException("missing ORCA_BROKEN_URL");
  }

  @Override
  public String name() {
    return "broken";
  }

  @Override
  public ActionResult execute(ActionContext context) {
    return ActionResult.success("unreachable");
  }
}
