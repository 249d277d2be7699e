package cloud.sirocco.orca.plugins.support;

import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.ActionResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Sends the request of an {@link HttpCallAction} and classifies the answer. Thread-safe. */
final class HttpDelivery {

  /** How much of an error answer's body a message quotes. */
  private static final int EXCERPT_CHARS = 200;

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER)
      .build();

  /**
   * Sends the request with {@code Idempotency-Key} set last, so that no setting can replace it: the same on every
   * attempt for the run and action, it lets the receiver drop repeats.
   */
  ActionResult send(ActionContext run, HttpRequest.Builder builder, Endpoint endpoint, SuccessCodes success)
      throws InterruptedException {
    HttpRequest request = builder.setHeader("Idempotency-Key", run.idempotencyKey()).build();
    String call = request.method() + " " + endpoint;
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      return ActionResult.retry(call + " got no answer within " + request.timeout().map(Duration::toSeconds).orElse(0L) + " s");
    } catch (IOException e) {
      return ActionResult.retry(call + " failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
    int code = response.statusCode();
    String answer = call + " answered " + code;
    try (InputStream body = response.body()) {
      if (success.contains(code)) {
        return ActionResult.success(answer);
      }
      answer += excerpt(body);
    } catch (IOException e) {
      // The status decides; an unreadable error body only loses the excerpt.
    }
    return code == 408 || code == 429 || code >= 500 ? ActionResult.retry(answer) : ActionResult.failure(answer);
  }

  private static String excerpt(InputStream body) throws IOException {
    String text = new String(body.readNBytes(EXCERPT_CHARS * 4), StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
    if (text.isEmpty()) {
      return "";
    }
    return ": " + (text.length() > EXCERPT_CHARS ? text.substring(0, EXCERPT_CHARS) + "…" : text);
  }
}
