package cloud.sirocco.orca.plugin.api;

/** How a Task's run ended. */
public enum RunOutcome {
  SUCCEEDED,
  FAILED
}
