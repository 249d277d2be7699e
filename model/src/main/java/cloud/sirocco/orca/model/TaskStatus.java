package cloud.sirocco.orca.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a Task has done, for people ({@code kubectl get tasks}) and for the operator's catch-up after a restart. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskStatus {

  @JsonPropertyDescription("Pending (never ran or waiting), Running, Succeeded or Failed (the latest run).")
  private String state;

  @JsonPropertyDescription("When the latest successful run finished (RFC 3339, UTC).")
  private String lastSuccess;

  @JsonPropertyDescription("When the latest failed run finished (RFC 3339, UTC).")
  private String lastFailure;

  @JsonPropertyDescription("Consecutive failed runs; a success resets it.")
  private Integer failuresCount;

  @JsonPropertyDescription("When the latest run started.")
  private String startTime;

  @JsonPropertyDescription("How long the latest finished run took, e.g. 31s or 1m5s.")
  private String duration;

  private Long observedGeneration;

  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The latest runs, newest first (bounded).")
  private List<RunRecord> runs = new ArrayList<>();

  @JsonPropertyDescription("Runs whose pods the API server refused, until each is handled as a failed run.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<RejectedRun> rejectedRuns = new ArrayList<>();

  @JsonPropertyDescription("Per Ignitor, the fire this Task has consumed, as <Ignitor uid>/<generation>/<fire time>:"
      + " each fire starts the Task once.")
  private Map<String, String> ignitions = new LinkedHashMap<>();

  @JsonPropertyDescription("The joins of startOnAllSucceeded, one per workflow run in which one of those Tasks has a"
      + " run: Waiting, Started or Closed. Kept while an upstream Task's status.runs still names the workflow run.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<JoinRecord> joins = new ArrayList<>();

  @JsonPropertyDescription("The latest incident (consecutive failed runs): since when, how many failures, and the runs"
      + " that opened and ended it; what OnChange actions notify.")
  private Incident incident;

  @JsonPropertyDescription("The latest overdue episode of the success deadline: since when, and the run that ended it.")
  private Overdue overdue;

  @JsonPropertyDescription("The latest overdue episode of the success deadline within the workflow run, one per"
      + " Ignitor upstream of the Task: the workflow run, since when, and the run that ended it.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<Overdue> overdueWorkflowRuns = new ArrayList<>();

  @JsonPropertyDescription("For each Ignitor upstream of the Task, the workflow run of its latest fire whose success"
      + " deadline (withinWorkflowRun) has been judged: met, or an overdue episode opened. Judged once.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private Map<String, String> judgedWorkflowRuns = new LinkedHashMap<>();

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }

  public String getLastSuccess() {
    return lastSuccess;
  }

  public void setLastSuccess(String lastSuccess) {
    this.lastSuccess = lastSuccess;
  }

  public String getLastFailure() {
    return lastFailure;
  }

  public void setLastFailure(String lastFailure) {
    this.lastFailure = lastFailure;
  }

  public Integer getFailuresCount() {
    return failuresCount;
  }

  public void setFailuresCount(Integer failuresCount) {
    this.failuresCount = failuresCount;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public String getDuration() {
    return duration;
  }

  public void setDuration(String duration) {
    this.duration = duration;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public List<RunRecord> getRuns() {
    return runs;
  }

  public void setRuns(List<RunRecord> runs) {
    this.runs = runs;
  }

  public Map<String, String> getIgnitions() {
    return ignitions;
  }

  public void setIgnitions(Map<String, String> ignitions) {
    this.ignitions = ignitions;
  }

  public List<RejectedRun> getRejectedRuns() {
    return rejectedRuns;
  }

  public void setRejectedRuns(List<RejectedRun> rejectedRuns) {
    this.rejectedRuns = rejectedRuns;
  }

  public List<JoinRecord> getJoins() {
    return joins;
  }

  public void setJoins(List<JoinRecord> joins) {
    this.joins = joins;
  }

  public Incident getIncident() {
    return incident;
  }

  public void setIncident(Incident incident) {
    this.incident = incident;
  }

  public List<Overdue> getOverdueWorkflowRuns() {
    return overdueWorkflowRuns;
  }

  public void setOverdueWorkflowRuns(List<Overdue> overdueWorkflowRuns) {
    this.overdueWorkflowRuns = overdueWorkflowRuns;
  }

  public Map<String, String> getJudgedWorkflowRuns() {
    return judgedWorkflowRuns;
  }

  public void setJudgedWorkflowRuns(Map<String, String> judgedWorkflowRuns) {
    this.judgedWorkflowRuns = judgedWorkflowRuns;
  }

  public Overdue getOverdue() {
    return overdue;
  }

  public void setOverdue(Overdue overdue) {
    this.overdue = overdue;
  }
}
