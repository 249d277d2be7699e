package cloud.sirocco.orca.plugins.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void aPlainUrlIsShownWithoutItsQueryOrUserInfo() throws SettingException {
    Settings settings = new Settings(Runs.failed().config(Map.of("url", "https://bob:pw@hooks.example.com:8443/orca?token=t0")).build());

    assertEquals("https://hooks.example.com:8443/orca", settings.url("url").display());
  }

  @Test
  void aUrlFromTheSecretIsNeverShown() throws SettingException {
    String secretUrl = "https://hooks.slack.com/services/T000/B000/XXXXSECRET";
    Settings settings = new Settings(Runs.failed().secrets(Map.of("webhookUrl", secretUrl)).build());

    Endpoint endpoint = settings.url("webhookUrl");

    assertEquals(secretUrl, endpoint.uri().toString());
    assertEquals("the webhookUrl from the action's Secret", endpoint.display());
  }

  @Test
  void aBadUrlFromTheSecretIsReportedWithoutItsValue() {
    Settings settings = new Settings(Runs.failed().secrets(Map.of("url", "ftp://user:SECRET@host/x")).build());

    SettingException error = assertThrows(SettingException.class, () -> settings.url("url"));

    assertFalse(error.getMessage().contains("SECRET"), error.getMessage());
    assertTrue(error.getMessage().startsWith("setting 'url' must be an http:// or https:// URL"), error.getMessage());
  }

  @Test
  void aMissingRequiredSettingSaysWhereToSetIt() {
    SettingException error = assertThrows(SettingException.class, () -> new Settings(Runs.failed().build()).required("url"));

    assertEquals("setting 'url' is missing: set it in the action's config or in its Secret", error.getMessage());
  }

  @Test
  void secondsDefaultAndRejectNonsense() throws SettingException {
    assertEquals(Duration.ofSeconds(10), new Settings(Runs.failed().build()).seconds("timeoutSeconds", 10));

    Settings zero = new Settings(Runs.failed().config(Map.of("timeoutSeconds", "0")).build());
    SettingException error = assertThrows(SettingException.class, () -> zero.seconds("timeoutSeconds", 10));
    assertEquals("setting 'timeoutSeconds' must be a whole number of seconds, at least 1, not '0'", error.getMessage());
  }

  @Test
  void successCodesAcceptClassesRangesAndCodes() throws SettingException {
    SuccessCodes codes = new Settings(Runs.failed().config(Map.of("successCodes", "2xx, 304,400-401")).build())
        .successCodes("successCodes");

    assertTrue(codes.contains(200) && codes.contains(299) && codes.contains(304) && codes.contains(401));
    assertFalse(codes.contains(300) || codes.contains(402) || codes.contains(500));
    assertThrows(SettingException.class,
        () -> new Settings(Runs.failed().config(Map.of("successCodes", "ok")).build()).successCodes("successCodes"));
  }

  @Test
  void prefixedSettingsComeFromConfigAndSecretWithTheSecretWinning() {
    Settings settings = new Settings(Runs.failed()
        .config(Map.of("header.X-Team", "a", "header.Authorization", "plain", "url", "x"))
        .secrets(Map.of("header.Authorization", "Bearer s3cr3t"))
        .build());

    assertEquals(Map.of("X-Team", "a", "Authorization", "Bearer s3cr3t"), Map.copyOf(settings.withPrefix("header.")));
  }
}
