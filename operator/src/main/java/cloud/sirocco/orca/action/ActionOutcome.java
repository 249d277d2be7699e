package cloud.sirocco.orca.action;

/**
 * How one action ended, for the Task's status and an Event.
 *
 * @param action the name the Task used for it
 * @param plugin the installed action asked to run it
 * @param status the final status
 * @param message a sentence for a person, at most 1,000 characters; never holds a value of the action's Secret
 * @param attempts attempts made; 0 when it never ran
 */
public record ActionOutcome(String action, String plugin, Status status, String message, int attempts) {

  /** The final status of an action. */
  public enum Status {
    /** The plugin reported success. */
    SUCCEEDED,
    /** The plugin reported a failure another attempt would repeat, returned no result, or failed every attempt. */
    FAILED,
    /** The last attempt got no answer from the plugin within the attempt timeout. */
    TIMED_OUT,
    /** No installed plugin provides the action; the message lists those installed. */
    UNKNOWN_ACTION,
    /** Not run to the end: the runner was full, or shut down. Running it again later may succeed. */
    REJECTED
  }
}
