package cloud.sirocco.orca.plugins.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugin.api.ActionResult.Status;
import cloud.sirocco.orca.plugins.support.Receiver;
import cloud.sirocco.orca.plugins.support.Runs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpActionTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private final HttpAction action = new HttpAction();
  private Receiver receiver;

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = Receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  @Test
  void postsTheRunsFieldsAsJsonWithTheIdempotencyKey() throws Exception {
    ActionResult result = action.execute(run(Map.of("url", receiver.url("/hooks/orca"))));

    assertEquals(Status.SUCCEEDED, result.status(), result.message());
    assertEquals("POST " + receiver.url("/hooks/orca") + " answered 204", result.message());
    Receiver.Request request = receiver.next(WAIT);
    assertEquals("POST", request.method());
    assertEquals("team-a/nightly-report-7f3k2/notify", request.header("Idempotency-Key"));
    assertEquals("application/json", request.header("Content-Type"));
    JsonNode body = new ObjectMapper().readTree(request.body());
    assertEquals("nightly-report", body.get("task").textValue());
    assertEquals("FAILED", body.get("outcome").textValue());
    assertEquals(3, body.get("exitCode").intValue());
    assertEquals("database \"reports\" unreachable", body.get("message").textValue());
  }

  @Test
  void bodyTemplateIsFilledFromTheRunsFields() throws Exception {
    action.execute(run(Map.of(
        "url", receiver.url("/"),
        "body", "{\"summary\": \"${task} ${outcome}: ${message:json}\"}")));

    assertEquals("{\"summary\": \"nightly-report FAILED: database \\\"reports\\\" unreachable\"}", receiver.next(WAIT).body());
  }

  @Test
  void sendsTheMethodAndHeadersItIsGiven() throws Exception {
    ActionResult result = action.execute(run(Map.of(
        "url", receiver.url("/"),
        "method", "put",
        "headers", "X-Team: reports\n\nContent-Type: text/plain",
        "header.X-Priority", "high")));

    assertEquals(Status.SUCCEEDED, result.status(), result.message());
    Receiver.Request request = receiver.next(WAIT);
    assertEquals("PUT", request.method());
    assertEquals("reports", request.header("X-Team"));
    assertEquals("high", request.header("X-Priority"));
    assertEquals("text/plain", request.header("Content-Type"));
  }

  @Test
  void getSendsNoBody() throws Exception {
    action.execute(run(Map.of("url", receiver.url("/ping"), "method", "GET")));

    assertEquals("", receiver.next(WAIT).body());
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({"500, RETRYABLE_FAILURE", "503, RETRYABLE_FAILURE", "429, RETRYABLE_FAILURE", "408, RETRYABLE_FAILURE",
      "400, FAILED", "401, FAILED", "404, FAILED"})
  void answersAreClassifiedByStatusCodeAndQuotedBriefly(int code, Status expected) throws Exception {
    receiver.answering(code, "upstream   says\nno");

    ActionResult result = action.execute(run(Map.of("url", receiver.url("/hook"))));

    assertEquals(expected, result.status());
    assertEquals("POST " + receiver.url("/hook") + " answered " + code + ": upstream says no", result.message());
  }

  @Test
  void successCodesDecideWhatCountsAsSuccess() throws Exception {
    receiver.answering(302, "");

    assertEquals(Status.FAILED, action.execute(run(Map.of("url", receiver.url("/")))).status());
    assertEquals(Status.SUCCEEDED,
        action.execute(run(Map.of("url", receiver.url("/"), "successCodes", "2xx,302"))).status());
  }

  @Test
  void aReceiverThatNeverAnswersIsWorthAnotherAttemptAfterTheTimeout() throws Exception {
    receiver.hanging();

    ActionResult result = action.execute(run(Map.of("url", receiver.url("/"), "timeoutSeconds", "1")));

    assertEquals(Status.RETRYABLE_FAILURE, result.status());
    assertEquals("POST " + receiver.url("/") + " got no answer within 1 s", result.message());
  }

  @Test
  void anUnreachableReceiverIsWorthAnotherAttempt() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    ActionResult result = action.execute(run(Map.of("url", "http://127.0.0.1:" + closedPort + "/")));

    assertEquals(Status.RETRYABLE_FAILURE, result.status());
    assertTrue(result.message().startsWith("POST http://127.0.0.1:" + closedPort + "/ failed: "), result.message());
  }

  @Test
  void aUrlFromTheSecretNeverAppearsInTheMessage() throws Exception {
    receiver.answering(500, "");
    String secretUrl = receiver.url("/hooks/T0/B0?token=s3cr3t");

    ActionResult result = action.execute(Runs.failed().secrets(Map.of("url", secretUrl)).build());

    assertEquals(Status.RETRYABLE_FAILURE, result.status());
    assertEquals("POST the url from the action's Secret answered 500", result.message());
    assertEquals("token=s3cr3t", receiver.next(WAIT).query());
  }

  @Test
  void aHeaderFromTheSecretIsSentButNeverShown() throws Exception {
    ActionContext run = Runs.failed()
        .config(Map.of("url", receiver.url("/")))
        .secrets(Map.of("headers", "Authorization: Bearer s3cr3t", "header.Host", "s3cr3t.example"))
        .build();

    ActionResult rejected = action.execute(run);
    assertEquals(Status.FAILED, rejected.status());
    assertFalse(rejected.message().contains("s3cr3t"), rejected.message());
    assertTrue(rejected.message().startsWith("header 'Host' cannot be sent"), rejected.message());

    Map<String, String> secrets = new HashMap<>(run.secrets());
    secrets.remove("header.Host");
    ActionResult sent = action.execute(run.toBuilder().secrets(secrets).build());
    assertEquals(Status.SUCCEEDED, sent.status(), sent.message());
    assertEquals("Bearer s3cr3t", receiver.next(WAIT).header("Authorization"));
  }

  @Test
  void anIdempotencyKeyHeaderSettingCannotReplaceTheRunsKey() throws Exception {
    action.execute(run(Map.of("url", receiver.url("/"), "header.Idempotency-Key", "mine")));

    assertEquals("team-a/nightly-report-7f3k2/notify", receiver.next(WAIT).header("Idempotency-Key"));
  }

  @Test
  void unusableSettingsFailWithTheFixAndSendNothing() throws Exception {
    assertEquals("setting 'url' is missing: set it in the action's config or in its Secret",
        action.execute(run(Map.of())).message());
    assertEquals("setting 'method' must be an HTTP method such as POST, PUT or GET, not 'PO ST'",
        action.execute(run(Map.of("url", receiver.url("/"), "method", "po st"))).message());
    assertEquals("setting 'headers' line 1 is not 'Name: value'; write one header a line",
        action.execute(run(Map.of("url", receiver.url("/"), "headers", "Bearer x"))).message());
    assertEquals(0, receiver.waiting());
  }

  private static ActionContext run(Map<String, String> config) {
    return Runs.failed().config(config).build();
  }
}
