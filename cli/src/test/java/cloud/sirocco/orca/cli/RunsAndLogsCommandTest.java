package cloud.sirocco.orca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RunsAndLogsCommandTest extends SampleWorkflowTest {

  @Test
  void listsRunsNewestFirstWithDataHandedAndWrittenAndActions() {
    Cli.Result result = Cli.run(client, "runs", "report", "-n", Workflows.NAMESPACE);

    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("""
        Task report in namespace team-a: 2 runs (newest first)

        report-9f8e7d6c5b  Failed
          started  2026-12-03T02:03:10Z by the failure of report, took 4s
          ended    2026-12-03T02:03:14Z, Error, exit code 1
          workflow run nightly-0f9e8d7c6b
          handed   (not known: the run has no pod any more)
          wrote    disk full
          actions  page-oncall: Failed after 3 attempts (HTTP 503)

        report-0a1b2c3d4e  Failed
          started  2026-12-03T02:00:09Z by the success of extract, took 6s
          ended    2026-12-03T02:00:15Z, Error, exit code 1
          handed   rows: 120
          wrote    disk full
        """, result.out());
  }

  @Test
  void saysATaskThatNeverRanHasNoRuns() {
    Cli.Result result = Cli.run(client, "runs", "alert", "-n", Workflows.NAMESPACE);

    assertEquals("Task alert in namespace team-a: no runs yet (kubectl orca why alert says why)\n", result.out());
  }

  @Test
  void printsTheRunsContainerLog() {
    server.expect().get().withPath("/api/v1/namespaces/team-a/pods/report-0a1b2c3d4e/log?pretty=false&container=report")
        .andReturn(200, "writing report\ndisk full\n").always();

    Cli.Result result = Cli.run(client, "logs", "report-0a1b2c3d4e", "-n", Workflows.NAMESPACE);

    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("writing report\ndisk full\n", result.out());
  }

  @Test
  void explainsARunWithoutAPod() {
    Cli.Result result = Cli.run(client, "logs", "report-9f8e7d6c5b", "-n", Workflows.NAMESPACE);

    assertEquals(1, result.exitCode(), result.toString());
    assertEquals("error: Run \"report-9f8e7d6c5b\" has no pod in namespace \"team-a\": it was refused, or deleted "
        + "by the Task's history limits (kubectl orca runs TASK lists the runs)\n", result.err());
  }
}
