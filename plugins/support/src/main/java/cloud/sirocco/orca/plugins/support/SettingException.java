package cloud.sirocco.orca.plugins.support;

/**
 * A setting a plugin cannot use. The message names the setting and the fix, and never shows a value that came from
 * the action's Secret; a plugin turns it into {@code ActionResult.failure}, as another attempt would fail alike.
 */
public final class SettingException extends Exception {

  public SettingException(String message) {
    super(message);
  }
}
