package cloud.sirocco.orca.action;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cloud.sirocco.orca.action.AttemptVerdict.Kind;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy = new RetryPolicy(4, Duration.ofSeconds(2));

  @Test
  void theWaitDoublesAfterEachAttemptUntilTheLast() {
    assertEquals(Optional.of(Duration.ofSeconds(2)), policy.delayAfter(1, Kind.TIMED_OUT));
    assertEquals(Optional.of(Duration.ofSeconds(4)), policy.delayAfter(2, Kind.THREW));
    assertEquals(Optional.of(Duration.ofSeconds(8)), policy.delayAfter(3, Kind.RETRYABLE_FAILURE));
    assertEquals(Optional.empty(), policy.delayAfter(4, Kind.RETRYABLE_FAILURE), "4 attempts made");
  }

  @Test
  void aFailureThatIsNotRetryableAndASuccessAreFinal() {
    assertEquals(Optional.empty(), policy.delayAfter(1, Kind.SUCCEEDED));
    assertEquals(Optional.empty(), policy.delayAfter(1, Kind.FAILED));
    assertEquals(Optional.empty(), policy.delayAfter(1, Kind.NO_RESULT));
  }

  @Test
  void aPluginHeldUpByItsAbandonedThreadsIsTriedAgainLater() {
    assertEquals(Optional.of(Duration.ofSeconds(2)), policy.delayAfter(1, Kind.HELD_UP));
  }

  @Test
  void oneAttemptMeansNoRetry() {
    assertEquals(Optional.empty(), new RetryPolicy(1, Duration.ofSeconds(2)).delayAfter(1, Kind.TIMED_OUT));
  }

  @Test
  void theSettingsGiveTheAttemptsAndTheBackoff() {
    assertEquals(new RetryPolicy(3, Duration.ofSeconds(2)), RetryPolicy.of(ActionRunnerSettings.DEFAULTS));
  }
}
