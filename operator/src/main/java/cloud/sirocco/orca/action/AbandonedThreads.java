package cloud.sirocco.orca.action;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of a pool still held by attempts that ignored their timeout, and the pool sized around them.
 *
 * <p>While an attempt keeps its thread after its timeout, the pool has one thread more, so that the {@code threads}
 * it was set up with stay free for other actions. Such threads are bounded by plugin: one that holds {@code threads}
 * of them gets no more attempts until some come back, so that a plugin that hangs for good costs at most
 * {@code threads} threads.
 */
final class AbandonedThreads {

  private final ThreadPoolExecutor pool;
  private final int threads;
  /** Changed under the lock of the pool, together with its size. */
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<String, AtomicInteger> byPlugin = new ConcurrentHashMap<>();

  /** For {@code pool}, whose size is {@code threads} while no thread is abandoned. */
  AbandonedThreads(ThreadPoolExecutor pool, int threads) {
    this.pool = pool;
    this.threads = threads;
  }

  /** Threads abandoned now, by every plugin. */
  int count() {
    return total.get();
  }

  /** Why the plugin's next attempt may not start: it holds as many abandoned threads as it may; empty when it may. */
  Optional<String> holdUp(String plugin) {
    int held = of(plugin).get();
    if (held < threads) {
      return Optional.empty();
    }
    return Optional.of("not started: " + held + " earlier attempt" + (held == 1 ? " is" : "s are")
        + " still running after the timeout, ignoring interruption, as many as one plugin may hold");
  }

  /** An attempt of the plugin keeps its thread past its timeout: another takes its place while it does. */
  void abandon(String plugin) {
    count(plugin, 1);
  }

  /** An abandoned attempt of the plugin came back: its thread is the pool's again, and the extra one goes. */
  void giveBack(String plugin) {
    count(plugin, -1);
  }

  private void count(String plugin, int change) {
    synchronized (pool) {
      of(plugin).addAndGet(change);
      int size = threads + total.addAndGet(change);
      // The core size may never exceed the maximum: the maximum grows first, the core shrinks first.
      if (size > pool.getMaximumPoolSize()) {
        pool.setMaximumPoolSize(size);
        pool.setCorePoolSize(size);
      } else {
        pool.setCorePoolSize(size);
        pool.setMaximumPoolSize(size);
      }
    }
  }

  private AtomicInteger of(String plugin) {
    return byPlugin.computeIfAbsent(plugin, p -> new AtomicInteger());
  }
}
