package cloud.sirocco.orca.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.ArrayList;
import java.util.List;

/** What a Task runs and when it starts. Lists are never null once defaulted by the mutating webhook. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskSpec {

  @JsonPropertyDescription("Informational only.")
  private String description;

  @JsonPropertyDescription("Ignitors whose fire starts this Task.")
  private List<String> startOnIgnition = new ArrayList<>();

  @JsonPropertyDescription("Tasks whose successful run starts this Task.")
  private List<String> startOnSuccess = new ArrayList<>();

  @JsonPropertyDescription("Tasks that must all succeed in one workflow run to start this Task once in that workflow"
      + " run (an AND-join; startOnSuccess is an OR). Its ORCA_DATA is a JSON object of their termination messages by"
      + " Task name, ORCA_DATA_<TASK> holds each one, and ORCA_INITIATOR lists them, comma-separated.")
  private List<String> startOnAllSucceeded = new ArrayList<>();

  @Min(1)
  @JsonPropertyDescription("How long a join of startOnAllSucceeded waits, from the first of its Tasks' runs to end in"
      + " a workflow run, for the others to succeed; then it is closed (a JoinClosed Event). Default 3600.")
  private Integer joinTimeoutSeconds;

  @JsonPropertyDescription("Whether a join of startOnAllSucceeded that is closed (an upstream failed, or the join timed"
      + " out) runs this Task's failureActions. Default false.")
  private Boolean failureActionsOnJoinClosed;

  @JsonPropertyDescription("Tasks whose failed run starts this Task. Naming this Task itself makes a retry loop, bounded by retryLimit.")
  private List<String> startOnFailure = new ArrayList<>();

  @JsonPropertyDescription("Actions run after a successful run: a name from actions, or an installed plugin's name.")
  private List<String> successActions = new ArrayList<>();

  @JsonPropertyDescription("Actions run after a failed run: a name from actions, or an installed plugin's name.")
  private List<String> failureActions = new ArrayList<>();

  @JsonPropertyDescription("Named actions with configuration, referred to from successActions and failureActions.")
  private List<ActionSpec> actions = new ArrayList<>();

  @JsonPropertyDescription("The pod each run creates. Exactly one of template and steps.")
  private PodTemplateSpec template;

  @JsonPropertyDescription("Containers run strictly in order in one pod, stopping at the first failure. Exactly one of template and steps.")
  private List<Container> steps;

  @JsonPropertyDescription("What a trigger does while a run is in flight: Forbid (default: the trigger is skipped and reported), Allow, or Replace.")
  private ConcurrencyPolicy concurrencyPolicy;

  @Min(0)
  @Max(100)
  @JsonPropertyDescription("How many times a failure may start a run again through a loop of triggers (e.g. startOnFailure naming this Task), and, with restartPolicy OnFailure, how many times a failed container of a run may be restarted before the run fails (RestartLimitExceeded). Default 3.")
  private Integer retryLimit;

  @Min(0)
  @JsonPropertyDescription("Delay before the first retry; doubled on each consecutive failure, at most 5 minutes. Default 10.")
  private Integer retryBackoffSeconds;

  @Min(0)
  @JsonPropertyDescription("Finished successful run pods kept. Default 3.")
  private Integer successfulRunsHistoryLimit;

  @Min(0)
  @JsonPropertyDescription("Finished failed run pods kept. Default 3.")
  private Integer failedRunsHistoryLimit;

  @Min(1)
  @JsonPropertyDescription("A run fails (StartTimeout) when one of its containers or steps has not started this many seconds after its turn came: the pod's creation, or for a later step the end of the step before (an image that never pulls, an unschedulable pod). Default 300.")
  private Integer startTimeoutSeconds;

  @JsonPropertyDescription("A dead man's switch: the Task is Overdue (a condition, a Warning Event, the"
      + " orca_tasks_overdue metric, and its actions) when it has had no successful run within this period.")
  private SuccessDeadline successDeadline;

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public List<String> getStartOnIgnition() {
    return startOnIgnition;
  }

  public void setStartOnIgnition(List<String> startOnIgnition) {
    this.startOnIgnition = startOnIgnition;
  }

  public List<String> getStartOnSuccess() {
    return startOnSuccess;
  }

  public void setStartOnSuccess(List<String> startOnSuccess) {
    this.startOnSuccess = startOnSuccess;
  }

  public List<String> getStartOnAllSucceeded() {
    return startOnAllSucceeded;
  }

  public void setStartOnAllSucceeded(List<String> startOnAllSucceeded) {
    this.startOnAllSucceeded = startOnAllSucceeded;
  }

  public Integer getJoinTimeoutSeconds() {
    return joinTimeoutSeconds;
  }

  public void setJoinTimeoutSeconds(Integer joinTimeoutSeconds) {
    this.joinTimeoutSeconds = joinTimeoutSeconds;
  }

  public Boolean getFailureActionsOnJoinClosed() {
    return failureActionsOnJoinClosed;
  }

  public void setFailureActionsOnJoinClosed(Boolean failureActionsOnJoinClosed) {
    this.failureActionsOnJoinClosed = failureActionsOnJoinClosed;
  }

  public List<String> getStartOnFailure() {
    return startOnFailure;
  }

  public void setStartOnFailure(List<String> startOnFailure) {
    this.startOnFailure = startOnFailure;
  }

  public List<String> getSuccessActions() {
    return successActions;
  }

  public void setSuccessActions(List<String> successActions) {
    this.successActions = successActions;
  }

  public List<String> getFailureActions() {
    return failureActions;
  }

  public void setFailureActions(List<String> failureActions) {
    this.failureActions = failureActions;
  }

  public List<ActionSpec> getActions() {
    return actions;
  }

  public void setActions(List<ActionSpec> actions) {
    this.actions = actions;
  }

  public PodTemplateSpec getTemplate() {
    return template;
  }

  public void setTemplate(PodTemplateSpec template) {
    this.template = template;
  }

  public List<Container> getSteps() {
    return steps;
  }

  public void setSteps(List<Container> steps) {
    this.steps = steps;
  }

  public ConcurrencyPolicy getConcurrencyPolicy() {
    return concurrencyPolicy;
  }

  public void setConcurrencyPolicy(ConcurrencyPolicy concurrencyPolicy) {
    this.concurrencyPolicy = concurrencyPolicy;
  }

  public Integer getRetryLimit() {
    return retryLimit;
  }

  public void setRetryLimit(Integer retryLimit) {
    this.retryLimit = retryLimit;
  }

  public Integer getRetryBackoffSeconds() {
    return retryBackoffSeconds;
  }

  public void setRetryBackoffSeconds(Integer retryBackoffSeconds) {
    this.retryBackoffSeconds = retryBackoffSeconds;
  }

  public Integer getSuccessfulRunsHistoryLimit() {
    return successfulRunsHistoryLimit;
  }

  public void setSuccessfulRunsHistoryLimit(Integer successfulRunsHistoryLimit) {
    this.successfulRunsHistoryLimit = successfulRunsHistoryLimit;
  }

  public Integer getFailedRunsHistoryLimit() {
    return failedRunsHistoryLimit;
  }

  public void setFailedRunsHistoryLimit(Integer failedRunsHistoryLimit) {
    this.failedRunsHistoryLimit = failedRunsHistoryLimit;
  }

  public Integer getStartTimeoutSeconds() {
    return startTimeoutSeconds;
  }

  public void setStartTimeoutSeconds(Integer startTimeoutSeconds) {
    this.startTimeoutSeconds = startTimeoutSeconds;
  }

  public SuccessDeadline getSuccessDeadline() {
    return successDeadline;
  }

  public void setSuccessDeadline(SuccessDeadline successDeadline) {
    this.successDeadline = successDeadline;
  }
}
