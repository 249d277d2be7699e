package cloud.sirocco.orca.schedule;

/** A schedule or time zone that cannot be used; the message completes the sentence "spec.scheduled ...". */
public class InvalidScheduleException extends IllegalArgumentException {
  public InvalidScheduleException(String message) {
    super(message);
  }
}
