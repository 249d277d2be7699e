package cloud.sirocco.orca.plugins.log;

import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugin.api.TaskAction;
import cloud.sirocco.orca.plugins.support.RunFields;
import java.util.function.Consumer;
import org.pf4j.Extension;
import org.slf4j.LoggerFactory;

/** Writes one JSON line per finished run to the operator's log, under the logger {@code orca.action.log}. */
@Extension
public final class LogAction implements TaskAction {

  private final Consumer<String> log;

  public LogAction() {
    this(LoggerFactory.getLogger("orca.action.log")::info);
  }

  LogAction(Consumer<String> log) {
    this.log = log;
  }

  @Override
  public String name() {
    return "log";
  }

  @Override
  public ActionResult execute(ActionContext run) {
    log.accept(RunFields.json(run).toString());
    return ActionResult.success("logged run " + run.namespace() + "/" + run.runId());
  }
}
