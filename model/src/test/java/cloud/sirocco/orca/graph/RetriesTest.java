package cloud.sirocco.orca.graph;

import static cloud.sirocco.orca.testing.Workflows.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.testing.InMemoryNamespace;
import cloud.sirocco.orca.testing.Workflows;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RetriesTest {

  /** The trigger graph of a namespace holding {@code tasks}. */
  private static TriggerPaths graphOf(Task... tasks) {
    InMemoryNamespace namespace = new InMemoryNamespace(Workflows.NAMESPACE);
    Arrays.stream(tasks).forEach(namespace::put);
    return new TriggerPaths(namespace::task);
  }

  @Test
  void aTaskStartingOnItsOwnFailureRetriesItUpToItsRetryLimit() {
    Task a = task("a").startOnFailure("a").retryLimit(2).build();
    TriggerPaths paths = graphOf(a);

    assertTrue(Retries.retries("a", a, 2, paths));
    assertFalse(Retries.retries("a", a, 3, paths));
  }

  @Test
  void aFailureEdgeBackToATaskThatStartsItAgainIsARetry() {
    Task b = task("b").startOnFailure("a").build();

    assertTrue(Retries.isRetry("a", b, graphOf(task("a").startOnSuccess("b").build(), b)));
  }

  @Test
  void aFailureEdgeOutOfTheLoopIsNoRetryWhateverTheCount() {
    Task cleanup = task("cleanup").startOnFailure("a").build();
    TriggerPaths paths = graphOf(task("a").build(), cleanup);

    assertFalse(Retries.isRetry("a", cleanup, paths));
    assertFalse(Retries.retries("a", cleanup, 1, paths));
  }

  @Test
  void aSuccessEdgeThatClosesALoopIsNoRetry() {
    Task a = task("a").startOnSuccess("a").build();

    assertFalse(Retries.isRetry("a", a, graphOf(a)));
  }

  @Test
  void withoutARetryLimitSetTheDefaultHolds() {
    Task a = task("a").startOnFailure("a").build();

    assertEquals(3, Retries.limit(a));
    assertTrue(Retries.withinLimit(a, 3));
    assertFalse(Retries.withinLimit(a, 4));
  }

  @Test
  void theBackoffDoublesPerFailureInARowUpToFiveMinutes() {
    Task a = task("a").startOnFailure("a").retryBackoffSeconds(10).build();

    assertEquals(Duration.ofSeconds(10), Retries.backoff(a, 1));
    assertEquals(Duration.ofSeconds(40), Retries.backoff(a, 3));
    assertEquals(Duration.ofMinutes(5), Retries.backoff(a, 6));
    assertEquals(Duration.ofMinutes(5), Retries.backoff(a, 64), "no overflow on a long streak");
    assertEquals(Duration.ofSeconds(10), Retries.backoff(a, 0), "a count of 0 waits as the first failure does");
  }
}
