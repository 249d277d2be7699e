package cloud.sirocco.orca.concurrent;

/**
 * Locks by key, from a fixed set: memory stays the same however many keys come and go. Two keys may share a lock,
 * and are then serialised; that costs time, never correctness.
 */
public final class StripedLocks {

  private final Object[] stripes;

  public StripedLocks(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, not " + count);
    }
    stripes = new Object[count];
    for (int i = 0; i < count; i++) {
      stripes[i] = new Object();
    }
  }

  /** The lock of {@code key}: the same object for the same key, always. */
  public Object of(String key) {
    int hash = key.hashCode();
    // The high bits too: names that differ only at their start still spread.
    return stripes[Math.floorMod(hash ^ (hash >>> 16), stripes.length)];
  }
}
