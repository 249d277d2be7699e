package cloud.sirocco.orca.model;

/** What a trigger does while a run of the Task is still in flight (CronJob's vocabulary). */
public enum ConcurrencyPolicy {
  /** Start another run beside it. */
  Allow,
  /** Skip the trigger, recording it on the Task. The default: a Task is one unit of work at a time. */
  Forbid,
  /** Stop the running run and start the new one. */
  Replace
}
