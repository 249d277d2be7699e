package cloud.sirocco.orca.run;

import cloud.sirocco.orca.cluster.Cluster;
import cloud.sirocco.orca.cluster.PodRejectedException;
import cloud.sirocco.orca.concurrent.StripedLocks;
import cloud.sirocco.orca.model.ConcurrencyPolicy;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.names.RunNames;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesResourceUtil;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts runs. The pod name comes from the Task and the trigger, so starting the same trigger twice finds the first
 * pod; a pod of that name the Task does not own is not taken for its run. The Task's concurrency policy decides
 * what a trigger does while another run is in flight. Starts of one Task are serialised and read in-flight runs
 * from a cache that knows of every pod started here (as the Job controller's expectations do), so two triggers
 * cannot both pass a Forbid check and no start waits for an API read. This holds while one operator is active:
 * leader election sees to that.
 */
public final class RunLauncher {

  private static final Logger LOG = LoggerFactory.getLogger(RunLauncher.class);
  /** Both ends are stamped to the second: 0.5 holds the triggers served within their second. */
  private static final Duration[] LATENCY_BUCKETS = Stream.of(0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0)
      .map(seconds -> Duration.ofMillis((long) (seconds * 1000))).toArray(Duration[]::new);

  private final Cluster cluster;
  private final MeterRegistry meters;
  /** A fixed set, not one per Task, that would grow with every Task ever seen; 256 make a wait rare. */
  private final StripedLocks locks = new StripedLocks(256);

  public RunLauncher(Cluster cluster, MeterRegistry meters) {
    this.cluster = cluster;
    this.meters = meters;
  }

  /**
   * Starts the run of {@code task} (defaults applied) for {@code trigger}, as its concurrency policy allows. A trigger
   * whose run exists already (a repeated reconcile or a restart) starts nothing and returns that run; one that is
   * skipped (Forbid) or whose run's name a pod of another owner holds says so in an Event.
   */
  public Launch launch(Task task, Trigger trigger, RunPodCache cache) {
    String namespace = task.getMetadata().getNamespace();
    String name = task.getMetadata().getName();
    Pod pod = RunPodFactory.build(task, trigger);
    synchronized (locks.of(namespace + "/" + name)) {
      List<Pod> runs = cache.runsOf(task);
      // Told by cause rather than by name: a run started before pod names held the Task's uid has another name.
      Optional<Pod> existing = runs.stream().filter(p -> trigger.cause().equals(cause(p))).findFirst();
      if (existing.isPresent()) {
        return Launch.of(existing.get());
      }
      List<Pod> inFlight = runs.stream().filter(RunLauncher::inFlight).toList();
      List<Pod> leaving = new ArrayList<>(runs.stream().filter(RunLauncher::leaving).toList());
      if (!inFlight.isEmpty()) {
        ConcurrencyPolicy policy = task.getSpec().getConcurrencyPolicy();
        String running = inFlight.get(0).getMetadata().getName();
        if (policy == ConcurrencyPolicy.Forbid) {
          String why = "run " + running + " is still in flight and concurrencyPolicy is Forbid";
          cluster.event(task, "Warning", "TriggerSkipped", "Skipped the " + trigger.describe() + ": " + why);
          meters.counter("orca_triggers_skipped_total", "namespace", namespace).increment();
          LOG.info("{}/{}: skipped {} while {} runs", namespace, name, trigger.describe(), running);
          return Launch.skipped(why);
        }
        if (policy == ConcurrencyPolicy.Replace) {
          inFlight.forEach(p -> {
            cluster.annotate(p, Map.of(RunNames.REPLACED_BY_ANNOTATION, pod.getMetadata().getName()));
            cluster.delete(namespace, p.getMetadata().getName());
          });
          cluster.event(task, "Normal", "RunReplaced", "Stopped run " + running + " to start the "
              + trigger.describe() + " (concurrencyPolicy Replace)");
          leaving.addAll(inFlight);
        }
      }
      Cluster.Created created = create(pod, leaving);
      if (!RunPodCache.isRunOf(created.pod(), task)) {
        OwnerReference owner = KubernetesResourceUtil.getControllerUid(created.pod());
        String why = "its pod name " + pod.getMetadata().getName() + " is taken by a pod that is not this Task's ("
            + (owner == null ? "no controller" : "controller: " + owner.getKind() + " " + owner.getName() + ", uid "
                + owner.getUid()) + ")";
        cluster.event(task, "Warning", "RunNameTaken", "Not started on the " + trigger.describe() + ": " + why);
        return Launch.notStarted(why);
      }
      cache.created(task, created.pod());
      if (!created.created()) {
        return Launch.of(created.pod());
      }
      cluster.event(task, "Normal", "RunStarted", "Started run " + pod.getMetadata().getName() + " on the "
          + trigger.describe());
      meters.counter("orca_runs_started_total", "trigger", trigger.startedBy().label()).increment();
      recordLatency(trigger, created.pod());
      LOG.info("{}/{}: started run {} on the {}", namespace, name, pod.getMetadata().getName(), trigger.describe());
      return Launch.of(created.pod());
    }
  }

  /**
   * {@code orca_trigger_to_pod_seconds}: from the trigger to its run's pod, as the API server stamped the pod's
   * creation; buckets from the operator's own pace (within the second) to a missed schedule (minutes).
   */
  private void recordLatency(Trigger trigger, Pod pod) {
    String created = pod.getMetadata().getCreationTimestamp();
    if (trigger.time() == null || created == null) {
      return;
    }
    Timer.builder("orca.trigger.to.pod")
        .description("Time from a trigger (Ignitor fire, upstream run's end) to the creation of its run's pod")
        .tag("trigger", trigger.startedBy().label())
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .register(meters)
        .record(Duration.between(trigger.time(), Instant.parse(created)));
  }

  /**
   * Creates the pod. A refusal while another run of the Task is still being deleted (just replaced, or deleted
   * before it finished) may be that run still counting against a ResourceQuota: it is left to a later pass, not the
   * new run's failure.
   */
  private Cluster.Created create(Pod pod, List<Pod> leaving) {
    try {
      return cluster.create(pod);
    } catch (PodRejectedException e) {
      if (leaving.isEmpty()) {
        throw e;
      }
      throw new KubernetesClientException("The pod of run " + pod.getMetadata().getName() + " was refused while run "
          + leaving.get(0).getMetadata().getName() + " is still being deleted, and is tried again: " + e.getMessage(),
          e);
    }
  }

  /** A run being deleted before it finished: its pod still counts against a quota of pods. */
  private static boolean leaving(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() != null && !finished(pod);
  }

  private static String cause(Pod pod) {
    return RunNames.annotation(pod, RunNames.CAUSE_ANNOTATION);
  }

  private static boolean inFlight(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() == null && !finished(pod);
  }

  private static boolean finished(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }
}
