package cloud.sirocco.orca.validation;

/** One broken rule: where ({@code spec.startOnSuccess[1]}) and what is wrong, and what would be right. */
public record Violation(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
