package cloud.sirocco.orca.cli.schedule;

import cloud.sirocco.orca.cli.graph.NodeText;
import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.IgnitorStatus;
import cloud.sirocco.orca.schedule.InvalidScheduleException;
import cloud.sirocco.orca.schedule.Periods;
import cloud.sirocco.orca.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An Ignitor's next fires: those the operator lists in {@code status.nextFires} when it writes them, else computed
 * here from {@code spec.scheduled} with the schedule rules the operator uses.
 */
public final class NextFires {

  private NextFires() {}

  /**
   * @param listed {@code status.nextFires} as stored, if the operator writes it: objects with the {@code time} (UTC)
   *     and the {@code local} time in the Ignitor's zone
   */
  public static String render(Ignitor ignitor, Optional<List<?>> listed, int count, Instant now) {
    StringBuilder out = new StringBuilder("Ignitor ").append(ignitor.getMetadata().getName()).append(" in namespace ")
        .append(ignitor.getMetadata().getNamespace()).append(": ").append(NodeText.ignitor(ignitor)).append('\n');
    if (Boolean.TRUE.equals(ignitor.getSpec().getSuspend())) {
      return out.append("It is suspended: it does not fire until spec.suspend is false, and times passed meanwhile "
          + "are not caught up.\n").toString();
    }
    if (listed.isPresent()) {
      out.append("Next fires (from the operator, status.nextFires):\n");
      listed.get().stream().filter(Map.class::isInstance).map(Map.class::cast).filter(fire -> fire.get("time") != null)
          .limit(count).forEach(fire -> out.append(line(Instant.parse(fire.get("time").toString()), now,
              fire.get("local") == null ? "" : "  (" + fire.get("local") + " in its time zone)")));
      return out.toString();
    }
    Schedule schedule;
    try {
      schedule = Schedule.parse(ignitor.getSpec().getScheduled(), Schedule.zone(ignitor.getSpec().getTimeZone()));
    } catch (InvalidScheduleException e) {
      return out.append("Its schedule is invalid, so it never fires: ").append(e.getMessage()).append('\n')
          .toString();
    }
    if (schedule.oneShot() && firedInThisGeneration(ignitor)) {
      return out.append("It fired at ").append(ignitor.getStatus().getLastFireTime())
          .append(" and fires again only when its spec changes (or it is created again).\n").toString();
    }
    List<Instant> times = new ArrayList<>();
    for (Optional<Instant> next = schedule.nextAfter(now); next.isPresent() && times.size() < count;
        next = schedule.nextAfter(next.get())) {
      times.add(next.get());
    }
    if (times.isEmpty()) {
      return out.append(schedule instanceof Schedule.Now ? "It fires as soon as the operator sees it.\n"
          : "Its time has passed: it fires when the operator sees it, unless startingDeadlineSeconds has passed "
              + "too.\n").toString();
    }
    out.append("Next fires:\n");
    times.forEach(time -> out.append(line(time, now, "")));
    return out.toString();
  }

  private static boolean firedInThisGeneration(Ignitor ignitor) {
    IgnitorStatus status = ignitor.getStatus();
    return status != null && status.getLastFireTime() != null && status.getLastFireGeneration() != null
        && status.getLastFireGeneration().equals(ignitor.getMetadata().getGeneration());
  }

  private static String line(Instant time, Instant now, String local) {
    return "  " + time + "  in " + Periods.format(Duration.between(now, time)) + local + "\n";
  }
}
