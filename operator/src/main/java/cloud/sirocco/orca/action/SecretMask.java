package cloud.sirocco.orca.action;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Hides an action's secret values in text bound for logs, Events and status: a plugin may echo one by mistake, in
 * a message or an exception.
 */
final class SecretMask {

  static final String HIDDEN = "*****";

  /** Each value and, for a multi-line value such as a list of headers, each of its lines; longest first, so that a
   * secret containing another is hidden whole. */
  private final List<String> values;

  SecretMask(Map<String, String> secrets) {
    this.values = secrets.values().stream()
        .filter(value -> value != null)
        .flatMap(value -> Stream.concat(Stream.of(value), value.lines().map(String::strip)))
        .filter(value -> !value.isBlank())
        .distinct()
        .sorted(Comparator.comparingInt(String::length).reversed())
        .toList();
  }

  String apply(String text) {
    String masked = text;
    for (String value : values) {
      masked = masked.replace(value, HIDDEN);
    }
    return masked;
  }
}
