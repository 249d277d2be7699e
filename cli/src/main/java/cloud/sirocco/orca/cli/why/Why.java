package cloud.sirocco.orca.cli.why;

import cloud.sirocco.orca.cli.OrcaNamespace;
import cloud.sirocco.orca.cli.RunText;
import cloud.sirocco.orca.cli.graph.NodeText;
import cloud.sirocco.orca.cli.graph.WorkflowGraph;
import cloud.sirocco.orca.cli.graph.WorkflowGraph.Edge;
import cloud.sirocco.orca.cli.request.RequestOutcome;
import cloud.sirocco.orca.graph.Retries;
import cloud.sirocco.orca.graph.TriggerKind;
import cloud.sirocco.orca.model.Incident;
import cloud.sirocco.orca.model.RejectedRun;
import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.RunRequest;
import cloud.sirocco.orca.model.RunRequestStatus;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.names.RunNames;
import io.fabric8.kubernetes.api.model.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Why a Task did or did not run lately, in sentences: what it is doing, what stands in its way (its conditions,
 * refused pods, a retry loop that gave up, a change the operator has not seen), what starts it and how those
 * upstreams are doing, and the Events the operator recorded about it.
 */
public final class Why {

  private static final int EVENTS_SHOWN = 10;
  private static final int REQUESTS_SHOWN = 5;

  private Why() {}

  /**
   * @param requests the RunRequests naming the Task, newest first; empty when the user may not list them
   * @param events Events about the Task, newest first
   */
  public static String explain(Task task, WorkflowGraph graph, Optional<List<RunRequest>> requests,
      List<Event> events) {
    String name = task.getMetadata().getName();
    StringBuilder out = new StringBuilder("Task ").append(name).append(" in namespace ")
        .append(task.getMetadata().getNamespace()).append(": ").append(headline(task)).append('\n');
    incident(task).ifPresent(i -> out.append(i).append('\n'));

    List<String> obstacles = obstacles(task, graph);
    if (!obstacles.isEmpty()) {
      out.append("\nWhat stands in its way:\n");
      obstacles.forEach(o -> out.append("  - ").append(o).append('\n'));
    }

    out.append("\nWhat starts it:\n");
    List<String> triggers = triggers(task, graph);
    if (triggers.isEmpty()) {
      out.append("  nothing: it names no Ignitor and no Task in startOnIgnition, startOnSuccess or startOnFailure\n");
    }
    triggers.forEach(t -> out.append("  - ").append(t).append('\n'));

    if (requests.isEmpty()) {
      out.append("\nRun requests: not shown, as you may not list runrequests in this namespace\n");
    } else if (!requests.get().isEmpty()) {
      out.append("\nRun requests, newest first:\n");
      requests.get().stream().limit(REQUESTS_SHOWN).forEach(r -> out.append("  ").append(request(r)).append('\n'));
    }

    out.append("\nRecent events, newest first:\n");
    if (events.isEmpty()) {
      out.append("  none (the API server keeps Events for an hour by default)\n");
    }
    events.stream().limit(EVENTS_SHOWN).forEach(e -> out.append("  ").append(OrcaNamespace.eventTime(e))
        .append(EventReadings.warning(e) ? "  ! " : "    ").append(EventReadings.explain(e)).append('\n'));
    return out.toString();
  }

  private static String headline(Task task) {
    Optional<RunRecord> last = NodeText.lastRun(task);
    if (last.isEmpty()) {
      return "it has never run.";
    }
    RunRecord run = last.get();
    String started = " (started by " + RunText.trigger(run.getTrigger(), run.getInitiator()) + ")";
    if (run.getFinishTime() == null) {
      return "it is running: run " + run.getName() + " " + RunText.summary(run) + started + ".";
    }
    return "its last run, " + run.getName() + ", " + RunText.summary(run) + started + ".";
  }

  /**
   * The Task's incident (its streak of failed runs): open since when, how many failures, which run opened it; or the
   * last one and the run that ended it.
   */
  private static Optional<String> incident(Task task) {
    Incident incident = task.getStatus() == null ? null : task.getStatus().getIncident();
    if (incident == null || incident.getSince() == null) {
      return Optional.empty();
    }
    String streak = incident.getFailures() + (Integer.valueOf(1).equals(incident.getFailures()) ? " failed run"
        : " failed runs") + ", opened by run " + incident.getOpenedBy();
    if (incident.getRecoveredBy() == null) {
      return Optional.of("An incident is open since " + incident.getSince() + ": " + streak + "; it ends with the "
          + "next successful run.");
    }
    return Optional.of("Its last incident, since " + incident.getSince() + " (" + streak + "), ended with run "
        + incident.getRecoveredBy() + " at " + incident.getRecoveredAt() + ".");
  }

