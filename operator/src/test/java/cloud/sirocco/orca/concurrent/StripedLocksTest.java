package cloud.sirocco.orca.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StripedLocksTest {

  private final StripedLocks locks = new StripedLocks(256);

  @Test
  void tenThousandTasksShareAFixedSetOfLocks() {
    Set<Object> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < 10_000; i++) {
      distinct.add(locks.of("team-" + (i % 7) + "/nightly-" + i));
    }

    assertEquals(256, distinct.size(), "as many locks as stripes, each of them used");
  }

  @Test
  void aTaskAlwaysGetsTheSameLock() {
    assertSame(locks.of("team-a/nightly"), locks.of(new String("team-a/nightly")));
  }

  @Test
  void namesThatDifferOnlyAtTheirStartSpreadOverManyLocks() {
    Set<Object> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < 1_000; i++) {
      distinct.add(locks.of("team-" + i + "/nightly"));
    }

    assertTrue(distinct.size() > 128, distinct.size() + " locks for 1,000 namespaces");
  }
}
