package cloud.sirocco.orca.testing;

import cloud.sirocco.orca.cluster.Cluster;
import cloud.sirocco.orca.cluster.PodRejectedException;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.names.RunNames;
import cloud.sirocco.orca.run.RunPodCache;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cluster in memory: pods, Secrets and Events, with the API server's behaviour that matters to Orca (names are
 * unique, finalizers hold a deleted pod). Tests move pods through their lifecycle with {@link #finish}. It is also
 * its own run pod cache, one that is never behind and that maps pods to Tasks as the operator's informer does: by the
 * name in their controller owner reference.
 */
public final class InMemoryCluster implements Cluster, RunPodCache {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final Map<String, Pod> pods = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> secrets = new HashMap<>();
  private final Map<String, String> logs = new HashMap<>();
  private final List<RecordedEvent> events = new ArrayList<>();
  private final Map<String, String> refusals = new HashMap<>();
  private final Map<String, Integer> transientFailures = new HashMap<>();
  private int podQuota = Integer.MAX_VALUE;
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");

  /** An Event as a test reads it. */
  public record RecordedEvent(String object, String type, String reason, String message) {}

  public Instant now() {
    return now;
  }

  public void advance(java.time.Duration by) {
    now = now.plus(by);
  }

  @Override
  public synchronized List<Pod> podsNaming(Task task) {
    return pods.values().stream()
        .filter(p -> task.getMetadata().getNamespace().equals(p.getMetadata().getNamespace()))
        .filter(p -> p.getMetadata().getOwnerReferences().stream().anyMatch(owner -> Boolean.TRUE.equals(
            owner.getController()) && "Task".equals(owner.getKind())
            && task.getMetadata().getName().equals(owner.getName())))
        .map(SERIALIZATION::clone)
        .toList();
  }

  @Override
  public void created(Task task, Pod pod) {
    // Nothing to catch up on: this cache is the store.
  }

  /** Every run pod labelled with a Task's name, whichever Task object of that name started it. */
  public synchronized List<Pod> runPods(String namespace, String task) {
    return pods.values().stream()
        .filter(p -> namespace.equals(p.getMetadata().getNamespace()))
        .filter(p -> task.equals(p.getMetadata().getLabels().get(RunNames.TASK_LABEL)))
        .map(SERIALIZATION::clone)
        .toList();
  }

  /** Every pod, as a test inspects them. */
  public synchronized List<Pod> pods() {
    return pods.values().stream().map(SERIALIZATION::clone).toList();
  }

  public synchronized Optional<Pod> pod(String namespace, String name) {
    return Optional.ofNullable(pods.get(key(namespace, name))).map(SERIALIZATION::clone);
  }

  /** Every later pod of {@code task} is refused for good, with the API server's {@code message}. */
  public synchronized void refusePods(String task, String message) {
    refusals.put(task, message);
  }

  /** Pods of {@code task} are no longer refused. */
  public synchronized void acceptPods(String task) {
    refusals.remove(task);
  }

  /** The next {@code times} creations of a pod of {@code task} fail with a transient error (HTTP 503). */
  public synchronized void failPodsTransiently(String task, int times) {
    transientFailures.put(task, times);
  }

  /** A ResourceQuota of {@code pods} pods not yet Succeeded or Failed, counted as the API server counts them. */
  public synchronized void podQuota(int pods) {
    podQuota = pods;
  }

  @Override
  public synchronized Created create(Pod pod) {
    String task = pod.getMetadata().getLabels().get(RunNames.TASK_LABEL);
    long counted = pods.values().stream().filter(p -> p.getStatus() == null
        || !List.of("Succeeded", "Failed").contains(String.valueOf(p.getStatus().getPhase()))).count();
    if (counted >= podQuota && !pods.containsKey(key(pod.getMetadata().getNamespace(), pod.getMetadata().getName()))) {
      throw new PodRejectedException(pod.getMetadata().getName(), "pods \"" + pod.getMetadata().getName()
          + "\" is forbidden: exceeded quota: compute, limited: pods=" + podQuota, null);
    }
    if (refusals.containsKey(task)) {
      throw new PodRejectedException(pod.getMetadata().getName(), refusals.get(task), null);
    }
    if (transientFailures.getOrDefault(task, 0) > 0) {
      transientFailures.merge(task, -1, Integer::sum);
      throw new KubernetesClientException("the server is currently unable to handle the request", 503, null);
    }
    String key = key(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    Pod existing = pods.get(key);
    if (existing != null) {
      return new Created(SERIALIZATION.clone(existing), false);
    }
    Pod stored = new PodBuilder(SERIALIZATION.clone(pod))
        .editMetadata().withUid(UUID.randomUUID().toString()).withCreationTimestamp(now.toString()).endMetadata()
        .withStatus(new PodStatusBuilder().withPhase("Pending").build())
        .build();
    pods.put(key, stored);
    return new Created(SERIALIZATION.clone(stored), true);
  }

  @Override
  public synchronized void delete(String namespace, String name) {
    Pod pod = pods.get(key(namespace, name));
    if (pod == null) {
      return;
    }
    if (pod.getMetadata().getFinalizers() == null || pod.getMetadata().getFinalizers().isEmpty()) {
      pods.remove(key(namespace, name));
    } else if (pod.getMetadata().getDeletionTimestamp() == null) {
      pod.getMetadata().setDeletionTimestamp(now.toString());
    }
  }

  @Override
  public synchronized void annotate(Pod pod, Map<String, String> annotations) {
    stored(pod).ifPresent(stored -> addAnnotations(stored, annotations));
  }

  @Override
  public synchronized void annotateAndRelease(Pod pod, Map<String, String> annotations) {
    stored(pod).ifPresent(stored -> {
      addAnnotations(stored, annotations);
      if (stored.getMetadata().getFinalizers() == null) {
        return;
      }
      List<String> finalizers = new ArrayList<>(stored.getMetadata().getFinalizers());
      finalizers.remove(RunNames.FINALIZER);
      stored.getMetadata().setFinalizers(finalizers);
      if (finalizers.isEmpty() && stored.getMetadata().getDeletionTimestamp() != null) {
        pods.remove(key(pod.getMetadata().getNamespace(), pod.getMetadata().getName()));
      }
    });
  }

  private Optional<Pod> stored(Pod pod) {
    return Optional.ofNullable(pods.get(key(pod.getMetadata().getNamespace(), pod.getMetadata().getName())));
  }

  private static void addAnnotations(Pod stored, Map<String, String> annotations) {
    Map<String, String> merged = new HashMap<>(Optional.ofNullable(stored.getMetadata().getAnnotations())
        .orElse(Map.of()));
    merged.putAll(annotations);
    stored.getMetadata().setAnnotations(merged);
  }

  @Override
  public synchronized Optional<String> logTail(String namespace, String pod, String container, int lines) {
    return Optional.ofNullable(logs.get(key(namespace, pod) + "/" + container));
  }

  @Override
  public synchronized Map<String, String> secretData(String namespace, String name) {
    Map<String, String> data = secrets.get(key(namespace, name));
    if (data == null) {
      throw new IllegalStateException("Secret \"" + name + "\" does not exist in namespace \"" + namespace + "\"");
    }
    return data;
  }

  @Override
  public synchronized void event(HasMetadata object, String type, String reason, String message) {
    events.add(new RecordedEvent(object.getMetadata().getName(), type, reason, message));
  }

  public synchronized List<RecordedEvent> events() {
    return List.copyOf(events);
  }

  public synchronized void putSecret(String namespace, String name, Map<String, String> data) {
    secrets.put(key(namespace, name), Map.copyOf(data));
  }

  public synchronized void putLog(String namespace, String pod, String container, String log) {
    logs.put(key(namespace, pod) + "/" + container, log);
  }

  /** Takes a label off the pod, as a pod created by an older operator lacks it. */
  public synchronized void removeLabel(String namespace, String name, String key) {
    pods.get(key(namespace, name)).getMetadata().getLabels().remove(key);
  }

  /** Marks the pod running: its containers have started. */
  public synchronized void start(String namespace, String name) {
    Pod pod = pods.get(key(namespace, name));
    List<ContainerStatus> statuses = pod.getSpec().getContainers().stream()
        .map(c -> new ContainerStatusBuilder().withName(c.getName())
            .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(now.toString()).endRunning()
                .build())
            .build())
        .toList();
    pod.setStatus(new PodStatusBuilder().withPhase("Running").withStartTime(now.toString())
        .withContainerStatuses(statuses).build());
  }

  /**
   * Ends the pod's run as the kubelet would: every container terminated, the first with {@code exitCode} and
   * {@code message}, phase Succeeded for 0 and Failed otherwise.
   */
  public synchronized void finish(String namespace, String name, int exitCode, String message) {
    Pod pod = pods.get(key(namespace, name));
    String started = pod.getStatus() != null && pod.getStatus().getStartTime() != null
        ? pod.getStatus().getStartTime() : now.toString();
    List<ContainerStatus> statuses = new ArrayList<>();
    for (int i = 0; i < pod.getSpec().getContainers().size(); i++) {
      String container = pod.getSpec().getContainers().get(i).getName();
      statuses.add(new ContainerStatusBuilder().withName(container)
          .withState(new ContainerStateBuilder().withNewTerminated()
              .withExitCode(i == 0 ? exitCode : 0)
              .withReason(i == 0 && exitCode != 0 ? "Error" : "Completed")
              .withMessage(i == 0 ? message : null)
              .withStartedAt(started).withFinishedAt(now.toString())
              .endTerminated().build())
          .build());
    }
    pod.setStatus(new PodStatusBuilder().withPhase(exitCode == 0 ? "Succeeded" : "Failed").withStartTime(started)
        .withContainerStatuses(statuses).build());
  }

  /**
   * Deletes a pod as the garbage collector does once its owner is gone: marked deleted, it stays while its
   * containers stop (the grace period), finalizers or not.
   */
  public synchronized void beginTermination(String namespace, String name) {
    pods.get(key(namespace, name)).getMetadata().setDeletionTimestamp(now.toString());
  }

  /** Replaces a pod's status wholesale, for outcomes {@link #finish} does not model (evictions, steps). */
  public synchronized void setStatus(String namespace, String name, io.fabric8.kubernetes.api.model.PodStatus status) {
    pods.get(key(namespace, name)).setStatus(status);
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
