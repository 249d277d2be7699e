package cloud.sirocco.orca.run;

import cloud.sirocco.orca.graph.TriggerKind;

/**
 * Why a run starts: an Ignitor fired, or an upstream run succeeded or failed.
 *
 * @param kind which trigger list named the initiator
 * @param initiator the Ignitor's or upstream Task's name: the run's {@code ORCA_INITIATOR}
 * @param cause identifies this one trigger event (an Ignitor fire, an upstream pod); the run's pod name derives
 *     from it, so the same event can never start the same Task twice
 * @param data the run's {@code ORCA_DATA}: the Ignitor's data or the upstream termination message
 */
public record Trigger(TriggerKind kind, String initiator, String cause, String data) {

  public static Trigger ignition(String ignitor, IgnitorFire fire, String data) {
    return new Trigger(TriggerKind.IGNITION, ignitor, "ignitor/" + fire.id(), data);
  }

  public static Trigger afterRun(TriggerKind kind, String upstreamTask, String upstreamPod, String message) {
    return new Trigger(kind, upstreamTask, "run/" + upstreamPod, message);
  }

  /** A phrase for Events: "success of task1", "fire of ignitor1". */
  public String describe() {
    return (kind == TriggerKind.IGNITION ? "fire" : kind.label().toLowerCase()) + " of " + initiator;
  }
}
