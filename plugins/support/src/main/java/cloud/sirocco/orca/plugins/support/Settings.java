package cloud.sirocco.orca.plugins.support;

import cloud.sirocco.orca.plugin.api.ActionContext;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Typed access to an action's settings ({@link ActionContext#setting}: the Secret's value, else the plain config),
 * with errors that say which setting is wrong without echoing a secret.
 */
public final class Settings {

  private final ActionContext run;

  public Settings(ActionContext run) {
    this.run = run;
  }

  /** The setting, stripped; empty when it is missing or blank. */
  public Optional<String> text(String key) {
    return run.setting(key).map(String::strip).filter(value -> !value.isEmpty());
  }

  public String text(String key, String fallback) {
    return text(key).orElse(fallback);
  }

  public String required(String key) throws SettingException {
    Optional<String> value = text(key);
    if (value.isEmpty()) {
      throw new SettingException("setting '" + key + "' is missing: set it in the action's config or in its Secret");
    }
    return value.get();
  }

  /** A whole number of seconds, at least 1. */
  public Duration seconds(String key, long fallback) throws SettingException {
    Optional<String> value = text(key);
    if (value.isEmpty()) {
      return Duration.ofSeconds(fallback);
    }
    try {
      long seconds = Long.parseLong(value.get());
      if (seconds >= 1) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SettingException("setting '" + key + "' must be a whole number of seconds, at least 1" + shown(key, value.get()));
  }

  /** HTTP status codes that mean success, such as {@code 2xx} or {@code 200,202}; 2xx when not set. */
  public SuccessCodes successCodes(String key) throws SettingException {
    Optional<String> value = text(key);
    if (value.isEmpty()) {
      return SuccessCodes.DEFAULT;
    }
    return SuccessCodes.parse(value.get()).orElseThrow(() -> new SettingException(
        "setting '" + key + "' must list status codes such as '2xx', '200-299' or '200,204'" + shown(key, value.get())));
  }

  /** An http(s) URL, described for messages so that one read from the Secret is never shown. */
  public Endpoint url(String key) throws SettingException {
    return Endpoint.parse(key, required(key), isSecret(key));
  }

  /** Every setting whose key starts with {@code prefix}, keyed by the rest of the key; Secret values win. */
  public Map<String, String> withPrefix(String prefix) {
    Map<String, String> found = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    collect(run.config(), prefix, found);
    collect(run.secrets(), prefix, found);
    return found;
  }

  public boolean isSecret(String key) {
    return run.secrets().containsKey(key);
  }

  /** ", not 'value'" for a plain setting; nothing for a secret one. */
  private String shown(String key, String value) {
    return isSecret(key) ? "" : ", not '" + value + "'";
  }

  private static void collect(Map<String, String> settings, String prefix, Map<String, String> found) {
    settings.forEach((key, value) -> {
      if (key.startsWith(prefix) && key.length() > prefix.length()) {
        found.put(key.substring(prefix.length()), value.strip());
      }
    });
  }
}
