package cloud.sirocco.orca.action.testplugins;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the tests and their plugins share: calls counted, and a gate that blocked plugins wait at. All public: a
 * plugin's classes are in another run-time package, though the package name is the same.
 */
public final class Gate {

  private static volatile CountDownLatch open = new CountDownLatch(1);
  private static final AtomicInteger entered = new AtomicInteger();
  private static final AtomicInteger interrupts = new AtomicInteger();

  private Gate() {}

  public static void reset() {
    open.countDown();
    open = new CountDownLatch(1);
    entered.set(0);
    interrupts.set(0);
  }

  public static void open() {
    open.countDown();
  }

  /** How many plugin calls have begun. */
  public static int entered() {
    return entered.get();
  }

  /** How many times a plugin waiting at the gate was interrupted. */
  public static int interrupts() {
    return interrupts.get();
  }

  public static void enter() {
    entered.incrementAndGet();
  }

  public static void waitInterruptibly() throws InterruptedException {
    open.await();
  }

  public static void waitIgnoringInterrupts() {
    CountDownLatch gate = open;
    while (true) {
      try {
        gate.await();
        return;
      } catch (InterruptedException e) {
        interrupts.incrementAndGet();
      }
    }
  }
}
