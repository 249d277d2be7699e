package cloud.sirocco.orca.run;

import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.schedule.Schedule;
import java.time.Instant;
import java.util.Optional;

/**
 * One fire of an Ignitor, as Tasks consume it: the Ignitor object (its uid: one deleted and applied again is
 * another), the spec generation it fired in and its scheduled time. A one-shot Ignitor whose spec changed fires
 * again at its same time in a new generation: a new fire, which starts each Task once more.
 */
public record IgnitorFire(String uid, Long generation, String time) {

  /** The latest fire in the Ignitor's status, if it ever fired. */
  public static Optional<IgnitorFire> latest(Ignitor ignitor) {
    var status = ignitor.getStatus();
    if (status == null || status.getLastFireTime() == null) {
      return Optional.empty();
    }
    return Optional.of(new IgnitorFire(ignitor.getMetadata().getUid(), status.getLastFireGeneration(),
        status.getLastFireTime()));
  }

  /**
   * Whether this fire of {@code ignitor} reaches {@code task}. A one-shot fire reaches every Task that names the
   * Ignitor, also one created after it fired: so a file listing the Ignitor before its Tasks always runs. A cron fire
   * reaches the Tasks that existed at its time.
   */
  public boolean reaches(Task task, Ignitor ignitor) {
    return oneShot(ignitor) || !Instant.parse(time).isBefore(Instant.parse(task.getMetadata().getCreationTimestamp()));
  }

  private static boolean oneShot(Ignitor ignitor) {
    try {
      return Schedule.parse(ignitor.getSpec().getScheduled(), Schedule.zone(ignitor.getSpec().getTimeZone()))
          .oneShot();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** How a Task records the fire once consumed, and what tells its run apart: {@code <uid>/<generation>/<time>}. */
  public String id() {
    return uid + "/" + generation + "/" + time;
  }

  /**
   * Whether a Task's record of a consumed fire is this fire. A record of the time alone, as Tasks kept before
   * records held the uid and generation, is taken for the fire at that time: an old fire is never run again.
   */
  public boolean recordedAs(String recorded) {
    return id().equals(recorded) || time.equals(recorded);
  }
}
