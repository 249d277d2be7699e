package cloud.sirocco.orca.plugins.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which HTTP status codes mean success: a comma-separated list of codes ({@code 204}), ranges ({@code 200-299})
 * and classes ({@code 2xx}).
 */
public final class SuccessCodes {

  public static final SuccessCodes DEFAULT = parse("2xx").orElseThrow();

  private final String spec;
  private final List<int[]> ranges;

  private SuccessCodes(String spec, List<int[]> ranges) {
    this.spec = spec;
    this.ranges = ranges;
  }

  /** Empty when {@code spec} is not such a list. */
  public static Optional<SuccessCodes> parse(String spec) {
    List<int[]> ranges = new ArrayList<>();
    for (String part : spec.split(",")) {
      int[] range = range(part.strip().toLowerCase());
      if (range == null) {
        return Optional.empty();
      }
      ranges.add(range);
    }
    return Optional.of(new SuccessCodes(spec, List.copyOf(ranges)));
  }

  public boolean contains(int code) {
    return ranges.stream().anyMatch(range -> range[0] <= code && code <= range[1]);
  }

  @Override
  public String toString() {
    return spec;
  }

  private static int[] range(String part) {
    if (part.matches("[1-5]xx")) {
      int first = (part.charAt(0) - '0') * 100;
      return new int[] {first, first + 99};
    }
    try {
      int dash = part.indexOf('-');
      int from = Integer.parseInt(dash < 0 ? part : part.substring(0, dash).strip());
      int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1).strip());
      return 100 <= from && from <= to && to <= 599 ? new int[] {from, to} : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
