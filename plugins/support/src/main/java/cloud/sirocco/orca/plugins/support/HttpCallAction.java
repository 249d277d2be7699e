package cloud.sirocco.orca.plugins.support;

import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugin.api.TaskAction;
import java.net.http.HttpRequest;

/**
 * An action that makes one HTTP request per run to the URL in one of its settings, and reports what the answer means:
 * a success code is a success; 408, 429, a 5xx, a failed connection or a timeout are worth another attempt; any other
 * code is a failure another attempt would repeat. A subclass shapes the request. Every request carries
 * {@code Idempotency-Key}, and the setting {@code timeoutSeconds} (default 10) limits the whole exchange. A setting
 * that cannot be used ends the attempt as a failure naming the setting.
 */
public abstract class HttpCallAction implements TaskAction {

  private final HttpDelivery delivery = new HttpDelivery();
  private final String urlSetting;

  protected HttpCallAction(String urlSetting) {
    this.urlSetting = urlSetting;
  }

  @Override
  public final ActionResult execute(ActionContext run) throws InterruptedException {
    Settings settings = new Settings(run);
    try {
      Endpoint endpoint = settings.url(urlSetting);
      HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.uri())
          .timeout(settings.seconds("timeoutSeconds", 10))
          .header("User-Agent", "Orca");
      SuccessCodes success = shape(run, settings, request);
      return delivery.send(run, request, endpoint, success);
    } catch (SettingException e) {
      return ActionResult.failure(e.getMessage());
    }
  }

  /** Sets the request's method, headers and body, and says which status codes mean success. */
  protected abstract SuccessCodes shape(ActionContext run, Settings settings, HttpRequest.Builder request)
      throws SettingException;
}
