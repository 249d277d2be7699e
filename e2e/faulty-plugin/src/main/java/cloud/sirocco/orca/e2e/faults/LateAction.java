package cloud.sirocco.orca.e2e.faults;

import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugin.api.TaskAction;
import java.time.Duration;
import java.time.Instant;
import org.pf4j.Extension;

/** Answers success, but only after {@code config.delaySeconds}, ignoring the interrupt of its timeout. */
@Extension
public final class LateAction implements TaskAction {

  @Override
  public String name() {
    return "late";
  }

  @Override
  public ActionResult execute(ActionContext context) {
    Instant due = Instant.now().plus(Duration.ofSeconds(Long.parseLong(context.config().getOrDefault("delaySeconds",
        "5"))));
    while (Instant.now().isBefore(due)) {
      try {
        Thread.sleep(Duration.between(Instant.now(), due).toMillis() + 1);
      } catch (InterruptedException ignored) {
        // On purpose: this action answers late whatever Orca does.
      }
    }
    return ActionResult.success("done, late");
  }
}
