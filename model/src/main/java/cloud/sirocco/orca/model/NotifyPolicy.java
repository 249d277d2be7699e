package cloud.sirocco.orca.model;

/** When an action of a Task's actions list runs for the runs it is named for. */
public enum NotifyPolicy {
  /** After every run it is named for, as successActions or failureActions say. The default. */
  EveryRun,
  /**
   * Once per incident (a streak of consecutive failed runs): on the failure that opens it, and again, as a recovery,
   * on the success that ends it. Repeated failures in between do not run it.
   */
  OnChange
}
