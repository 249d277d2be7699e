package cloud.sirocco.orca.e2e.faults;

import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugin.api.TaskAction;
import org.pf4j.Extension;

/** Never answers: blocks until Orca interrupts it at the attempt timeout. */
@Extension
public final class HangingAction implements TaskAction {

  @Override
  public String name() {
    return "hang";
  }

  @Override
  public ActionResult execute(ActionContext context) throws InterruptedException {
    Thread.sleep(Long.MAX_VALUE);
    return ActionResult.success("unreachable");
  }
}
