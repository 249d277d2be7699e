package cloud.sirocco.orca.testing;

import cloud.sirocco.orca.model.ActionSpec;
import cloud.sirocco.orca.model.ConcurrencyPolicy;
import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.IgnitorStatus;
import cloud.sirocco.orca.model.NotifyPolicy;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.model.TaskSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Tasks and Ignitors as a user would write them, with the metadata the API server adds (namespace, uid, generation,
 * creationTimestamp). Nothing is defaulted: tests that need defaults apply {@code Defaults} themselves.
 *
 * <pre>{@code
 * Task task = Workflows.task("task1").startOnIgnition("ignitor1").image("busybox:1.36").build();
 * Ignitor ignitor = Workflows.ignitor("ignitor1", "NOW").data("hello").build();
 * }</pre>
 */
public final class Workflows {

  public static final String NAMESPACE = "orca-test";
  /** When fixture objects were created unless a test says otherwise: an hour before InMemoryCluster's clock. */
  public static final Instant CREATED = Instant.parse("2025-12-31T23:00:00Z");

  private Workflows() {}

  public static TaskBuilder task(String name) {
    return new TaskBuilder(name);
  }

  public static IgnitorBuilder ignitor(String name, String scheduled) {
    return new IgnitorBuilder(name, scheduled);
  }

  public static Container container(String name, String image) {
    return new ContainerBuilder().withName(name).withImage(image).build();
  }

  /** A pod template of one container named {@code main}. */
  public static PodTemplateSpec template(String image) {
    return new PodTemplateSpecBuilder().withNewSpec().withContainers(container("main", image)).endSpec().build();
  }

  public static final class TaskBuilder {
    private final String name;
    private final TaskSpec spec = new TaskSpec();
    private String namespace = NAMESPACE;
    private String uid;
    private long generation = 1;
    private Instant created = CREATED;

    private TaskBuilder(String name) {
      this.name = name;
      this.uid = "uid-task-" + name;
    }

    public TaskBuilder startOnIgnition(String... ignitors) {
      spec.getStartOnIgnition().addAll(List.of(ignitors));
      return this;
    }

    public TaskBuilder startOnSuccess(String... tasks) {
      spec.getStartOnSuccess().addAll(List.of(tasks));
      return this;
    }

    public TaskBuilder startOnFailure(String... tasks) {
      spec.getStartOnFailure().addAll(List.of(tasks));
      return this;
    }

    public TaskBuilder startOnAllSucceeded(String... tasks) {
      spec.getStartOnAllSucceeded().addAll(List.of(tasks));
      return this;
    }

    public TaskBuilder joinTimeoutSeconds(int seconds) {
      spec.setJoinTimeoutSeconds(seconds);
      return this;
    }

    public TaskBuilder failureActionsOnJoinClosed() {
      spec.setFailureActionsOnJoinClosed(true);
      return this;
    }

    /** A template of one container, {@code main}, running {@code image}. */
    public TaskBuilder image(String image) {
      spec.setTemplate(Workflows.template(image));
      return this;
    }

    public TaskBuilder template(PodTemplateSpec template) {
      spec.setTemplate(template);
      return this;
    }

    public TaskBuilder steps(Container... steps) {
      spec.setSteps(new ArrayList<>(List.of(steps)));
      return this;
    }

    public TaskBuilder concurrencyPolicy(ConcurrencyPolicy policy) {
      spec.setConcurrencyPolicy(policy);
      return this;
    }

    public TaskBuilder retryLimit(int limit) {
      spec.setRetryLimit(limit);
      return this;
    }

    public TaskBuilder retryBackoffSeconds(int seconds) {
      spec.setRetryBackoffSeconds(seconds);
      return this;
    }

    public TaskBuilder historyLimits(int successful, int failed) {
      spec.setSuccessfulRunsHistoryLimit(successful);
      spec.setFailedRunsHistoryLimit(failed);
      return this;
    }

    public TaskBuilder startTimeoutSeconds(int seconds) {
      spec.setStartTimeoutSeconds(seconds);
      return this;
    }

    public TaskBuilder successActions(String... names) {
      spec.getSuccessActions().addAll(List.of(names));
      return this;
    }

    public TaskBuilder failureActions(String... names) {
      spec.getFailureActions().addAll(List.of(names));
      return this;
    }

    public TaskBuilder action(String actionName, String plugin) {
      ActionSpec action = new ActionSpec();
      action.setName(actionName);
      action.setPlugin(plugin);
      spec.getActions().add(action);
      return this;
    }

    /** An action entry that notifies on changes only. */
    public TaskBuilder onChangeAction(String actionName, String plugin) {
      action(actionName, plugin);
      spec.getActions().get(spec.getActions().size() - 1).setNotify(NotifyPolicy.OnChange);
      return this;
    }

    public TaskBuilder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    public TaskBuilder uid(String uid) {
      this.uid = uid;
      return this;
    }

    public TaskBuilder generation(long generation) {
      this.generation = generation;
      return this;
    }

    public TaskBuilder createdAt(Instant created) {
      this.created = created;
      return this;
    }

    public Task build() {
      Task task = new Task();
      task.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).withUid(uid)
          .withGeneration(generation).withCreationTimestamp(created.toString()).build());
      task.setSpec(spec);
      return task;
    }
  }

  public static final class IgnitorBuilder {
    private final String name;
    private final String scheduled;
    private String data;
    private String timeZone;
    private Boolean suspend;
    private Long startingDeadlineSeconds;
    private String lastFireTime;
    private String namespace = NAMESPACE;
    private String uid;
    private long generation = 1;
    private Instant created = CREATED;

    private IgnitorBuilder(String name, String scheduled) {
      this.name = name;
      this.scheduled = scheduled;
      this.uid = "uid-ignitor-" + name;
    }

    public IgnitorBuilder data(String data) {
      this.data = data;
      return this;
    }

    public IgnitorBuilder timeZone(String timeZone) {
      this.timeZone = timeZone;
      return this;
    }

    public IgnitorBuilder suspend(boolean suspend) {
      this.suspend = suspend;
      return this;
    }

    public IgnitorBuilder startingDeadlineSeconds(long seconds) {
      this.startingDeadlineSeconds = seconds;
      return this;
    }

    /** Status as the Ignitor's reconciler leaves it after a fire scheduled at {@code time}. */
    public IgnitorBuilder firedAt(String time) {
      this.lastFireTime = time;
      return this;
    }

    public IgnitorBuilder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    public IgnitorBuilder uid(String uid) {
      this.uid = uid;
      return this;
    }

    public IgnitorBuilder generation(long generation) {
      this.generation = generation;
      return this;
    }

    public IgnitorBuilder createdAt(Instant created) {
      this.created = created;
      return this;
    }

    public Ignitor build() {
      Ignitor ignitor = new Ignitor();
      ignitor.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).withUid(uid)
          .withGeneration(generation).withCreationTimestamp(created.toString()).build());
      ignitor.getSpec().setScheduled(scheduled);
      ignitor.getSpec().setData(data);
      ignitor.getSpec().setTimeZone(timeZone);
      ignitor.getSpec().setSuspend(suspend);
      ignitor.getSpec().setStartingDeadlineSeconds(startingDeadlineSeconds);
      if (lastFireTime != null) {
        IgnitorStatus status = new IgnitorStatus();
        status.setLastFireTime(lastFireTime);
        status.setLastFireGeneration(generation);
        ignitor.setStatus(status);
      }
      return ignitor;
    }
  }
}
