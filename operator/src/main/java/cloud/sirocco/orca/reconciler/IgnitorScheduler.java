package cloud.sirocco.orca.reconciler;

import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.IgnitorStatus;
import cloud.sirocco.orca.model.NextFire;
import cloud.sirocco.orca.schedule.Schedule;
import cloud.sirocco.orca.status.Conditions;
import cloud.sirocco.orca.status.Times;
import cloud.sirocco.orca.validation.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether an Ignitor fires now. A fire is recorded in the Ignitor's status (its scheduled time and spec
 * generation), and Tasks start from that record, so a fire survives an operator restart and happens once. A
 * one-shot Ignitor fires once per generation, at the same time again if its spec changed and its time did not.
 * Missed cron times are caught up once (the latest), within {@code startingDeadlineSeconds} when it is set, as
 * CronJob does.
 */
public final class IgnitorScheduler {

  /** What a pass decided: the new status, whether it fired (and the fire's time), what was missed. */
  public record Decision(IgnitorStatus status, Optional<Instant> fired, Optional<Instant> missed,
      Optional<Instant> revisit) {}

  private IgnitorScheduler() {}

  public static Decision decide(Ignitor ignitor, Verdict verdict, Instant now) {
    IgnitorStatus status = ignitor.getStatus() == null ? new IgnitorStatus() : Copies.deepCopy(ignitor.getStatus());
    Long generation = ignitor.getMetadata().getGeneration();
    status.setObservedGeneration(generation);
    if (!verdict.allowed()) {
      clearPreview(status);
      Conditions.set(status.getConditions(), "Ready", false, "InvalidSchedule",
          "The Ignitor does not fire until this is fixed: " + verdict.errors().get(0), generation, now);
      return new Decision(status, Optional.empty(), Optional.empty(), Optional.empty());
    }
    var spec = ignitor.getSpec();
    ZoneId zone = Schedule.zone(spec.getTimeZone());
    Schedule schedule = Schedule.parse(spec.getScheduled(), zone);
    if (Boolean.TRUE.equals(spec.getSuspend())) {
      // Times passed while suspended are not caught up: the schedule resumes from now.
      status.setLastScheduleTime(Times.rfc3339(now));
      clearPreview(status);
      Conditions.set(status.getConditions(), "Ready", false, "Suspended", "spec.suspend is true", generation, now);
      return new Decision(status, Optional.empty(), Optional.empty(), Optional.empty());
    }
    boolean resuming = status.getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "Suspended".equals(c.getReason()));
    if (resuming) {
      status.setLastScheduleTime(Times.rfc3339(now));
    }
    Conditions.set(status.getConditions(), "Ready", true, "Scheduled", "Fires on " + spec.getScheduled(),
        generation, now);

    Optional<Instant> due;
    if (schedule.oneShot()) {
      due = consideredIn(status, generation) ? Optional.empty() : schedule.latestDue(Instant.EPOCH, now);
    } else {
      Instant after = latest(parse(status.getLastScheduleTime()), parse(ignitor.getMetadata().getCreationTimestamp()));
      due = schedule.latestDue(after, now);
    }
    Optional<Instant> fired = Optional.empty();
    Optional<Instant> missed = Optional.empty();
    if (due.isPresent()) {
      Instant time = due.get();
      Long deadline = spec.getStartingDeadlineSeconds();
      boolean tooLate = deadline != null && Duration.between(time, now).getSeconds() > deadline;
      status.setLastScheduleTime(fireTime(schedule, time));
      status.setLastScheduleGeneration(generation);
      if (tooLate) {
        missed = due;
      } else {
        status.setLastFireTime(fireTime(schedule, time));
        status.setLastFireGeneration(generation);
        status.setFireCount((status.getFireCount() == null ? 0 : status.getFireCount()) + 1);
        fired = due;
      }
    }
    List<Instant> upcoming = schedule.oneShot() && consideredIn(status, generation) ? List.of()
        : schedule.nextFires(now, Schedule.PREVIEWED_FIRES);
    preview(status, upcoming, zone);
    return new Decision(status, fired, missed, upcoming.stream().findFirst());
  }

  /** Shows what comes next: the soonest time in nextFireTime, the first few in nextFires. */
  private static void preview(IgnitorStatus status, List<Instant> upcoming, ZoneId zone) {
    if (upcoming.isEmpty()) {
      clearPreview(status);
      return;
    }
    status.setNextFireTime(Times.rfc3339(upcoming.get(0)));
    status.setNextFires(upcoming.stream().map(t -> NextFire.of(t, zone)).toList());
  }

  private static void clearPreview(IgnitorStatus status) {
    status.setNextFireTime(null);
    status.setNextFires(null);
  }

  /** Whether a one-shot Ignitor's time, fired or missed, was considered in {@code generation}. */
  private static boolean consideredIn(IgnitorStatus status, Long generation) {
    // A status written before lastScheduleGeneration existed kept this generation in lastFireGeneration.
    Long considered = status.getLastScheduleGeneration() != null ? status.getLastScheduleGeneration()
        : status.getLastFireGeneration();
    return generation != null && generation.equals(considered);
  }

  /** NOW fires are told apart to the millisecond (two generations may fire within one second). */
  private static String fireTime(Schedule schedule, Instant time) {
    return schedule instanceof Schedule.Now ? time.truncatedTo(ChronoUnit.MILLIS).toString()
        : Times.rfc3339(time);
  }

  private static Instant parse(String time) {
    return time == null ? null : Instant.parse(time);
  }

  private static Instant latest(Instant a, Instant b) {
    if (a == null) {
      return b == null ? Instant.EPOCH : b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
