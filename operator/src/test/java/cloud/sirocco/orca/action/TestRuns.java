package cloud.sirocco.orca.action;

import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.RunOutcome;
import java.util.Map;

/** Contexts of a finished run for the tests' actions. */
final class TestRuns {

  private TestRuns() {}

  static ActionContext run(String action) {
    return run(action, Map.of(), Map.of());
  }

  static ActionContext run(String action, Map<String, String> config, Map<String, String> secrets) {
    return ActionContext.builder()
        .namespace("team-a")
        .task("nightly-report")
        .runId("nightly-report-7f3k2")
        .actionName(action)
        .outcome(RunOutcome.FAILED)
        .exitCode(1)
        .reason("Error")
        .config(config)
        .secrets(secrets)
        .build();
  }

  /** The installed action of that name, as a name in {@code successActions} without an {@code actions[]} entry. */
  static ActionRequest request(String action) {
    return new ActionRequest(action, run(action));
  }

  static ActionRequest request(String action, Map<String, String> config, Map<String, String> secrets) {
    return new ActionRequest(action, run(action, config, secrets));
  }
}
