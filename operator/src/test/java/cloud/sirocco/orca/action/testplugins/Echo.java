package cloud.sirocco.orca.action.testplugins;

import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugin.api.TaskAction;

public class Echo implements TaskAction {

  @Override
  public String name() {
    return "Echo";
  }

  @Override
  public ActionResult execute(ActionContext context) {
    Gate.enter();
    return ActionResult.success("echo " + context.setting("say").orElse("hello") + " from " + context.runId()
        + context.incident().map(incident -> " about " + incident).orElse(""));
  }
}
