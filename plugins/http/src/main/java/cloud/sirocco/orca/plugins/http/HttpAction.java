package cloud.sirocco.orca.plugins.http;

import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugins.support.HttpCallAction;
import cloud.sirocco.orca.plugins.support.RunFields;
import cloud.sirocco.orca.plugins.support.SettingException;
import cloud.sirocco.orca.plugins.support.Settings;
import cloud.sirocco.orca.plugins.support.SuccessCodes;
import cloud.sirocco.orca.plugins.support.Template;
import java.net.http.HttpRequest;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.pf4j.Extension;

/**
 * Calls an HTTP endpoint when a run finishes. Settings, each from the action's config or its Secret: {@code url}
 * (required), {@code method} (POST), {@code headers} ("Name: value" lines) and {@code header.<Name>} keys,
 * {@code body} (a template over the run's fields; default: the run's fields as JSON), {@code timeoutSeconds} (10),
 * {@code successCodes} (2xx).
 */
@Extension
public final class HttpAction extends HttpCallAction {

  public HttpAction() {
    super("url");
  }

  @Override
  public String name() {
    return "http";
  }

  @Override
  protected SuccessCodes shape(ActionContext run, Settings settings, HttpRequest.Builder request) throws SettingException {
    for (Map.Entry<String, String> header : headers(settings).entrySet()) {
      setHeader(request, header.getKey(), header.getValue());
    }
    String method = settings.text("method", "POST").toUpperCase(Locale.ROOT);
    setMethod(request, method, method.equals("GET") || method.equals("HEAD") ? null : body(run, settings));
    return settings.successCodes("successCodes");
  }

  private static String body(ActionContext run, Settings settings) {
    return settings.text("body")
        .map(template -> Template.render(template, RunFields.text(run)))
        .orElseGet(() -> RunFields.json(run).toString());
  }

  /** Content-Type JSON, then the {@code headers} lines, then {@code header.<Name>} keys: a later one wins. */
  private static Map<String, String> headers(Settings settings) throws SettingException {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.put("Content-Type", "application/json");
    String[] lines = settings.text("headers", "").split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      int colon = lines[i].indexOf(':');
      if (colon < 1) {
        throw new SettingException("setting 'headers' line " + (i + 1) + " is not 'Name: value'; write one header a line");
      }
      headers.put(lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip());
    }
    headers.putAll(settings.withPrefix("header."));
    return headers;
  }

  private static void setHeader(HttpRequest.Builder request, String name, String value) throws SettingException {
    try {
      request.setHeader(name, value);
    } catch (IllegalArgumentException e) {
      // The JDK's reason may quote the value, which may come from the Secret.
      throw new SettingException("header '" + name + "' cannot be sent: Orca sets it itself (Host, Content-Length,"
          + " Connection...) or its name or value holds characters a header cannot");
    }
  }

  private static void setMethod(HttpRequest.Builder request, String method, String body) throws SettingException {
    try {
      request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    } catch (IllegalArgumentException e) {
      throw new SettingException("setting 'method' must be an HTTP method such as POST, PUT or GET, not '" + method + "'");
    }
  }
}
