package cloud.sirocco.orca.names;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Names and labels of run pods. A run's pod name is derived from the Task object (its uid) and the trigger that
 * started it, so that a repeated reconcile, a resync or a restarted operator finds the pod instead of creating a
 * second one, and a Task created again under the same name never meets the old Task's pods' names.
 */
public final class RunNames {

  public static final String PREFIX = "orca.sirocco.cloud/";
  public static final String TASK_LABEL = PREFIX + "task";
  public static final String INITIATOR_LABEL = PREFIX + "initiator";
  public static final String TRIGGER_LABEL = PREFIX + "trigger";
  /**
   * The workflow run a run belongs to: one execution of the workflow, from the Ignitor fire that started it through
   * every run started downstream of it. {@code kubectl get pods -l orca.sirocco.cloud/workflow-run=<id>} lists it.
   */
  public static final String WORKFLOW_RUN_LABEL = PREFIX + "workflow-run";
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "orca";
  /** The upstream run (pod) or Ignitor fire that started this run. */
  public static final String CAUSE_ANNOTATION = PREFIX + "cause";
  /** Set once the run's outcome is in the Task's status and its downstream Tasks are started. */
  public static final String HANDLED_ANNOTATION = PREFIX + "handled";
  /**
   * The downstream Tasks a finished run has started so far, comma-separated, while others still wait (a retry's
   * backoff, or a start that met a transient error): each is started once, even if its run is gone by then.
   */
  public static final String STARTED_ANNOTATION = PREFIX + "started";
  /** Set once the run's actions have all reached a final outcome. */
  public static final String ACTIONS_ANNOTATION = PREFIX + "actions";
  /** Set on a run stopped by a newer one under concurrencyPolicy Replace. */
  public static final String REPLACED_BY_ANNOTATION = PREFIX + "replaced-by";
  /** How often a failed container of this run may be restarted (restartPolicy OnFailure): the Task's retryLimit. */
  public static final String RESTART_LIMIT_ANNOTATION = PREFIX + "restart-limit";
  /** Keeps a run pod until its outcome is handled, so a deleted pod still counts as a failed run. */
  public static final String FINALIZER = PREFIX + "run-outcome";
  /**
   * Held by every Task the operator has seen, so that its deletion waits until its run pods are let go. The name is
   * the one the operator's framework gave it before Orca managed it itself: Tasks from then are let go the same way.
   */
  public static final String TASK_FINALIZER = "tasks.sirocco.cloud/finalizer";

  private static final int HASH_LENGTH = 10;
  private static final int MAX_POD_NAME = 63;
  /** The longest Task name whose run pod names fit the 63 characters of a pod's hostname. */
  public static final int MAX_TASK_NAME = MAX_POD_NAME - HASH_LENGTH - 1;

  private RunNames() {}

  /** The value of one of these annotations on {@code object}, or null when it has none. */
  public static String annotation(HasMetadata object, String key) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  /**
   * The pod name of the run of the Task named {@code task}, of uid {@code taskUid}, started by {@code cause} (e.g.
   * an upstream pod's name).
   */
  public static String podName(String task, String taskUid, String cause) {
    return task + "-" + hash(task + "\n" + taskUid + "\n" + cause);
  }

  /**
   * The id of the workflow run that {@code cause} (e.g. an Ignitor fire) begins: the origin's name (e.g. the
   * Ignitor's), cut to fit, and a hash of the cause. Derived, never stored first, so a restarted operator derives the
   * same id for the same fire; a valid label value (at most 63 characters, alphanumeric at both ends).
   */
  public static String workflowRun(String origin, String cause) {
    String prefix = origin.length() > MAX_TASK_NAME ? origin.substring(0, MAX_TASK_NAME) : origin;
    return prefix + "-" + hash(origin + "\n" + cause);
  }

  /**
   * The workflow run of a run pod. A run started before runs carried their workflow run begins one of its own, named
   * after its pod, so the runs it starts still share one.
   */
  public static String workflowRunOf(HasMetadata run) {
    Map<String, String> labels = run.getMetadata().getLabels();
    String id = labels == null ? null : labels.get(WORKFLOW_RUN_LABEL);
    return id != null ? id : run.getMetadata().getName();
  }

  private static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
