package cloud.sirocco.orca.webhook.cache;

import static cloud.sirocco.orca.webhook.testing.RunningWebhook.admissionFile;
import static cloud.sirocco.orca.webhook.testing.Workflows.ignitor;
import static cloud.sirocco.orca.webhook.testing.Workflows.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.validation.NamespaceView;
import cloud.sirocco.orca.validation.ReferencePolicy;
import cloud.sirocco.orca.webhook.testing.RunningWebhook;
import cloud.sirocco.orca.webhook.testing.TestCertificates;
import cloud.sirocco.orca.webhook.testing.Workflows;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real fabric8 informers against the mock API server (CRUD mode): lookups come from stores and indexes. */
@EnableKubernetesMockClient(crud = true)
class InformerWorkflowCacheTest {

  static KubernetesClient client;

  @Test
  void answersLookupsAndTriggerQueriesFromTheCache() {
    create(ignitor("team-a", "nightly", "0 2 * * *"),
        task("team-a", "extract", List.of("nightly"), List.of(), List.of()),
        task("team-a", "report", List.of(), List.of("extract"), List.of("extract")),
        task("team-a", "archive", List.of(), List.of("report"), List.of()),
        task("team-b", "report", List.of(), List.of("extract"), List.of()));

    try (InformerWorkflowCache cache = InformerWorkflowCache.start(client, Set.of())) {
      awaitReady(cache);
      NamespaceView teamA = cache.view("team-a").orElseThrow();

      assertTrue(teamA.task("extract").isPresent());
      assertTrue(teamA.ignitor("nightly").isPresent());
      assertFalse(teamA.task("nightly").isPresent());
      assertEquals(List.of("report"), names(teamA.tasksTriggeredBy("extract")));
      assertEquals(List.of("extract"), names(teamA.tasksTriggeredBy("nightly")));
      assertEquals(List.of(), names(teamA.tasksTriggeredBy("archive")));
      assertEquals(List.of("report"), names(cache.view("team-b").orElseThrow().tasksTriggeredBy("extract")));
    }
  }

  @Test
  void watchesOnlyTheConfiguredNamespaces() {
    create(task("team-c", "extract", List.of(), List.of(), List.of()),
        task("team-d", "extract", List.of(), List.of(), List.of()));

    try (InformerWorkflowCache cache = InformerWorkflowCache.start(client, Set.of("team-c"))) {
      awaitReady(cache);

      assertTrue(cache.view("team-c").orElseThrow().task("extract").isPresent());
      assertTrue(cache.view("team-d").isEmpty(), "team-d is not watched");
    }
  }

  @Test
  void awaitingANameReturnsWhenItsWatchEventArrives() throws Exception {
    try (InformerWorkflowCache cache = InformerWorkflowCache.start(client, Set.of("team-e"))) {
      awaitReady(cache);
      CompletableFuture<Boolean> arrived = CompletableFuture.supplyAsync(() -> {
        try {
          return cache.awaitAny("team-e", List.of("late"), Duration.ofSeconds(20));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      });

      create(task("team-e", "late", List.of(), List.of(), List.of()));

      assertTrue(arrived.get(30, TimeUnit.SECONDS));
      assertFalse(cache.awaitAny("team-e", List.of("never"), Duration.ofMillis(50)));
    }
  }

  @Test
  void theWebhookJudgesByWhatTheInformersHold(@TempDir Path workDir) {
    create(task(Workflows.NAMESPACE, "extract", List.of(), List.of(), List.of()));
    try (InformerWorkflowCache cache = InformerWorkflowCache.start(client, Set.of(Workflows.NAMESPACE));
        RunningWebhook webhook = RunningWebhook.start(workDir,
            TestCertificates.localhost(workDir, "orca-webhook", "EC"), cache)) {
      awaitReady(cache);
      assertEquals(200, webhook.get("/readyz").statusCode());

      assertTrue(webhook.review("/validate", admissionFile("create-valid-task.json")).path("allowed").asBoolean());
      assertFalse(webhook.review("/validate", admissionFile("create-task-unknown-start-on-success.json"))
          .path("allowed").asBoolean());
    }
  }

  @Test
  void readsTheReferencePolicyFromTheNamespaceLabel() {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-f")
        .addToLabels(ReferencePolicy.LABEL, "eventual").endMetadata().build()).create();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-g").endMetadata().build())
        .create();

    try (InformerWorkflowCache cache = InformerWorkflowCache.start(client, Set.of("team-f", "team-g"))) {
      awaitReady(cache);

      assertEquals(ReferencePolicy.EVENTUAL, cache.references("team-f"));
      assertEquals(ReferencePolicy.STRICT, cache.references("team-g"));
      assertEquals(ReferencePolicy.STRICT, cache.references("no-such-namespace"));
    }
  }

  private static void create(HasMetadata... objects) {
    for (HasMetadata object : objects) {
      if (object instanceof Task task) {
        client.resources(Task.class).inNamespace(task.getMetadata().getNamespace()).resource(task).create();
      } else {
        Ignitor ignitor = (Ignitor) object;
        client.resources(Ignitor.class).inNamespace(ignitor.getMetadata().getNamespace()).resource(ignitor)
            .create();
      }
    }
  }

  /** Polls (every 10 ms) until the informers have listed, or fails after 30 s. */
  private static void awaitReady(InformerWorkflowCache cache) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!cache.ready()) {
      if (System.nanoTime() > deadline) {
        fail("the informers did not sync within 30 s");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  private static List<String> names(Collection<Task> tasks) {
    return tasks.stream().map(t -> t.getMetadata().getName()).sorted().toList();
  }
}
