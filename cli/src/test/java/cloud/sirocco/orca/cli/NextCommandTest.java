package cloud.sirocco.orca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.IgnitorStatus;
import cloud.sirocco.orca.model.NextFire;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class NextCommandTest {

  static KubernetesClient client;

  @Test
  void computesTheNextCronFiresInTheIgnitorsZone() {
    Ignitor ignitor = Workflows.ignitor("morning", "30 7 * * 1-5");
    ignitor.getSpec().setTimeZone("Europe/Rome");
    client.resource(ignitor).create();

    Cli.Result result = Cli.run(client, "next", "morning", "-n", Workflows.NAMESPACE, "--count", "3");

    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("""
        Ignitor morning in namespace team-a: cron "30 7 * * 1-5" Europe/Rome, never fired
        Next fires:
          2026-12-04T06:30:00Z  in 20h30m0s  (2026-12-04T07:30:00+01:00 in its time zone)
          2026-12-07T06:30:00Z  in 92h30m0s  (2026-12-07T07:30:00+01:00 in its time zone)
          2026-12-08T06:30:00Z  in 116h30m0s  (2026-12-08T07:30:00+01:00 in its time zone)
        """, result.out());
  }

  @Test
  void prefersTheFiresTheOperatorPreviewsWhenTheyAreAsManyAsAskedFor() {
    Ignitor ignitor = Workflows.ignitor("listed", "0 * * * *");
    ignitor.setStatus(new IgnitorStatus());
    ignitor.getStatus().setNextFires(List.of(new NextFire("2026-12-03T11:00:00Z", "2026-12-03T12:00:00+01:00"),
        new NextFire("2026-12-03T12:00:00Z", "2026-12-03T13:00:00+01:00")));
    client.resource(ignitor).create();

    Cli.Result result = Cli.run(client, "next", "listed", "-n", Workflows.NAMESPACE, "-c", "2");

    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("""
        Ignitor listed in namespace team-a: cron "0 * * * *" UTC, never fired
        Next fires (from the operator, status.nextFires):
          2026-12-03T11:00:00Z  in 1h0m0s  (2026-12-03T12:00:00+01:00 in its time zone)
          2026-12-03T12:00:00Z  in 2h0m0s  (2026-12-03T13:00:00+01:00 in its time zone)
        """, result.out());
  }

  @Test
  void computesMoreFiresThanTheOperatorPreviews() {
    Ignitor ignitor = Workflows.ignitor("hourly", "0 * * * *");
    ignitor.setStatus(new IgnitorStatus());
    ignitor.getStatus().setNextFires(List.of(new NextFire("2026-12-03T11:00:00Z", "2026-12-03T11:00:00Z")));
    client.resource(ignitor).create();

    Cli.Result result = Cli.run(client, "next", "hourly", "-n", Workflows.NAMESPACE, "-c", "4");

    assertEquals(List.of("  2026-12-03T11:00:00Z", "  2026-12-03T12:00:00Z", "  2026-12-03T13:00:00Z",
        "  2026-12-03T14:00:00Z"), result.out().lines().skip(2).map(line -> line.substring(0, 22)).toList());
  }

  @Test
  void saysAOneShotIgnitorThatFiredDoesNotFireAgain() {
    Ignitor ignitor = Workflows.ignitor("once", "NOW");
    ignitor.setStatus(new IgnitorStatus());
    ignitor.getStatus().setLastFireTime("2026-12-03T09:00:00Z");
    ignitor.getStatus().setLastFireGeneration(1L);
    ignitor.getStatus().setFireCount(1);
    client.resource(ignitor).create();

    Cli.Result result = Cli.run(client, "next", "once", "-n", Workflows.NAMESPACE);

    assertEquals("""
        Ignitor once in namespace team-a: NOW, fired once, last 2026-12-03T09:00:00Z
        It fired at 2026-12-03T09:00:00Z and fires again only when its spec changes (or it is created again).
        """, result.out());
  }
}
