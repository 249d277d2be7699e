package cloud.sirocco.orca.action.testplugins;

import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugin.api.TaskAction;

/** Says which workflow run its run belongs to. */
public class WorkflowRunTeller implements TaskAction {

  @Override
  public String name() {
    return "workflow-run-teller";
  }

  @Override
  public ActionResult execute(ActionContext context) {
    return ActionResult.success("workflow run " + context.workflowRun());
  }
}
