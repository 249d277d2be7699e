package cloud.sirocco.orca.action;

import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugin.api.TaskAction;

/** Actions written in a test, for the parts of the runner and the registry that need no plugin jar. */
final class TestActions {

  private TestActions() {}

  static TaskAction action(Execution execution) {
    return new TaskAction() {
      @Override
      public String name() {
        return "notify";
      }

      @Override
      public ActionResult execute(ActionContext context) throws Exception {
        return execution.execute(context);
      }
    };
  }

  /** What a test's action does when executed. */
  interface Execution {
    ActionResult execute(ActionContext context) throws Exception;
  }
}
