package cloud.sirocco.orca.run;

import cloud.sirocco.orca.graph.TriggerKind;
import cloud.sirocco.orca.model.RunRequest;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.names.RunNames;
import cloud.sirocco.orca.names.StartedBy;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Why a run starts: an Ignitor fired, an upstream run succeeded or failed, or a RunRequest asked for it.
 *
 * @param startedBy which trigger list named the initiator, or a RunRequest
 * @param initiator the Ignitor's or upstream Task's name: the run's {@code ORCA_INITIATOR}
 * @param cause identifies this one trigger event (an Ignitor fire, an upstream pod); the run's pod name derives
 *     from it, so the same event can never start the same Task twice
 * @param data the run's {@code ORCA_DATA}: the Ignitor's data or the upstream termination message
 * @param workflowRun the workflow run the run belongs to: begun by an Ignitor fire, inherited from the upstream run
 * @param time when the trigger happened (the fire's scheduled time, the upstream run's end, the request's creation),
 *     from which the time to the run's pod is measured; null when it is not known
 * @param joined for a join, each upstream Task's termination message by Task name, in the join's order; else empty
 */
public record Trigger(StartedBy startedBy, String initiator, String cause, String data, String workflowRun,
    Instant time, Map<String, String> joined) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A fire begins a workflow run, whose id derives from the fire as the run's pod name does. */
  public static Trigger ignition(String ignitor, IgnitorFire fire, String data) {
    String cause = "ignitor/" + fire.id();
    return new Trigger(StartedBy.IGNITION, ignitor, cause, data, RunNames.workflowRun(ignitor, cause),
        Instant.parse(fire.time()), Map.of());
  }

  /** A run started by an upstream run belongs to the upstream's workflow run. */
  public static Trigger afterRun(TriggerKind kind, String upstreamTask, String upstreamPod, String workflowRun,
      String message, Instant finished) {
    return new Trigger(StartedBy.of(kind), upstreamTask, "run/" + upstreamPod, message, workflowRun, finished, Map.of());
  }

  /**
   * An AND-join's run, once in its workflow run, after the last of {@code messages}' Tasks succeeded at
   * {@code lastSuccess}: its {@code ORCA_INITIATOR} lists them, its {@code ORCA_DATA} is a JSON object of their
   * messages (an empty message as "").
   */
  public static Trigger join(Map<String, String> messages, String workflowRun, Instant lastSuccess) {
    Map<String, String> joined = new LinkedHashMap<>();
    messages.forEach((task, message) -> joined.put(task, message == null ? "" : message));
    try {
      return new Trigger(StartedBy.JOIN, String.join(",", joined.keySet()), "join/" + workflowRun,
          JSON.writeValueAsString(joined), workflowRun, lastSuccess, Collections.unmodifiableMap(joined));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings is always JSON", e);
    }
  }

  /**
   * A run asked for by a RunRequest, as a new workflow run: its {@code ORCA_INITIATOR} is the request's name, its
   * {@code ORCA_DATA} the request's data.
   */
  public static Trigger manual(RunRequest request) {
    String name = request.getMetadata().getName();
    String cause = cause(request);
    return new Trigger(StartedBy.MANUAL, name, cause, request.getSpec().getData(),
        RunNames.workflowRun(name, cause), created(request), Map.of());
  }

  /**
   * A RunRequest's replay of {@code replayed}, a past run: handed the same {@code ORCA_INITIATOR} and
   * {@code ORCA_DATA} as that run (and, for a join's run, the same {@code ORCA_DATA_<TASK>}), it continues that
   * run's workflow run.
   */
  public static Trigger replay(RunRequest request, Pod replayed) {
    Map<String, String> env = replayed.getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue, (a, b) -> b));
    String data = env.get(RunPodFactory.DATA_ENV);
    return new Trigger(StartedBy.MANUAL, env.get(RunPodFactory.INITIATOR_ENV), cause(request), data,
        RunNames.workflowRunOf(replayed), created(request), joinedAgain(replayed, data));
  }

  /** A join's run is handed each upstream's message again, read back from the JSON object its ORCA_DATA holds. */
  private static Map<String, String> joinedAgain(Pod replayed, String data) {
    Map<String, String> labels = replayed.getMetadata().getLabels();
    if (data == null || labels == null || !StartedBy.JOIN.label().equals(labels.get(RunNames.TRIGGER_LABEL))) {
      return Map.of();
    }
    try {
      return Collections.unmodifiableMap(JSON.readValue(data, new TypeReference<LinkedHashMap<String, String>>() {}));
    } catch (JsonProcessingException e) {
      // Cut to fit an environment variable: ORCA_DATA is handed as it was, the per-upstream variables cannot be.
      return Map.of();
    }
  }

  /** A request starts one run, whose pod name derives from the request object (its uid) like any other's. */
  private static String cause(RunRequest request) {
    return "request/" + request.getMetadata().getUid();
  }

  private static Instant created(RunRequest request) {
    String created = request.getMetadata().getCreationTimestamp();
    return created == null ? null : Instant.parse(created);
  }

  /** The pod name of the run of {@code task} this trigger starts: the same for each pass that meets the trigger. */
  public String podName(Task task) {
    return RunNames.podName(task.getMetadata().getName(), task.getMetadata().getUid(), cause);
  }

  /** A phrase for Events: "success of task1 (workflow run nightly-0a1b2c3d4e)", "RunRequest (workflow run ...)". */
  public String describe() {
    String what = switch (startedBy) {
      case IGNITION -> "fire of " + initiator;
      case MANUAL -> "RunRequest";
      case JOIN -> "join of " + initiator;
      default -> startedBy.label().toLowerCase() + " of " + initiator;
    };
    return what + " (workflow run " + workflowRun + ")";
  }
}
