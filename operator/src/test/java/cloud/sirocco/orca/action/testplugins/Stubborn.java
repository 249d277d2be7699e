package cloud.sirocco.orca.action.testplugins;

import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugin.api.TaskAction;

/** Waits at the gate, ignoring interruption, then reports success however late that is. */
public class Stubborn implements TaskAction {

  @Override
  public String name() {
    return "stubborn";
  }

  @Override
  public ActionResult execute(ActionContext context) {
    Gate.enter();
    Gate.waitIgnoringInterrupts();
    return ActionResult.success("done at last");
  }
}
