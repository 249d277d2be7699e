package cloud.sirocco.orca.plugins.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.ActionResult.Status;
import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugin.api.Incident;
import cloud.sirocco.orca.plugins.support.Receiver;
import cloud.sirocco.orca.plugins.support.Runs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatActionTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private final ChatAction action = new ChatAction();
  private Receiver slack;
  private String webhookUrl;

  @BeforeEach
  void startReceiver() throws IOException {
    slack = Receiver.start().answering(200, "ok");
    webhookUrl = slack.url("/services/T0/B0/s3cr3tToken");
  }

  @AfterEach
  void stopReceiver() {
    slack.close();
  }

  @Test
  void postsASlackPayloadWithChannelAndUsernameAndTheIdempotencyKey() throws Exception {
    ActionResult result = action.execute(Runs.succeeded()
        .secrets(Map.of("webhookUrl", webhookUrl))
        .config(Map.of("channel", "#reports", "username", "orca"))
        .build());

    assertEquals(Status.SUCCEEDED, result.status(), result.message());
    Receiver.Request request = slack.next(WAIT);
    assertEquals("/services/T0/B0/s3cr3tToken", request.path());
    assertEquals("team-a/nightly-report-7f3k2/notify", request.header("Idempotency-Key"));
    JsonNode payload = payload(request);
    assertEquals(":white_check_mark: Task team-a/nightly-report run nightly-report-7f3k2 succeeded", payload.get("text").textValue());
    assertEquals("#reports", payload.get("channel").textValue());
    assertEquals("orca", payload.get("username").textValue());
  }

  @Test
  void aFailedRunQuotesItsMessageAndLogTail() throws Exception {
    action.execute(failed(Map.of()));

    assertEquals(":x: Task team-a/nightly-report run nightly-report-7f3k2 failed (exit 3, Error)\n"
            + "> database \"reports\" unreachable\n"
            + "```\nconnecting to reports-db\nretrying\ngiving up\n```",
        payload(slack.next(WAIT)).get("text").textValue());
  }

  @Test
  void aRecoverySaysWhatItEnded() throws Exception {
    action.execute(Runs.succeeded().incident(new Incident(Instant.parse("2025-03-01T01:00:00Z"), 5, true))
        .secrets(Map.of("webhookUrl", webhookUrl)).build());

    assertEquals(":white_check_mark: Task team-a/nightly-report run nightly-report-7f3k2 succeeded: recovered after 5"
        + " failed runs since 2025-03-01T01:00:00Z", payload(slack.next(WAIT)).get("text").textValue());
  }

  @Test
  void aRecoveryWithoutFailedRunsSaysOnlySinceWhen() throws Exception {
    // A success deadline that lapsed while nothing ran: its recovery ended no failed run.
    action.execute(Runs.succeeded().incident(new Incident(Instant.parse("2025-03-01T01:00:00Z"), 0, true))
        .secrets(Map.of("webhookUrl", webhookUrl)).build());

    assertEquals(":white_check_mark: Task team-a/nightly-report run nightly-report-7f3k2 succeeded: recovered"
        + " (since 2025-03-01T01:00:00Z)", payload(slack.next(WAIT)).get("text").textValue());
  }

  @Test
  void aLongLogTailIsCutToItsEnd() throws Exception {
    String log = "x".repeat(5000) + "\nthe real error";
    action.execute(Runs.failed().logTail(log).secrets(Map.of("webhookUrl", webhookUrl)).build());

    String text = payload(slack.next(WAIT)).get("text").textValue();
    assertTrue(text.length() <= ChatAction.MAX_TEXT_CHARS, "text of " + text.length() + " characters");
    assertTrue(text.endsWith("the real error\n```"), text);
  }

  @Test
  void aTemplateReplacesTheDefaultText() throws Exception {
    action.execute(failed(Map.of("template", "${task} ${outcome} after ${attempt} attempt(s), started by ${initiator}")));

    assertEquals("nightly-report FAILED after 1 attempt(s), started by midnight", payload(slack.next(WAIT)).get("text").textValue());
  }

  @ParameterizedTest(name = "{0} is {2}")
  @CsvSource({"500, internal_error, RETRYABLE_FAILURE", "404, no_service, FAILED"})
  void answersAreClassifiedWithoutShowingTheWebhookUrl(int code, String body, Status expected) throws Exception {
    slack.answering(code, body);

    ActionResult result = action.execute(failed(Map.of()));

    assertEquals(expected, result.status());
    assertEquals("POST the webhookUrl from the action's Secret answered " + code + ": " + body, result.message());
  }

  @Test
  void aWebhookThatNeverAnswersIsWorthAnotherAttempt() throws Exception {
    slack.hanging();

    ActionResult result = action.execute(failed(Map.of("timeoutSeconds", "1")));

    assertEquals(Status.RETRYABLE_FAILURE, result.status());
    assertEquals("POST the webhookUrl from the action's Secret got no answer within 1 s", result.message());
  }

  private ActionContext failed(Map<String, String> config) {
    return Runs.failed().secrets(Map.of("webhookUrl", webhookUrl)).config(config).build();
  }

  private static JsonNode payload(Receiver.Request request) throws IOException {
    return new ObjectMapper().readTree(request.body());
  }
}
