package cloud.sirocco.orca.cli;

import cloud.sirocco.orca.model.ActionStatus;
import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.IgnitorStatus;
import cloud.sirocco.orca.model.RunRecord;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.model.TaskStatus;
import cloud.sirocco.orca.names.RunNames;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventListBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A small workflow as the operator leaves it in the API server: nightly starts extract; extract's success starts
 * report, its failure alert; report retries itself on failure.
 */
final class Workflows {

  static final String NAMESPACE = "team-a";

  /** Held so that the level sticks: the mock logs every request it answers, which drowns a failure's story. */
  private static final Logger REQUEST_LOG = Logger.getLogger(MockWebServer.class.getName());

  static {
    REQUEST_LOG.setLevel(Level.WARNING);
  }

  private Workflows() {}

  static void createSample(KubernetesClient client, KubernetesMockServer server) {
    Ignitor nightly = ignitor("nightly", "0 2 * * *");
    IgnitorStatus fired = new IgnitorStatus();
    fired.setFireCount(3);
    fired.setLastFireTime("2026-12-03T02:00:00Z");
    fired.setNextFireTime("2026-12-04T02:00:00Z");
    nightly.setStatus(fired);
    client.resource(nightly).create();

    Task extract = task("extract", List.of("nightly"), List.of(), List.of());
    extract.setStatus(status("Succeeded", 0, run("extract-1a2b3c4d5e", "nightly", "Ignition", "Succeeded",
        "2026-12-03T02:00:01Z", "2026-12-03T02:00:08Z", 0, "Completed", "rows: 120")));
    client.resource(extract).create();

    Task report = task("report", List.of(), List.of("extract"), List.of("report"));
    RunRecord failed = run("report-9f8e7d6c5b", "report", "Failure", "Failed", "2026-12-03T02:03:10Z",
        "2026-12-03T02:03:14Z", 1, "Error", "disk full");
    failed.setConsecutiveFailures(4);
    failed.setWorkflowRun("nightly-0f9e8d7c6b");
    ActionStatus page = new ActionStatus();
    page.setName("page-oncall");
    page.setState("Failed");
    page.setAttempts(3);
    page.setMessage("HTTP 503");
    failed.setActions(List.of(page));
    RunRecord first = run("report-0a1b2c3d4e", "extract", "Success", "Failed", "2026-12-03T02:00:09Z",
        "2026-12-03T02:00:15Z", 1, "Error", "disk full");
    first.setConsecutiveFailures(1);
    report.setStatus(status("Failed", 4, failed, first));
    client.resource(report).create();

    client.resource(task("alert", List.of(), List.of(), List.of("extract"))).create();

    client.resource(new PodBuilder().withMetadata(new ObjectMetaBuilder().withName("report-0a1b2c3d4e")
            .withNamespace(NAMESPACE).addToLabels(RunNames.TASK_LABEL, "report")
            .addToAnnotations(RunNames.CAUSE_ANNOTATION, "extract-1a2b3c4d5e").build())
        .withNewSpec().addNewContainer().withName("report").withImage("busybox:1.36")
        .addNewEnv().withName("ORCA_DATA").withValue("rows: 120").endEnv().endContainer().endSpec().build()).create();

    events(server, "report",
        event("report", "Warning", "TriggerSkipped", "Skipped the success of extract (run extract-77): run "
            + "report-0a1b2c3d4e is still in flight and concurrencyPolicy is Forbid", "2026-12-03T02:00:12Z"),
        event("report", "Warning", "RetryLimitReached",
            "Not started again after 4 consecutive failures of report (retryLimit 3)", "2026-12-03T02:03:15Z"));
  }

  /**
   * Serves {@code events} to the query the plugin makes for a Task's Events: the mock's CRUD mode does not filter
   * by the involvedObject fields, which the API server indexes.
   */
  static void events(KubernetesMockServer server, String task, Event... events) {
    String selector = "involvedObject.kind=Task,involvedObject.name=" + task;
    server.expect().get().withPath("/api/v1/namespaces/" + NAMESPACE + "/events?fieldSelector="
            + URLEncoder.encode(selector, StandardCharsets.UTF_8))
        .andReturn(200, new EventListBuilder().withItems(events).build()).always();
  }

  static Ignitor ignitor(String name, String scheduled) {
    Ignitor ignitor = new Ignitor();
    ignitor.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).withGeneration(1L).build());
    ignitor.getSpec().setScheduled(scheduled);
    return ignitor;
  }

  static Task task(String name, List<String> ignitors, List<String> onSuccess, List<String> onFailure) {
    Task task = new Task();
    task.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).withGeneration(1L).build());
    task.getSpec().setStartOnIgnition(new ArrayList<>(ignitors));
    task.getSpec().setStartOnSuccess(new ArrayList<>(onSuccess));
    task.getSpec().setStartOnFailure(new ArrayList<>(onFailure));
    task.getSpec().setRetryLimit(3);
    return task;
  }

  static TaskStatus status(String state, int failures, RunRecord... runs) {
    TaskStatus status = new TaskStatus();
    status.setState(state);
    status.setFailuresCount(failures);
    status.setObservedGeneration(1L);
    status.getConditions().add(new ConditionBuilder().withType("Ready").withStatus("True").withReason("Valid")
        .build());
    status.setRuns(new ArrayList<>(List.of(runs)));
    return status;
  }

  static RunRecord run(String name, String initiator, String trigger, String phase, String start, String finish,
      Integer exitCode, String reason, String message) {
    RunRecord run = new RunRecord();
    run.setName(name);
    run.setInitiator(initiator);
    run.setTrigger(trigger);
    run.setPhase(phase);
    run.setStartTime(start);
    run.setFinishTime(finish);
    run.setExitCode(exitCode);
    run.setReason(reason);
    run.setMessage(message);
    return run;
  }

  static Event event(String task, String type, String reason, String message, String time) {
    return new EventBuilder().withNewMetadata().withName(task + "." + reason.toLowerCase()).withNamespace(NAMESPACE)
        .endMetadata().withNewInvolvedObject().withKind("Task").withName(task).withNamespace(NAMESPACE)
        .endInvolvedObject().withType(type).withReason(reason).withMessage(message).withLastTimestamp(time)
        .withCount(1).build();
  }
}
