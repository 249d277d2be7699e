package cloud.sirocco.orca.plugin.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything an action may know about the run it reacts to. Immutable; built by Orca.
 *
 * <p>{@link #config()} holds the action's plain configuration from the Task; {@link #secrets()} holds values read
 * from a Secret the Task references. Secrets must never be logged or echoed in a result message.
 */
public final class ActionContext {

  private final String namespace;
  private final String task;
  private final String runId;
  private final String actionName;
  private final RunOutcome outcome;
  private final Integer exitCode;
  private final String reason;
  private final String terminationMessage;
  private final Instant startedAt;
  private final Instant finishedAt;
  private final String initiator;
  private final String workflowRun;
  private final String logTail;
  private final Map<String, String> config;
  private final Map<String, String> secrets;
  private final int attempt;
  private final Incident incident;

  private ActionContext(Builder b) {
    this.namespace = Objects.requireNonNull(b.namespace, "namespace");
    this.task = Objects.requireNonNull(b.task, "task");
    this.runId = Objects.requireNonNull(b.runId, "runId");
    this.actionName = Objects.requireNonNull(b.actionName, "actionName");
    this.outcome = Objects.requireNonNull(b.outcome, "outcome");
    this.exitCode = b.exitCode;
    this.reason = b.reason == null ? "" : b.reason;
    this.terminationMessage = b.terminationMessage == null ? "" : b.terminationMessage;
    this.startedAt = b.startedAt;
    this.finishedAt = b.finishedAt;
    this.initiator = b.initiator == null ? "" : b.initiator;
    this.workflowRun = b.workflowRun == null ? "" : b.workflowRun;
    this.logTail = b.logTail == null ? "" : b.logTail;
    this.config = Map.copyOf(b.config);
    this.secrets = Map.copyOf(b.secrets);
    this.attempt = b.attempt;
    this.incident = b.incident;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .namespace(namespace).task(task).runId(runId).actionName(actionName).outcome(outcome)
        .exitCode(exitCode).reason(reason).terminationMessage(terminationMessage)
        .startedAt(startedAt).finishedAt(finishedAt).initiator(initiator).workflowRun(workflowRun)
        .logTail(logTail)
        .config(config).secrets(secrets).attempt(attempt).incident(incident);
  }

  /** The Task's namespace. */
  public String namespace() {
    return namespace;
  }

  /** The Task's name. */
  public String task() {
    return task;
  }

  /** The run's identity: the name of the pod that ran it, unique within the namespace. */
  public String runId() {
    return runId;
  }

  /** The action's name as the Task wrote it (an entry of {@code successActions}/{@code failureActions}). */
  public String actionName() {
    return actionName;
  }

  /** The same on every attempt for this run and action, so that a receiver can drop repeats. */
  public String idempotencyKey() {
    return namespace + "/" + runId + "/" + actionName;
  }

  public RunOutcome outcome() {
    return outcome;
  }

  /** The exit code of the container that decided the outcome, if it ran to an exit. */
  public Optional<Integer> exitCode() {
    return Optional.ofNullable(exitCode);
  }

  /** Why the run ended as it did, e.g. {@code Completed}, {@code Error}, {@code OOMKilled}, {@code DeadlineExceeded}. */
  public String reason() {
    return reason;
  }

  /** The container's termination message ({@code /dev/termination-log}); empty when it wrote none. */
  public String terminationMessage() {
    return terminationMessage;
  }

  public Optional<Instant> startedAt() {
    return Optional.ofNullable(startedAt);
  }

  public Optional<Instant> finishedAt() {
    return Optional.ofNullable(finishedAt);
  }

  /** What started the run: an Ignitor's or an upstream Task's name. */
  public String initiator() {
    return initiator;
  }

  /**
   * The workflow run the run belongs to: one execution of the workflow, from the Ignitor fire that started it
   * through every run downstream of it. Its pods carry it as the label {@code orca.sirocco.cloud/workflow-run}.
   * Empty for a success deadline's notice, which belongs to no run.
   */
  public String workflowRun() {
    return workflowRun;
  }

  /** For a failed run, the last lines of the failed container's log (bounded); empty otherwise. */
  public String logTail() {
    return logTail;
  }

  /** The action's plain configuration from the Task. */
  public Map<String, String> config() {
    return config;
  }

  /** Values from the Secret the action references; never log them. */
  public Map<String, String> secrets() {
    return secrets;
  }

  /** A configuration value, looked up in the secrets first and then in the plain configuration. */
  public Optional<String> setting(String key) {
    String secret = secrets.get(key);
    return Optional.ofNullable(secret != null ? secret : config.get(key));
  }

  /** 1 for the first attempt, counting up on each retry. */
  public int attempt() {
    return attempt;
  }

  /**
   * The incident this run opened (its first failure) or ended (the success after it); empty for any other run,
   * repeated failures included.
   */
  public Optional<Incident> incident() {
    return Optional.ofNullable(incident);
  }

  /** Whether this run is the success that ends an incident: a recovery notice. */
  public boolean recovered() {
    return incident != null && incident.recovered();
  }

  @Override
  public String toString() {
    // Secrets stay out of logs: only their keys are shown.
    return "ActionContext{" + namespace + "/" + task + " run=" + runId + " workflowRun=" + workflowRun
        + " action=" + actionName + " outcome=" + outcome + (incident == null ? "" : " incident=" + incident)
        + " exitCode=" + exitCode + " reason=" + reason + " attempt=" + attempt
        + " config=" + config + " secretKeys=" + secrets.keySet() + "}";
  }

  /** Builds an {@link ActionContext}. */
  public static final class Builder {
    private String namespace;
    private String task;
    private String runId;
    private String actionName;
    private RunOutcome outcome;
    private Integer exitCode;
    private String reason;
    private String terminationMessage;
    private Instant startedAt;
    private Instant finishedAt;
    private String initiator;
    private String workflowRun;
    private String logTail;
    private Map<String, String> config = Map.of();
    private Map<String, String> secrets = Map.of();
    private int attempt = 1;
    private Incident incident;

    private Builder() {}

    public Builder namespace(String namespace) { this.namespace = namespace; return this; }
    public Builder task(String task) { this.task = task; return this; }
    public Builder runId(String runId) { this.runId = runId; return this; }
    public Builder actionName(String actionName) { this.actionName = actionName; return this; }
    public Builder outcome(RunOutcome outcome) { this.outcome = outcome; return this; }
    public Builder exitCode(Integer exitCode) { this.exitCode = exitCode; return this; }
    public Builder reason(String reason) { this.reason = reason; return this; }
    public Builder terminationMessage(String message) { this.terminationMessage = message; return this; }
    public Builder startedAt(Instant startedAt) { this.startedAt = startedAt; return this; }
    public Builder finishedAt(Instant finishedAt) { this.finishedAt = finishedAt; return this; }
    public Builder initiator(String initiator) { this.initiator = initiator; return this; }
    public Builder workflowRun(String workflowRun) { this.workflowRun = workflowRun; return this; }
    public Builder logTail(String logTail) { this.logTail = logTail; return this; }
    public Builder config(Map<String, String> config) { this.config = config == null ? Map.of() : config; return this; }
    public Builder secrets(Map<String, String> secrets) { this.secrets = secrets == null ? Map.of() : secrets; return this; }
    public Builder attempt(int attempt) { this.attempt = attempt; return this; }
    public Builder incident(Incident incident) { this.incident = incident; return this; }

    public ActionContext build() {
      return new ActionContext(this);
    }
  }
}
