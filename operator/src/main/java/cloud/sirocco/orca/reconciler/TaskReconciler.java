package cloud.sirocco.orca.reconciler;

import cloud.sirocco.orca.cluster.Cluster;
import cloud.sirocco.orca.deadline.SuccessDeadlines;
import cloud.sirocco.orca.informer.LeanItemStore;
import cloud.sirocco.orca.graph.TriggerIndex;
import cloud.sirocco.orca.graph.TriggerKind;
import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.RunRequest;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.names.RunNames;
import cloud.sirocco.orca.status.RejectedRuns;
import cloud.sirocco.orca.status.RunHistory;
import cloud.sirocco.orca.validation.LookupNamespaceView;
import cloud.sirocco.orca.validation.NamespaceView;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reconciles Tasks: reads the Task, its run pods and the Ignitors it names from the informer caches, lets a
 * {@link TaskConverger} decide, then persists in a safe order: status first, then pod marks, then deletions.
 *
 * <p>The reconciler sees every event, deletions included, and manages the Task's finalizer
 * ({@link RunNames#TASK_FINALIZER}) itself: it adds it in the same pass as the Task's first status, where JOSDK's
 * {@code Cleaner} would spend a pass of its own on it (so many new Tasks would each wait for a finalizer write before
 * their first status). Added at first sight rather than at the first run, it costs nothing when an Ignitor fires.
 */
@ControllerConfiguration(name = "task", generationAwareEventProcessing = false, triggerReconcilerOnAllEvents = true,
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 5, timeUnit = TimeUnit.MINUTES))
public class TaskReconciler implements Reconciler<Task> {

  /** When a pass comes back for a RunRequest it could not handle. */
  private static final Duration REQUEST_RETRY = Duration.ofSeconds(5);

  private final Cluster cluster;
  private final TaskConverger converger;
  private final Clock clock;
  private final TaskRunRequests runRequests;
  private InformerEventSource<Ignitor, Task> ignitors;
  private InformerEventSource<RunRequest, Task> requests;
  private InformerRunPodCache runs;
  private RecreatedTasks recreated;
  /** Reconciles a Task on request: when its actions are done, or when a Task it starts on appears or goes. */
  private final SimpleInboundEventSource<Task> nudges = new SimpleInboundEventSource<>("nudges");

  public TaskReconciler(Cluster cluster, TaskConverger converger, Clock clock) {
    this.cluster = cluster;
    this.converger = converger;
    this.clock = clock;
    this.runRequests = new TaskRunRequests(cluster, converger);
  }

  @Override
  public List<EventSource<?, Task>> prepareEventSources(EventSourceContext<Task> context) {
    context.getPrimaryCache().addIndexer(TriggerIndex.NAME, TriggerIndex::keys);
    InformerEventSource<Pod, Task> pods = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Pod.class, Task.class)
            .withName("run-pods")
            .withLabelSelector(RunNames.MANAGED_BY_LABEL + "=" + RunNames.MANAGED_BY)
            .withItemStore(new LeanItemStore<>())
            .withInformerListLimit(LeanItemStore.LIST_PAGE)
            // By owner name: an earlier Task's pods also wake a new Task of that name, whose runs leave them out.
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Task.class))
            .build(),
        context);
    runs = new InformerRunPodCache(pods);
    ignitors = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Ignitor.class, Task.class)
            .withName("ignitors")
            .withItemStore(new LeanItemStore<>())
            .withInformerListLimit(LeanItemStore.LIST_PAGE)
            // The Tasks it starts, and those downstream whose success deadline its fires start.
            .withSecondaryToPrimaryMapper((Ignitor ignitor) -> {
              String namespace = ignitor.getMetadata().getNamespace();
              Function<String, Collection<Task>> triggeredBy = name -> context.getPrimaryCache()
                  .byIndex(TriggerIndex.NAME, TriggerIndex.key(namespace, name));
              return Stream.concat(triggeredBy.apply(ignitor.getMetadata().getName()).stream(),
                      SuccessDeadlines.awaitingFiresOf(ignitor.getMetadata().getName(), triggeredBy).stream())
                  .map(ResourceID::fromResource).collect(Collectors.toSet());
            })
            .withPrimaryToSecondaryMapper((Task task) -> TriggerKind.IGNITION.sources(task.getSpec()).stream()
                .map(name -> new ResourceID(name, task.getMetadata().getNamespace()))
                .collect(Collectors.toSet()))
            .build(),
        context);
    requests = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(RunRequest.class, Task.class)
            .withName("run-requests")
            .withItemStore(new LeanItemStore<>())
            .withInformerListLimit(LeanItemStore.LIST_PAGE)
            .withSecondaryToPrimaryMapper((RunRequest request) -> request.getSpec() == null
                || request.getSpec().getTask() == null ? Set.of()
                : Set.of(new ResourceID(request.getSpec().getTask(), request.getMetadata().getNamespace())))
            .build(),
        context);
    requests.addIndexers(TaskRunRequests.indexers());
    recreated = new RecreatedTasks(context.getPrimaryCache(), cluster);
    return List.of(pods, ignitors, requests, nudges, recreated);
  }

  @Override
  public UpdateControl<Task> reconcile(Task task, Context<Task> context) {
    if (context.isPrimaryResourceDeleted() || task.isMarkedForDeletion()) {
      letGo(task, context);
      return UpdateControl.noUpdate();
    }
    Task stored = task.hasFinalizer(RunNames.TASK_FINALIZER) ? task
        : PrimaryUpdateAndCacheUtils.addFinalizer(context, RunNames.TASK_FINALIZER);
    Instant now = clock.instant();
    NamespaceView view = namespaceView(task.getMetadata().getNamespace(), context.getPrimaryCache());
    ResourceID id = ResourceID.fromResource(task);
    TaskConverger.Outcome outcome = converger.converge(task, runs, TaskRunRequests.pins(task, requests), view, now,
        () -> nudges.propagateEvent(id));

    // Read first: the write may set its status on this very object.
    boolean runEnded = runEnded(task.getStatus(), outcome.status());
    boolean newGeneration = newGeneration(task);
    // Other Tasks' passes may add refused runs to this status meanwhile: a write retried on a conflict keeps them.
    StatusWrites.writeIfChanged(stored, task.getStatus(), outcome.status(), context,
        fresh -> fresh.setStatus(RejectedRuns.carriedOver(task.getStatus(), fresh.getStatus(), outcome.status())));
    // The Tasks that name this one check it again when it appears (one applied before it waits as not Ready) or its
    // spec changes (a cycle through them may close or open): once per generation, recorded by the write above. Not
    // on every pass: two Tasks waiting that name each other, or a retry loop naming itself, would wake each other
    // for ever.
    if (newGeneration) {
      String name = task.getMetadata().getName();
      view.tasksTriggeredBy(name).stream()
          .filter(listener -> !listener.getMetadata().getName().equals(name))
          .forEach(listener -> nudges.propagateEvent(ResourceID.fromResource(listener)));
    }
    // A join reads the ends of its upstreams' runs from their status, which the cache now holds: wake it.
    if (runEnded) {
      String name = task.getMetadata().getName();
      view.tasksTriggeredBy(name).stream()
          .filter(listener -> TriggerKind.JOIN.sources(listener.getSpec()).contains(name))
          .forEach(listener -> nudges.propagateEvent(ResourceID.fromResource(listener)));
    }
    outcome.rejections().forEach(rejection ->
        StatusWrites.addRejectedRun(context.getClient(), rejection.task(), rejection.run()));
    outcome.marks().forEach(mark -> mark.applyTo(cluster));
    boolean requestsRetry = runRequests.handle(task, requests, context.getClient(), runs, view, now);
    outcome.deletions().forEach(pod -> cluster.delete(task.getMetadata().getNamespace(), pod));
    if (outcome.transientError().isPresent()) {
      throw outcome.transientError().get();
    }
    UpdateControl<Task> control = UpdateControl.noUpdate();
    Optional<Duration> revisit = outcome.revisit().map(at -> Duration.between(now, at).plusMillis(500));
    if (requestsRetry && revisit.filter(delay -> delay.compareTo(REQUEST_RETRY) <= 0).isEmpty()) {
      revisit = Optional.of(REQUEST_RETRY);
    }
    revisit.ifPresent(delay -> control.rescheduleAfter(delay.toMillis()));
    return control;
  }

  @Override
  public ErrorStatusUpdateControl<Task> updateErrorStatus(Task task, Context<Task> context, Exception error) {
    // The pass may have written the status before it failed: compare with what it wrote, not what it read.
    Task copy = Copies.deepCopy(context.getPrimaryCache().get(ResourceID.fromResource(task)).orElse(task));
    if (copy.getStatus() == null) {
      copy.setStatus(new TaskStatus());
    }
    return ReconcileErrors.report(cluster, copy, copy.getStatus().getConditions(), error, clock.instant());
  }

  /**
   * A Task being deleted lets go of its run pods (its own: not those of a Task created again under its name), which
   * the garbage collector then removes with it, and then of its own finalizer. Called again for the deletion itself,
   * when only the nudges are left to do, and a Task created again under its name meanwhile to be looked after.
   */
  private void letGo(Task task, Context<Task> context) {
    converger.forget(task);
    runs.runsOf(task).stream()
        .filter(pod -> pod.hasFinalizer(RunNames.FINALIZER))
        .forEach(pod -> cluster.annotateAndRelease(pod, Map.of()));
    // Tasks starting on this one no longer can: their Ready condition must say so.
    context.getPrimaryCache().byIndex(TriggerIndex.NAME,
            TriggerIndex.key(task.getMetadata().getNamespace(), task.getMetadata().getName())).stream()
        .filter(listener -> !listener.getMetadata().getName().equals(task.getMetadata().getName()))
        .forEach(listener -> nudges.propagateEvent(ResourceID.fromResource(listener)));
    if (context.isPrimaryResourceDeleted()) {
      recreated.afterDeletionPass(ResourceID.fromResource(task));
    } else {
      try {
        PrimaryUpdateAndCacheUtils.removeFinalizer(context, RunNames.TASK_FINALIZER);
      } catch (KubernetesClientException e) {
        // Gone already: a repeated pass over a stale copy, after the finalizer went and the Task with it.
        if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
          throw e;
        }
      }
    }
  }

  /** The namespace as the informer caches hold it; a Task being deleted counts as gone: nothing starts on it. */
  private NamespaceView namespaceView(String namespace, IndexedResourceCache<Task> tasks) {
    return new LookupNamespaceView(namespace,
        name -> tasks.get(new ResourceID(name, namespace)).filter(t -> !t.isMarkedForDeletion()),
        name -> ignitors.get(new ResourceID(name, namespace)),
        name -> tasks.byIndex(TriggerIndex.NAME, TriggerIndex.key(namespace, name)));
  }

  /** Whether {@code after} records the end of a run that {@code before} did not. */
  private static boolean runEnded(TaskStatus before, TaskStatus after) {
    Set<String> endedBefore = before == null ? Set.of() : before.getRuns().stream()
        .filter(RunHistory::finished).map(RunRecord::getName).collect(Collectors.toSet());
    return after.getRuns().stream().anyMatch(r -> RunHistory.finished(r) && !endedBefore.contains(r.getName()));
  }

  /** Whether no pass has recorded the Task's current spec in its status yet: it is new, or its spec changed. */
  private static boolean newGeneration(Task task) {
    return task.getStatus() == null
        || !Objects.equals(task.getStatus().getObservedGeneration(), task.getMetadata().getGeneration());
  }
}
