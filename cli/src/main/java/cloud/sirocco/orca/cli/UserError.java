package cloud.sirocco.orca.cli;

/** Something the user asked for that cannot be answered (no such Task, no such run): a sentence, no stack trace. */
public final class UserError extends RuntimeException {

  public UserError(String message) {
    super(message);
  }
}