  /** E.g. {@code 2026-12-03T10:00:00Z  ! load-run-x7k2p by alice: run Task load: skipped, as ...}. */
  private static String request(RunRequest request) {
    RunRequestStatus status = request.getStatus();
    boolean started = RequestOutcome.started(request).isPresent();
    boolean waiting = status == null || status.getPhase() == null;
    String who = RunNames.annotation(request, RunRequest.REQUESTED_BY_ANNOTATION);
    return OrcaNamespace.requestTime(request) + (started || waiting ? "    " : "  ! ")
        + request.getMetadata().getName() + (who == null ? "" : " by " + who) + ": "
        + RequestOutcome.asked(request.getSpec()) + ": " + RequestOutcome.outcome(request);
  }

  private static List<String> obstacles(Task task, WorkflowGraph graph) {
    List<String> found = new ArrayList<>();
    TaskStatus status = task.getStatus();
    if (status == null || status.getObservedGeneration() == null) {
      found.add("The operator has not written its status yet: is it running, and does it watch this namespace?");
      return found;
    }
    Long generation = task.getMetadata().getGeneration();
    if (generation != null && status.getObservedGeneration() < generation) {
      found.add("The operator has not acted on its latest change yet (generation " + generation + ", observed "
          + status.getObservedGeneration() + ").");
    }
    status.getConditions().forEach(c -> ConditionReadings.explain(c).ifPresent(found::add));
    for (RejectedRun refused : status.getRejectedRuns()) {
      if (!Boolean.TRUE.equals(refused.getHandled())) {
        found.add("The API server refused the pod of run " + refused.getName() + " at " + refused.getTime() + ": "
            + refused.getMessage());
      }
    }
    for (Edge retry : graph.edges()) {
      if (retry.retry() && retry.to().equals(task.getMetadata().getName())) {
        graph.task(retry.from()).flatMap(upstream -> gaveUp(upstream, task)).ifPresent(found::add);
      }
    }
    return found;
  }

  /** Whether the retry loop from {@code upstream}'s failures back to {@code task} stopped at retryLimit. */
  private static Optional<String> gaveUp(Task upstream, Task task) {
    Optional<RunRecord> last = NodeText.lastRun(upstream).filter(r -> "Failed".equals(r.getPhase()));
    if (last.isEmpty()) {
      return Optional.empty();
    }
    Integer consecutive = last.get().getConsecutiveFailures() != null ? last.get().getConsecutiveFailures()
        : upstream.getStatus().getFailuresCount();
    int limit = Retries.limit(task);
    if (consecutive == null) {
      return Optional.empty();
    }
    String upstreamName = upstream.getMetadata().getName();
    String whose = upstreamName.equals(task.getMetadata().getName()) ? "it" : upstreamName;
    if (!Retries.withinLimit(task, consecutive)) {
      return Optional.of("Its retry loop gave up: " + whose + " failed " + consecutive + " times in a row, more than"
          + " retryLimit " + limit + ", so the failure of " + upstreamName
          + " does not start it again; a trigger from outside the loop will.");
    }
    return Optional.of(whose.substring(0, 1).toUpperCase() + whose.substring(1) + " failed " + consecutive
        + (consecutive == 1 ? " time" : " times") + " in a row: the retry loop starts it again after its backoff "
        + "(retryBackoffSeconds, doubled per consecutive failure, at most 5 minutes), up to retryLimit " + limit
        + ".");
  }

  private static List<String> triggers(Task task, WorkflowGraph graph) {
    List<String> found = new ArrayList<>();
    for (TriggerKind kind : TriggerKind.values()) {
      for (String source : kind.sources(task.getSpec())) {
        if (kind == TriggerKind.IGNITION) {
          found.add(graph.ignitor(source).map(i -> "Ignitor " + source + ": " + NodeText.ignitor(i))
              .orElse("Ignitor " + source + ", which does not exist"));
        } else {
          String on = "the " + kind.label().toLowerCase() + " of " + source;
          found.add(graph.task(source).map(t -> on + ": " + source + " is " + NodeText.state(t) + ", "
              + NodeText.lastRunText(t)).orElse(on + ", which does not exist"));
        }
      }
    }
    return found;
  }
}
