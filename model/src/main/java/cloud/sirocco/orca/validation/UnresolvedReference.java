package cloud.sirocco.orca.validation;

/**
 * A trigger of a Task naming an Ignitor or Task that does not exist in its namespace.
 *
 * @param field where, e.g. {@code spec.startOnSuccess[1]}
 * @param kind {@code Ignitor} or {@code Task}
 * @param name the name nothing answers to
 */
public record UnresolvedReference(String field, String kind, String name) {

  /** The refusal under {@link ReferencePolicy#STRICT}: what is missing and how to apply in order. */
  Violation refusal(String namespace) {
    String missing = kind + " \"" + name + "\" does not exist in namespace \"" + namespace + "\"; ";
    return new Violation(field, "Ignitor".equals(kind)
        ? missing + "create it first (apply Ignitors before the Tasks that name them)"
        : missing + "create upstream Tasks first (apply a file's Tasks upstream first), or add this trigger by an "
            + "update once \"" + name + "\" exists");
  }

  /** The admission warning under {@link ReferencePolicy#EVENTUAL}. */
  String warning(String namespace) {
    return field + ": " + kind + " \"" + name + "\" does not exist in namespace \"" + namespace + "\" yet; the "
        + "Task waits (Ready=False, UnresolvedReference) until it does";
  }

  @Override
  public String toString() {
    return field + " names " + kind + " \"" + name + "\"";
  }
}
