package cloud.sirocco.orca.plugins.support;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text with {@code ${field}} placeholders, filled from the {@link RunFields run's fields}. {@code ${field:json}}
 * escapes the value for use inside a JSON string, so a quote or a line break in a message cannot break a JSON body.
 * An unknown name is left as written, so that a typo shows in the output instead of silently vanishing.
 */
public final class Template {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9]*)(:json)?}");

  private Template() {}

  public static String render(String template, Map<String, String> fields) {
    return PLACEHOLDER.matcher(template).replaceAll(placeholder -> {
      String value = fields.get(placeholder.group(1));
      if (value == null) {
        return Matcher.quoteReplacement(placeholder.group());
      }
      boolean json = placeholder.group(2) != null;
      return Matcher.quoteReplacement(json ? new String(JsonStringEncoder.getInstance().quoteAsString(value)) : value);
    });
  }
}
