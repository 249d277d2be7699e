package cloud.sirocco.orca.run;

import cloud.sirocco.orca.graph.TriggerKind;
import java.time.Instant;

/**
 * Why a run starts: an Ignitor fired, or an upstream run succeeded or failed.
 *
 * @param kind which trigger list named the initiator
 * @param initiator the Ignitor's or upstream Task's name: the run's {@code ORCA_INITIATOR}
 * @param cause identifies this one trigger event (an Ignitor fire, an upstream pod); the run's pod name derives
 *     from it, so the same event can never start the same Task twice
 * @param data the run's {@code ORCA_DATA}: the Ignitor's data or the upstream termination message
 * @param time when the trigger happened (the fire's scheduled time, the upstream run's end), from which the time to
 *     the run's pod is measured; null when the upstream run's end is not known
 */
public record Trigger(TriggerKind kind, String initiator, String cause, String data, Instant time) {

  public static Trigger ignition(String ignitor, IgnitorFire fire, String data) {
    return new Trigger(TriggerKind.IGNITION, ignitor, "ignitor/" + fire.id(), data, Instant.parse(fire.time()));
  }

  public static Trigger afterRun(TriggerKind kind, String upstreamTask, String upstreamPod, String message,
      Instant finished) {
    return new Trigger(kind, upstreamTask, "run/" + upstreamPod, message, finished);
  }

  /** A phrase for Events: "success of task1", "fire of ignitor1". */
  public String describe() {
    return (kind == TriggerKind.IGNITION ? "fire" : kind.label().toLowerCase()) + " of " + initiator;
  }
}
