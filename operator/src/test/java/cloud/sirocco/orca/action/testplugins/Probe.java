package cloud.sirocco.orca.action.testplugins;

import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugin.api.TaskAction;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reports which class loaders it sees. */
public class Probe implements TaskAction {

  @Override
  public String name() {
    return "probe";
  }

  @Override
  public ActionResult execute(ActionContext context) {
    ClassLoader own = getClass().getClassLoader();
    return ActionResult.success("context class loader is the plugin's: "
        + (Thread.currentThread().getContextClassLoader() == own)
        + "; API from the plugin: " + (TaskAction.class.getClassLoader() == own)
        + "; Jackson from the plugin: " + (ObjectMapper.class.getClassLoader() == own));
  }
}
