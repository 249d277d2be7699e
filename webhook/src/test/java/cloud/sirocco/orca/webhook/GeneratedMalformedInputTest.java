package cloud.sirocco.orca.webhook;

import static cloud.sirocco.orca.webhook.testing.RunningWebhook.admissionFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.webhook.testing.InMemoryWorkflowCache;
import cloud.sirocco.orca.webhook.testing.RunningWebhook;
import cloud.sirocco.orca.webhook.testing.Workflows;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of generated bad AdmissionReviews through the real HTTPS server: every one is answered below 500, the
 * server keeps serving, and its memory stays flat. The generator is seeded, so a failure can be replayed. Bodies
 * stay under four times the body limit: beyond that the server closes the connection unread (MalformedRequestTest).
 */
class GeneratedMalformedInputTest {

  private static final long SEED = 20261122L;
  private static final int INPUTS = 3_000;
  private static final String[] ODD_TEXT = {"\u0000", "\uD800", "\uDFFF", "\u202E", "\u200B", "\uFEFF",
      "\\u0000", "\\ud800", "\"", "\\", "𝕠𝕣𝕔𝕒", "\u0085", "\u2028"};

  @TempDir
  static Path workDir;
  static RunningWebhook webhook;

  @BeforeAll
  static void start() {
    InMemoryWorkflowCache cache = new InMemoryWorkflowCache()
        .put(Workflows.task("extract", List.of(), List.of(), List.of()));
    webhook = RunningWebhook.start(workDir, cache);
  }

  @AfterAll
  static void stop() {
    webhook.close();
  }

  @Test
  void everyGeneratedBadReviewIsAnsweredBelow500AndMemoryStaysFlat() {
    Random random = new Random(SEED);
    String valid = admissionFile("create-valid-task.json");
    List<Function<String, String>> mutations = List.of(
        text -> text.substring(0, random.nextInt(text.length())),
        text -> flipBytes(text, random),
        text -> insert(text, random, ODD_TEXT[random.nextInt(ODD_TEXT.length)]),
        text -> text.replace("\"Task\"", random.nextBoolean() ? "42" : "null"),
        text -> text.replace("\"spec\": {", "\"spec\": " + nested(random.nextInt(20_000)) + ", \"x\": {"),
        text -> text.replace("\"request\"", "\"request" + ODD_TEXT[random.nextInt(ODD_TEXT.length)] + "\""),
        text -> text.replace("\"name\": \"", "\"name\": \"" + "x".repeat(random.nextInt(60_000))),
        text -> new String(randomBytes(random), StandardCharsets.ISO_8859_1));

    long heapBefore = usedHeapAfterGc();
    Map<Integer, Integer> byStatus = new TreeMap<>();
    for (int i = 0; i < INPUTS; i++) {
      String body = mutations.get(i % mutations.size()).apply(valid);
      HttpResponse<String> response;
      try {
        response = webhook.post(i % 2 == 0 ? "/validate" : "/mutate", body);
      } catch (RuntimeException e) {
        throw new AssertionError("input " + i + " (seed " + SEED + ", mutation " + i % mutations.size()
            + ", " + body.length() + " chars) got no answer: " + e.getMessage(), e);
      }
      byStatus.merge(response.statusCode(), 1, Integer::sum);
      assertTrue(response.statusCode() < 500, "input " + i + " (seed " + SEED + ") got "
          + response.statusCode() + ": " + response.body());
    }
    long heapGrowth = usedHeapAfterGc() - heapBefore;

    System.out.printf("generated malformed input: tried %d, answers by status %s, 5xx 0, heap growth %d KiB%n",
        INPUTS, byStatus, heapGrowth / 1024);
    assertTrue(webhook.review("/validate", valid).path("allowed").asBoolean(), "still serving");
    assertTrue(heapGrowth < 64L * 1024 * 1024, "heap grew by " + heapGrowth / 1024 / 1024 + " MiB");
    assertEquals(INPUTS, byStatus.values().stream().mapToInt(Integer::intValue).sum());
  }

  private static String flipBytes(String text, Random random) {
    char[] chars = text.toCharArray();
    for (int n = 0; n < 1 + random.nextInt(8); n++) {
      chars[random.nextInt(chars.length)] = (char) random.nextInt(128);
    }
    return new String(chars);
  }

  private static String insert(String text, Random random, String odd) {
    int at = random.nextInt(text.length());
    return text.substring(0, at) + odd + text.substring(at);
  }

  private static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  private static byte[] randomBytes(Random random) {
    byte[] bytes = new byte[1 + random.nextInt(4096)];
    random.nextBytes(bytes);
    return bytes;
  }

  private static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
