package cloud.sirocco.orca.plugins.support;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where a plugin sends its request, and how messages may name it: a plain URL is shown without its query and user
 * info; a URL read from the action's Secret (a chat webhook URL is itself a credential) is not shown at all.
 */
public record Endpoint(URI uri, String display) {

  static Endpoint parse(String key, String value, boolean secret) throws SettingException {
    String fix = "setting '" + key + "' must be an http:// or https:// URL";
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new SettingException(fix + (secret ? " (the value in the Secret is not)" : ": " + e.getMessage()));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new SettingException(fix + (secret ? " (the value in the Secret is not)" : ", not '" + value + "'"));
    }
    if (secret) {
      return new Endpoint(uri, "the " + key + " from the action's Secret");
    }
    String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return new Endpoint(uri, scheme + "://" + uri.getHost() + port + path);
  }

  @Override
  public String toString() {
    return display;
  }
}
