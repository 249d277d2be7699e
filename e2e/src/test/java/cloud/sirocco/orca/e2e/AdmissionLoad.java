package cloud.sirocco.orca.e2e;

import cloud.sirocco.orca.model.Ignitor;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes that go through admission, one after another on a thread of their own, until closed: server-side dry runs
 * of Ignitor creations, which the API server sends to both webhook configurations like real writes and which store
 * nothing. Every failure is kept with its message, so a test can say how many of how many writes failed.
 */
final class AdmissionLoad implements AutoCloseable {

  private static final int MAX_REVIEWS = 5_000;

  private final AtomicBoolean sending = new AtomicBoolean(true);
  private final AtomicInteger reviews = new AtomicInteger();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final Thread thread;

  private AdmissionLoad(LiveCluster cluster) {
    thread = new Thread(() -> {
      for (int i = 0; sending.get() && i < MAX_REVIEWS; i++) {
        try {
          cluster.client.resource(ignitor("load-" + i)).inNamespace(cluster.namespace).dryRun().create();
          reviews.incrementAndGet();
        } catch (RuntimeException e) {
          failures.add(e.getMessage());
        }
      }
    }, "admission-load");
  }

  /** Starts writing in {@code cluster}'s namespace and returns once the first 20 writes went through. */
  static AdmissionLoad start(LiveCluster cluster) {
    AdmissionLoad load = new AdmissionLoad(cluster);
    load.thread.start();
    load.awaitMore(20);
    return load;
  }

  /** Waits until {@code count} more writes than now went through admission. */
  void awaitMore(int count) {
    int from = reviews.get();
    LiveCluster.await(count + " more admitted writes (after " + from + ")", Duration.ofSeconds(60),
        () -> reviews.get() >= from + count);
  }

  int reviews() {
    return reviews.get();
  }

  /** The messages of the writes that failed, once {@link #close()} has returned. */
  List<String> failures() {
    return List.copyOf(failures);
  }

  @Override
  public void close() throws InterruptedException {
    sending.set(false);
    thread.join();
  }

  private static Ignitor ignitor(String name) {
    Ignitor ignitor = new Ignitor();
    ignitor.setMetadata(new ObjectMetaBuilder().withName(name).build());
    ignitor.getSpec().setScheduled("0 9 * * *");
    return ignitor;
  }
}
