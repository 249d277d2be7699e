package cloud.sirocco.orca.cli.schedule;

import cloud.sirocco.orca.cli.graph.NodeText;
import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.IgnitorStatus;
import cloud.sirocco.orca.model.NextFire;
import cloud.sirocco.orca.schedule.InvalidScheduleException;
import cloud.sirocco.orca.schedule.Periods;
import cloud.sirocco.orca.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * An Ignitor's next fires: those the operator previews in {@code status.nextFires} when they are as many as asked
 * for, else computed here by the same arithmetic (the model's {@link Schedule}).
 */
public final class NextFires {

  private NextFires() {}

  public static String render(Ignitor ignitor, int count, Instant now) {
    StringBuilder out = new StringBuilder("Ignitor ").append(ignitor.getMetadata().getName()).append(" in namespace ")
        .append(ignitor.getMetadata().getNamespace()).append(": ").append(NodeText.ignitor(ignitor)).append('\n');
    if (Boolean.TRUE.equals(ignitor.getSpec().getSuspend())) {
      return out.append("It is suspended: it does not fire until spec.suspend is false, and times passed meanwhile "
          + "are not caught up.\n").toString();
    }
    List<NextFire> previewed = ignitor.getStatus() == null || ignitor.getStatus().getNextFires() == null ? List.of()
        : ignitor.getStatus().getNextFires();
    if (previewed.size() >= count) {
      out.append("Next fires (from the operator, status.nextFires):\n");
      previewed.stream().limit(count).forEach(fire -> out.append(line(fire, now)));
      return out.toString();
    }
    ZoneId zone = Schedule.zone(ignitor.getSpec().getTimeZone());
    Schedule schedule;
    try {
      schedule = Schedule.parse(ignitor.getSpec().getScheduled(), zone);
    } catch (InvalidScheduleException e) {
      return out.append("Its schedule is invalid, so it never fires: ").append(e.getMessage()).append('\n')
          .toString();
    }
    if (schedule.oneShot() && firedInThisGeneration(ignitor)) {
      return out.append("It fired at ").append(ignitor.getStatus().getLastFireTime())
          .append(" and fires again only when its spec changes (or it is created again).\n").toString();
    }
    List<Instant> times = schedule.nextFires(now, count);
    if (times.isEmpty()) {
      return out.append(schedule instanceof Schedule.Now ? "It fires as soon as the operator sees it.\n"
          : "Its time has passed: it fires when the operator sees it, unless startingDeadlineSeconds has passed "
              + "too.\n").toString();
    }
    out.append("Next fires:\n");
    times.forEach(time -> out.append(line(NextFire.of(time, zone), now)));
    return out.toString();
  }

  private static boolean firedInThisGeneration(Ignitor ignitor) {
    IgnitorStatus status = ignitor.getStatus();
    return status != null && status.getLastFireTime() != null && status.getLastFireGeneration() != null
        && status.getLastFireGeneration().equals(ignitor.getMetadata().getGeneration());
  }

  private static String line(NextFire fire, Instant now) {
    Instant time = Instant.parse(fire.getTime());
    return "  " + time + "  in " + Periods.format(Duration.between(now, time)) + "  (" + fire.getLocal()
        + " in its time zone)\n";
  }
}
