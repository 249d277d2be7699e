package cloud.sirocco.orca.action.testplugins;

import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugin.api.TaskAction;

/** Fails, worth another attempt, until the attempt named by the setting {@code succeedOnAttempt}. */
public class Flaky implements TaskAction {

  @Override
  public String name() {
    return "flaky";
  }

  @Override
  public ActionResult execute(ActionContext context) {
    Gate.enter();
    int succeedOn = Integer.parseInt(context.setting("succeedOnAttempt").orElse("2"));
    return context.attempt() >= succeedOn
        ? ActionResult.success("worked on attempt " + context.attempt())
        : ActionResult.retry("not yet on attempt " + context.attempt());
  }
}
