package cloud.sirocco.orca.validation;

import java.util.List;
import java.util.stream.Collectors;

/** Every violation of an object at once, plus warnings for what is legal but probably a mistake. */
public record Verdict(List<Violation> errors, List<String> warnings) {

  public Verdict {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  public boolean allowed() {
    return errors.isEmpty();
  }

  /** One message naming the object and listing every violation, one per line. */
  public String denialMessage(String kind, String name) {
    String count = errors.size() == 1 ? "1 problem" : errors.size() + " problems";
    return kind + " \"" + name + "\" is invalid (" + count + "):\n"
        + errors.stream().map(v -> "  - " + v).collect(Collectors.joining("\n"));
  }
}
