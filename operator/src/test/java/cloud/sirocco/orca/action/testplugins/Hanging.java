package cloud.sirocco.orca.action.testplugins;

import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugin.api.TaskAction;

/** Waits at the gate, and gives up when interrupted, as a well-behaved plugin does. */
public class Hanging implements TaskAction {

  @Override
  public String name() {
    return "hanging";
  }

  @Override
  public ActionResult execute(ActionContext context) throws InterruptedException {
    Gate.enter();
    Gate.waitInterruptibly();
    return ActionResult.success("the gate opened");
  }
}
