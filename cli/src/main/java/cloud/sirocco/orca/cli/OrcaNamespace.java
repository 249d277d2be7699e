package cloud.sirocco.orca.cli;

import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.RunRequest;
import cloud.sirocco.orca.model.RunRequestSpec;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.names.RunNames;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What the commands read from one namespace, with the user's own client (their kubeconfig and rights). */
public final class OrcaNamespace {

  private final KubernetesClient client;
  private final String name;

  public OrcaNamespace(KubernetesClient client, String name) {
    this.client = client;
    this.name = name;
  }

  public String name() {
    return name;
  }

  public List<Task> tasks() {
    return client.resources(Task.class).inNamespace(name).list().getItems();
  }

  public List<Ignitor> ignitors() {
    return client.resources(Ignitor.class).inNamespace(name).list().getItems();
  }

  public Optional<Task> findTask(String task) {
    return Optional.ofNullable(client.resources(Task.class).inNamespace(name).withName(task).get());
  }

  public Optional<Ignitor> findIgnitor(String ignitor) {
    return Optional.ofNullable(client.resources(Ignitor.class).inNamespace(name).withName(ignitor).get());
  }

  public Task task(String task) {
    return findTask(task).orElseThrow(() -> new UserError(
        "Task \"" + task + "\" not found in namespace \"" + name + "\" (kubectl get tasks -n " + name + ")"));
  }

  public Ignitor ignitor(String ignitor) {
    return findIgnitor(ignitor).orElseThrow(() -> new UserError("Ignitor \"" + ignitor + "\" not found in namespace \""
        + name + "\" (kubectl get ignitors -n " + name + ")"));
  }

  /** Events about {@code object}, newest first. */
  public List<Event> events(HasMetadata object) {
    String kind = object.getKind();
    String objectName = object.getMetadata().getName();
    return client.v1().events().inNamespace(name)
        .withField("involvedObject.kind", kind).withField("involvedObject.name", objectName).list().getItems()
        .stream()
        // Also filtered here: a field selector is an index the API server may not offer for every store.
        .filter(e -> e.getInvolvedObject() != null && kind.equals(e.getInvolvedObject().getKind())
            && objectName.equals(e.getInvolvedObject().getName()))
        .sorted(Comparator.comparing(OrcaNamespace::eventTime, Comparator.nullsFirst(Comparator.naturalOrder()))
            .reversed())
        .toList();
  }

  /** When an Event last happened, as RFC 3339 text (which sorts in time order). */
  public static String eventTime(Event event) {
    if (event.getLastTimestamp() != null) {
      return event.getLastTimestamp();
    }
    if (event.getEventTime() != null && event.getEventTime().getTime() != null) {
      return event.getEventTime().getTime();
    }
    return event.getMetadata().getCreationTimestamp();
  }

  /** The run pods of a Task that still exist (the history limits delete older ones). */
  public List<Pod> runPods(String task) {
    return client.pods().inNamespace(name).withLabel(RunNames.TASK_LABEL, task).list().getItems();
  }

  /** A run's pod; a pod that is no run of Orca's is refused, so {@code logs} shows only runs. */
  public Pod runPod(String run) {
    Pod pod = client.pods().inNamespace(name).withName(run).get();
    if (pod == null) {
      throw new UserError("Run \"" + run + "\" has no pod in namespace \"" + name + "\": it was refused, or deleted "
          + "by the Task's history limits (kubectl orca runs TASK lists the runs)");
    }
    if (RunNames.annotation(pod, RunNames.CAUSE_ANNOTATION) == null
        && (pod.getMetadata().getLabels() == null || !pod.getMetadata().getLabels().containsKey(RunNames.TASK_LABEL))) {
      throw new UserError("Pod \"" + run + "\" is not a run of an Orca Task");
    }
    return pod;
  }

  /** The log of one container of a pod, or null when the kubelet has none (yet). */
  public String log(Pod pod, String container) {
    return client.pods().inNamespace(name).withName(pod.getMetadata().getName()).inContainer(container).getLog();
  }

  /** Creates a RunRequest named {@code prefix} and a suffix the API server picks; returns it as stored. */
  public RunRequest createRunRequest(String prefix, RunRequestSpec spec) {
    RunRequest request = new RunRequest();
    request.getMetadata().setGenerateName(prefix);
    request.getMetadata().setNamespace(name);
    request.setSpec(spec);
    return client.resources(RunRequest.class).inNamespace(name).resource(request).create();
  }

  /** {@code task} as the API server would store it here, after admission, without storing it (a dry run). */
  public Task createInDryRun(Task task) {
    return client.resources(Task.class).inNamespace(name).resource(task).dryRun().create();
  }

  /** The RunRequest once the operator has handled it (its status has a phase); empty if it has not within timeout. */
  public Optional<RunRequest> awaitHandled(RunRequest request, Duration timeout) {
    try {
      return Optional.of(client.resources(RunRequest.class).inNamespace(name).withName(request.getMetadata().getName())
          .waitUntilCondition(r -> r != null && r.getStatus() != null && r.getStatus().getPhase() != null,
              timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (KubernetesClientTimeoutException e) {
      return Optional.empty();
    }
  }

  /** The RunRequests naming {@code task}, newest first. */
  public List<RunRequest> runRequests(String task) {
    return client.resources(RunRequest.class).inNamespace(name).list().getItems().stream()
        .filter(r -> r.getSpec() != null && task.equals(r.getSpec().getTask()))
        .sorted(Comparator.comparing(OrcaNamespace::requestTime, Comparator.nullsFirst(Comparator.naturalOrder()))
            .reversed())
        .toList();
  }

  /** When a RunRequest was answered, or created while it waits for an answer (RFC 3339, which sorts in time order). */
  public static String requestTime(RunRequest request) {
    return request.getStatus() != null && request.getStatus().getTime() != null ? request.getStatus().getTime()
        : request.getMetadata().getCreationTimestamp();
  }

  /** The run pods of a workflow run that still exist. */
  public List<Pod> workflowRunPods(String workflowRun) {
    return client.pods().inNamespace(name).withLabel(RunNames.WORKFLOW_RUN_LABEL, workflowRun).list().getItems();
  }

  /** Keeps a cache of the workflow run's pods up to date, calling {@code changed} on every change. */
  public SharedIndexInformer<Pod> informWorkflowRunPods(String workflowRun, Runnable changed) {
    return client.pods().inNamespace(name).withLabel(RunNames.WORKFLOW_RUN_LABEL, workflowRun)
        .inform(onEveryChange(changed), 0);
  }

  /** Keeps a cache of the namespace's Tasks up to date, calling {@code changed} on every change. */
  public SharedIndexInformer<Task> informTasks(Runnable changed) {
    return client.resources(Task.class).inNamespace(name).inform(onEveryChange(changed), 0);
  }

  private static <T> ResourceEventHandler<T> onEveryChange(Runnable changed) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        changed.run();
      }

      @Override
      public void onUpdate(T before, T after) {
        changed.run();
      }

      @Override
      public void onDelete(T object, boolean finalStateUnknown) {
        changed.run();
      }
    };
  }
}
