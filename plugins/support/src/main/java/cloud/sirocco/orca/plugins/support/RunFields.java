package cloud.sirocco.orca.plugins.support;

import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.Incident;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The run's fields, as plugins show them to the outside world: a JSON document, and the same values as text for
 * templates. Built only from the run, never from the action's settings, so no secret can end up in them.
 */
public final class RunFields {

  private RunFields() {}

  /**
   * {@code namespace, task, runId, workflowRun, action, outcome, exitCode, reason, message, initiator, startedAt,
   * finishedAt, attempt, logTail, change, incidentSince, incidentFailures}; times are RFC 3339, an unknown exit code
   * or time is {@code null}. {@code change} is {@code FAILED} for the failure that opens an incident,
   * {@code RECOVERED} for the success that ends it, and empty for any other run, whose incident fields are
   * {@code null}.
   */
  public static ObjectNode json(ActionContext run) {
    ObjectNode fields = JsonNodeFactory.instance.objectNode();
    fields.put("namespace", run.namespace());
    fields.put("task", run.task());
    fields.put("runId", run.runId());
    fields.put("workflowRun", run.workflowRun());
    fields.put("action", run.actionName());
    fields.put("outcome", run.outcome().name());
    fields.put("exitCode", run.exitCode().orElse(null));
    fields.put("reason", run.reason());
    fields.put("message", run.terminationMessage());
    fields.put("initiator", run.initiator());
    fields.put("startedAt", run.startedAt().map(Instant::toString).orElse(null));
    fields.put("finishedAt", run.finishedAt().map(Instant::toString).orElse(null));
    fields.put("attempt", run.attempt());
    fields.put("logTail", run.logTail());
    Optional<Incident> incident = run.incident();
    fields.put("change", incident.map(i -> i.recovered() ? "RECOVERED" : "FAILED").orElse(""));
    fields.put("incidentSince", incident.map(i -> i.since().toString()).orElse(null));
    fields.put("incidentFailures", incident.map(Incident::failures).orElse(null));
    return fields;
  }

  /** The fields of {@link #json} as text, in the same order; what is unknown is empty. */
  public static Map<String, String> text(ActionContext run) {
    Map<String, String> text = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : json(run).properties()) {
      text.put(field.getKey(), field.getValue().isNull() ? "" : field.getValue().asText());
    }
    return text;
  }
}
