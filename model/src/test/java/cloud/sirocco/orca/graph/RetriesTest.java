package cloud.sirocco.orca.graph;

import static cloud.sirocco.orca.testing.Workflows.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.testing.InMemoryNamespace;
import cloud.sirocco.orca.testing.Workflows;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetriesTest {

  private final InMemoryNamespace namespace = new InMemoryNamespace(Workflows.NAMESPACE);
  private final TriggerPaths paths = new TriggerPaths(namespace::task);

  private Task put(Workflows.TaskBuilder builder) {
    Task task = builder.build();
    namespace.put(task);
    return task;
  }

  @Test
  void aTaskStartingOnItsOwnFailureRetriesItUpToItsRetryLimit() {
    Task a = put(task("a").startOnFailure("a").retryLimit(2));

    assertTrue(Retries.retries("a", a, 2, paths));
    assertFalse(Retries.retries("a", a, 3, paths));
  }

  @Test
  void aFailureEdgeBackToATaskThatStartsItAgainIsARetry() {
    put(task("a").startOnSuccess("b"));
    Task b = put(task("b").startOnFailure("a"));

    assertTrue(Retries.isRetry("a", b, paths));
  }

  @Test
  void aFailureEdgeOutOfTheLoopIsNoRetryWhateverTheCount() {
    put(task("a"));
    Task cleanup = put(task("cleanup").startOnFailure("a"));

    assertFalse(Retries.isRetry("a", cleanup, paths));
    assertFalse(Retries.retries("a", cleanup, 1, paths));
  }

  @Test
  void aSuccessEdgeThatClosesALoopIsNoRetry() {
    Task a = put(task("a").startOnSuccess("a"));

    assertFalse(Retries.isRetry("a", a, paths));
  }

  @Test
  void withoutARetryLimitSetTheDefaultHolds() {
    Task a = put(task("a").startOnFailure("a"));

    assertEquals(3, Retries.limit(a));
    assertTrue(Retries.withinLimit(a, 3));
    assertFalse(Retries.withinLimit(a, 4));
  }

  @Test
  void theBackoffDoublesPerFailureInARowUpToFiveMinutes() {
    Task a = put(task("a").startOnFailure("a").retryBackoffSeconds(10));

    assertEquals(Duration.ofSeconds(10), Retries.backoff(a, 1));
    assertEquals(Duration.ofSeconds(40), Retries.backoff(a, 3));
    assertEquals(Duration.ofMinutes(5), Retries.backoff(a, 6));
    assertEquals(Duration.ofMinutes(5), Retries.backoff(a, 64), "no overflow on a long streak");
    assertEquals(Duration.ofSeconds(10), Retries.backoff(a, 0), "a count of 0 waits as the first failure does");
  }
}
