package cloud.sirocco.orca.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AbandonedThreadsTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ThreadPoolExecutor pool =
      new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
  private final AbandonedThreads abandoned = new AbandonedThreads(pool, 1);
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stopPool() {
    release.countDown();
    pool.shutdownNow();
  }

  @Test
  void anAbandonedThreadIsReplacedSoThatOtherWorkDoesNotStarve() {
    pool.execute(this::hold);
    AtomicBoolean ran = new AtomicBoolean();
    pool.execute(() -> ran.set(true));

    abandoned.abandon("stubborn");

    Await.until("the queued work to run on the extra thread", WAIT, ran::get);
    assertEquals(1, abandoned.count());
    assertEquals(2, pool.getMaximumPoolSize());
  }

  @Test
  void aPluginHoldingAsManyThreadsAsThePoolIsHeldUpAndOthersAreNot() {
    assertEquals(Optional.empty(), abandoned.holdUp("stubborn"));

    abandoned.abandon("stubborn");

    assertEquals(Optional.of("not started: 1 earlier attempt is still running after the timeout, ignoring "
        + "interruption, as many as one plugin may hold"), abandoned.holdUp("stubborn"));
    assertEquals(Optional.empty(), abandoned.holdUp("echo"));
  }

  @Test
  void aThreadThatComesBackFreesItsPluginAndThePoolShrinksAgain() {
    abandoned.abandon("stubborn");
    abandoned.abandon("stubborn");
    assertTrue(abandoned.holdUp("stubborn").orElseThrow().startsWith("not started: 2 earlier attempts are"));

    abandoned.giveBack("stubborn");
    abandoned.giveBack("stubborn");

    assertEquals(Optional.empty(), abandoned.holdUp("stubborn"));
    assertEquals(0, abandoned.count());
    assertEquals(1, pool.getCorePoolSize());
    assertEquals(1, pool.getMaximumPoolSize());
  }

  private void hold() {
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
