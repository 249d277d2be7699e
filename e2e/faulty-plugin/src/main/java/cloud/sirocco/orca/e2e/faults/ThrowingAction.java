package cloud.sirocco.orca.e2e.faults;

import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugin.api.TaskAction;
import org.pf4j.Extension;

/** Throws on every attempt. */
@Extension
public final class ThrowingAction implements TaskAction {

  @Override
  public String name() {
    return "throw";
  }

  @Override
  public ActionResult execute(ActionContext context) {
    throw new IllegalStateException("the pager service is down");
  }
}
