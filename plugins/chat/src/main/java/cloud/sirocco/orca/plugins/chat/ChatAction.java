package cloud.sirocco.orca.plugins.chat;

import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.Incident;
import cloud.sirocco.orca.plugin.api.RunOutcome;
import cloud.sirocco.orca.plugins.support.HttpCallAction;
import cloud.sirocco.orca.plugins.support.RunFields;
import cloud.sirocco.orca.plugins.support.Settings;
import cloud.sirocco.orca.plugins.support.SuccessCodes;
import cloud.sirocco.orca.plugins.support.Template;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.Extension;

/**
 * Posts a message about a finished run to a Slack-compatible incoming webhook: {@code {"text": ...}}. Settings:
 * {@code webhookUrl} (required, usually from the Secret), {@code template} (over the run's fields; default: a line
 * saying how the run ended, with the termination message and the log tail of a failed run), {@code channel},
 * {@code username}, {@code timeoutSeconds} (10).
 */
@Extension
public final class ChatAction extends HttpCallAction {

  /** Keeps a post far below what chat servers accept (Slack 40,000 characters, Mattermost 16,383). */
  static final int MAX_TEXT_CHARS = 3000;
  private static final int MAX_MESSAGE_CHARS = 300;
  private static final int MAX_LOG_TAIL_CHARS = 1500;

  public ChatAction() {
    super("webhookUrl");
  }

  @Override
  public String name() {
    return "chat";
  }

  @Override
  protected SuccessCodes shape(ActionContext run, Settings settings, HttpRequest.Builder request) {
    String text = settings.text("template")
        .map(template -> Template.render(template, RunFields.text(run)))
        .orElseGet(() -> defaultText(run));
    ObjectNode payload = JsonNodeFactory.instance.objectNode().put("text", head(text, MAX_TEXT_CHARS));
    settings.text("channel").ifPresent(channel -> payload.put("channel", channel));
    settings.text("username").ifPresent(username -> payload.put("username", username));
    request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(payload.toString()));
    return SuccessCodes.DEFAULT;
  }

  private static String defaultText(ActionContext run) {
    String subject = "Task " + run.namespace() + "/" + run.task() + " run " + run.runId();
    if (run.recovered()) {
      Incident incident = run.incident().orElseThrow();
      // A success deadline that lapsed while nothing ran has no failed runs to count.
      return ":white_check_mark: " + subject + " succeeded: recovered" + (incident.failures() == 0
          ? " (since " + incident.since() + ")"
          : " after " + incident.failures() + " failed run" + (incident.failures() == 1 ? "" : "s") + " since "
              + incident.since());
    }
    if (run.outcome() == RunOutcome.SUCCEEDED) {
      return ":white_check_mark: " + subject + " succeeded";
    }
    List<String> why = new ArrayList<>();
    run.exitCode().ifPresent(code -> why.add("exit " + code));
    if (!run.reason().isBlank()) {
      why.add(run.reason());
    }
    StringBuilder text = new StringBuilder(":x: ").append(subject).append(" failed");
    if (!why.isEmpty()) {
      text.append(" (").append(String.join(", ", why)).append(')');
    }
    if (!run.terminationMessage().isBlank()) {
      text.append("\n> ").append(head(run.terminationMessage().strip(), MAX_MESSAGE_CHARS).replace("\n", "\n> "));
    }
    if (!run.logTail().isBlank()) {
      text.append("\n```\n").append(tail(run.logTail().strip(), MAX_LOG_TAIL_CHARS)).append("\n```");
    }
    return text.toString();
  }

  private static String head(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  /** The end of a log is where the error is. */
  private static String tail(String text, int max) {
    return text.length() <= max ? text : "…" + text.substring(text.length() - max + 1);
  }
}
