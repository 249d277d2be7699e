package cloud.sirocco.orca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.Task;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphCommandTest extends SampleWorkflowTest {

  @Test
  void drawsTheTreeFromTheIgnitorWithStatesLastRunsAndTheRetryLoop() {
    Cli.Result result = Cli.run(client, "graph", "-n", Workflows.NAMESPACE);

    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("""
        Namespace team-a: 1 Ignitor, 3 Tasks

        Ignitor nightly  cron "0 2 * * *" UTC, next 2026-12-04T02:00:00Z, fired 3 times, last 2026-12-03T02:00:00Z
        └─ extract  [Succeeded] last run Succeeded 2026-12-03T02:00:08Z, took 7s
           ├─ on success → report  [Failed] last run Failed 2026-12-03T02:03:14Z, took 4s: Error, exit code 1
           │  └─ on failure → report  ↺ retry, at most 3 in a row
           └─ on failure → alert  [Pending] never ran
        """, result.out());
  }

  @Test
  void writesDotWithRetryEdgesDashed() {
    Cli.Result result = Cli.run(client, "graph", "-n", Workflows.NAMESPACE, "-o", "dot");

    assertEquals(0, result.exitCode(), result.toString());
    assertTrue(result.out().startsWith("digraph \"orca/team-a\" {"), result.out());
    assertTrue(result.out().contains("\"ignitor/nightly\" -> \"task/extract\""), result.out());
    assertTrue(result.out().contains("\"task/extract\" -> \"task/report\" [color=\"#2e7d32\", "
        + "fontcolor=\"#2e7d32\", label=\"success\"]"), result.out());
    assertTrue(result.out().contains("\"task/report\" -> \"task/report\" [color=\"#c62828\", fontcolor=\"#c62828\", "
        + "label=\"retry (at most 3)\", style=dashed]"), result.out());
  }

  @Test
  void writesMermaidWithIdsKubernetesNamesCannotBreak() {
    Cli.Result result = Cli.run(client, "graph", "-n", Workflows.NAMESPACE, "-o", "mermaid");

    assertEquals(0, result.exitCode(), result.toString());
    assertTrue(result.out().startsWith("flowchart LR\n"), result.out());
    assertTrue(result.out().contains("  ignitor_nightly --> task_extract\n"), result.out());
    assertTrue(result.out().contains("  task_extract -->|\"failure\"| task_alert\n"), result.out());
    assertTrue(result.out().contains("  task_report -.->|\"retry (at most 3)\"| task_report\n"), result.out());
  }

  @Test
  void drawsAJoinsEdgesBoldInDotAndThickInMermaidAsTheyAreAllNeeded() {
    for (Task task : List.of(Workflows.task("left", List.of(), List.of(), List.of()),
        Workflows.task("right", List.of(), List.of(), List.of()), Workflows.task("both", List.of(), List.of(),
            List.of()))) {
      task.getMetadata().setNamespace("joins");
      if (task.getMetadata().getName().equals("both")) {
        task.getSpec().setStartOnAllSucceeded(List.of("left", "right"));
      }
      client.resource(task).create();
    }

    String dot = Cli.run(client, "graph", "-n", "joins", "-o", "dot").out();
    String mermaid = Cli.run(client, "graph", "-n", "joins", "-o", "mermaid").out();

    assertTrue(dot.contains("\"task/left\" -> \"task/both\" [color=\"#2e7d32\", fontcolor=\"#2e7d32\", "
        + "label=\"join\", style=bold]"), dot);
    assertTrue(mermaid.contains("  task_right ==>|\"join\"| task_both\n"), mermaid);
  }

  @Test
  void saysSoWhenTheNamespaceHasNoWorkflow() {
    Cli.Result result = Cli.run(client, "graph", "-n", "empty");

    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("Namespace empty: 0 Ignitors, 0 Tasks\n", result.out());
  }

  @Test
  void readsObjectsWithStatusFieldsOfANewerOperator() {
    GenericKubernetesResource task = client.getKubernetesSerialization().convertValue(
        Workflows.task("newer", List.of(), List.of(), List.of()), GenericKubernetesResource.class);
    task.setAdditionalProperty("status",
        Map.of("state", "Running", "incident", Map.of("since", "2026-12-03T09:00:00Z")));
    client.genericKubernetesResources(ResourceDefinitionContext.fromResourceType(Task.class))
        .inNamespace("newer-operator").resource(task).create();

    Cli.Result result = Cli.run(client, "graph", "-n", "newer-operator");

    assertEquals(0, result.exitCode(), result.toString());
    assertTrue(result.out().contains("newer  [Running] never ran"), result.out());
  }
}
