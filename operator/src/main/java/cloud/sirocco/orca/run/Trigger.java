package cloud.sirocco.orca.run;

import cloud.sirocco.orca.graph.TriggerKind;
import cloud.sirocco.orca.names.RunNames;

/**
 * Why a run starts: an Ignitor fired, or an upstream run succeeded or failed.
 *
 * @param kind which trigger list named the initiator
 * @param initiator the Ignitor's or upstream Task's name: the run's {@code ORCA_INITIATOR}
 * @param cause identifies this one trigger event (an Ignitor fire, an upstream pod); the run's pod name derives
 *     from it, so the same event can never start the same Task twice
 * @param data the run's {@code ORCA_DATA}: the Ignitor's data or the upstream termination message
 * @param workflowRun the workflow run the run belongs to: begun by an Ignitor fire, inherited from the upstream run
 */
public record Trigger(TriggerKind kind, String initiator, String cause, String data, String workflowRun) {

  /** A fire begins a workflow run, whose id derives from the fire as the run's pod name does. */
  public static Trigger ignition(String ignitor, IgnitorFire fire, String data) {
    String cause = "ignitor/" + fire.id();
    return new Trigger(TriggerKind.IGNITION, ignitor, cause, data, RunNames.workflowRun(ignitor, cause));
  }

  /** A run started by an upstream run belongs to the upstream's workflow run. */
  public static Trigger afterRun(TriggerKind kind, String upstreamTask, String upstreamPod, String workflowRun,
      String message) {
    return new Trigger(kind, upstreamTask, "run/" + upstreamPod, message, workflowRun);
  }

  /** A phrase for Events: "success of task1 (workflow run nightly-0a1b2c3d4e)". */
  public String describe() {
    return (kind == TriggerKind.IGNITION ? "fire" : kind.label().toLowerCase()) + " of " + initiator
        + " (workflow run " + workflowRun + ")";
  }
}
