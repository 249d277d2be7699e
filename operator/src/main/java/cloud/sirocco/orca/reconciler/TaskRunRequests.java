package cloud.sirocco.orca.reconciler;

import cloud.sirocco.orca.cluster.Cluster;
import cloud.sirocco.orca.model.RunRequest;
import cloud.sirocco.orca.model.RunRequestStatus;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.run.RunPodCache;
import cloud.sirocco.orca.status.RunHistory;
import cloud.sirocco.orca.validation.NamespaceView;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RunRequests naming one Task, as that Task's pass handles them: starts the runs of those not done yet, oldest
 * first; makes each owned by the Task, so the garbage collector removes them with it; and keeps only the latest
 * {@link #KEPT} finished ones, as many as the Task's {@code status.runs} lists, whose runs they name.
 *
 * <p>Each request is handled on its own: one whose start or writes fail is retried by a later pass and holds up
 * neither the other requests nor the Task. Writes are patches without a resourceVersion, which a concurrent change
 * of the request (a label, say) cannot make conflict.
 *
 * <p>A replay not done yet pins the run it replays ({@link #pins}): the Task's history keeps that run's pod, whose
 * ORCA_DATA and ORCA_INITIATOR the replay reads, and its record, which the replay is checked against, until the
 * request has a phase or is deleted. So a start that fails for now cannot lose its run to the same pass's trimming.
 */
final class TaskRunRequests {

  /** The informer index of RunRequests by the Task they name. */
  static final String INDEX = "task";
  static final int KEPT = RunHistory.MAX_RECORDS;

  private static final Logger LOG = LoggerFactory.getLogger(TaskRunRequests.class);
  private static final Comparator<RunRequest> OLDEST_FIRST = Comparator
      .comparing((RunRequest r) -> r.getMetadata().getCreationTimestamp())
      .thenComparing(r -> r.getMetadata().getName());

  private final Cluster cluster;
  private final TaskConverger converger;

  TaskRunRequests(Cluster cluster, TaskConverger converger) {
    this.cluster = cluster;
    this.converger = converger;
  }

  /** The index's keys of a request: its namespace and the Task it names. */
  static Map<String, Function<RunRequest, List<String>>> indexers() {
    return Map.of(INDEX, request -> request.getSpec() == null || request.getSpec().getTask() == null ? List.of()
        : List.of(key(request.getMetadata().getNamespace(), request.getSpec().getTask())));
  }

  private static String key(String namespace, String task) {
    return namespace + "/" + task;
  }

  /**
   * The runs of {@code task} that its replays not done yet read, each with the oldest request replaying it: kept by
   * the Task's history until those requests are done.
   */
  static Map<String, String> pins(Task task, InformerEventSource<RunRequest, Task> requests) {
    Map<String, String> pins = new LinkedHashMap<>();
    requestsOf(task, requests).stream()
        .filter(request -> !done(request) && request.getSpec().getReplay() != null)
        .forEach(request -> pins.putIfAbsent(request.getSpec().getReplay(), request.getMetadata().getName()));
    return pins;
  }

  /** Handles the requests of {@code task}; returns whether one of them needs another pass. */
  boolean handle(Task task, InformerEventSource<RunRequest, Task> requests, KubernetesClient client,
      RunPodCache runs, NamespaceView view, Instant now) {
    List<RunRequest> all = requestsOf(task, requests);
    boolean retry = false;
    for (RunRequest request : all) {
      if (!done(request)) {
        retry |= !attempt(request, "start its run", () -> {
          RunRequestStatus status = converger.startRequested(task, request, runs, view, now);
          RunRequest written = reference(request);
          written.setStatus(status);
          client.resource(written).patchStatus();
        });
      }
      if (!ownedBy(request, task)) {
        retry |= !attempt(request, "make it owned by Task " + task.getMetadata().getName(),
            () -> client.resource(owned(request, task)).patch(PatchContext.of(PatchType.JSON_MERGE)));
      }
    }
    List<RunRequest> finished = all.stream().filter(TaskRunRequests::done).toList();
    for (RunRequest old : finished.subList(0, Math.max(0, finished.size() - KEPT))) {
      retry |= !attempt(old, "delete it (beyond the latest " + KEPT + " finished requests of Task "
          + task.getMetadata().getName() + ")", () -> client.resource(old).delete());
    }
    return retry;
  }

  /** The requests naming {@code task} and not being deleted, oldest first. */
  private static List<RunRequest> requestsOf(Task task, InformerEventSource<RunRequest, Task> requests) {
    List<RunRequest> all = new ArrayList<>(requests.byIndex(INDEX,
        key(task.getMetadata().getNamespace(), task.getMetadata().getName())));
    all.removeIf(RunRequest::isMarkedForDeletion);
    all.sort(OLDEST_FIRST);
    return all;
  }

  private static boolean done(RunRequest request) {
    return request.getStatus() != null && request.getStatus().getPhase() != null;
  }

  /** Runs one write for {@code request}; a failure is its own, reported on it and tried again by a later pass. */
  private boolean attempt(RunRequest request, String what, Runnable write) {
    try {
      write.run();
      return true;
    } catch (KubernetesClientException e) {
      String name = request.getMetadata().getName();
      LOG.warn("{}/{}: could not {}, retrying: {}", request.getMetadata().getNamespace(), name, what,
          e.getMessage());
      cluster.event(request, "Warning", "RequestNotHandled", "Could not " + what + ", retrying: " + e.getMessage());
      return false;
    }
  }

  private static boolean ownedBy(RunRequest request, Task task) {
    return request.getMetadata().getOwnerReferences().stream()
        .anyMatch(o -> task.getMetadata().getUid().equals(o.getUid()));
  }

  /** A merge patch adding the Task to the request's owners (a list the patch replaces whole). */
  private static RunRequest owned(RunRequest request, Task task) {
    RunRequest patch = reference(request);
    List<OwnerReference> owners = new ArrayList<>(request.getMetadata().getOwnerReferences());
    owners.add(new OwnerReferenceBuilder()
        .withApiVersion(task.getApiVersion())
        .withKind(task.getKind())
        .withName(task.getMetadata().getName())
        .withUid(task.getMetadata().getUid())
        .build());
    patch.getMetadata().setOwnerReferences(owners);
    return patch;
  }

  /** The request by name only: a patch of it changes what it carries, whatever the request's resourceVersion. */
  private static RunRequest reference(RunRequest request) {
    RunRequest reference = new RunRequest();
    reference.getMetadata().setName(request.getMetadata().getName());
    reference.getMetadata().setNamespace(request.getMetadata().getNamespace());
    reference.setSpec(null);
    reference.setStatus(null);
    return reference;
  }
}
