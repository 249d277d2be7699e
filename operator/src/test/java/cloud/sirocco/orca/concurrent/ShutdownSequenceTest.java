package cloud.sirocco.orca.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ShutdownSequenceTest {

  private final List<String> stopped = new CopyOnWriteArrayList<>();
  private final ShutdownSequence sequence = new ShutdownSequence();

  @Test
  void stopsThePartsInTheOrderTheyWereAdded() {
    sequence.then("reconciles", () -> stopped.add("reconciles"))
        .then("actions", () -> stopped.add("actions"))
        .then("events", () -> stopped.add("events"));

    sequence.run();

    assertEquals(List.of("reconciles", "actions", "events"), stopped);
  }

  @Test
  void aPartThatFailsToStopDoesNotKeepTheNextFromStopping() {
    sequence.then("reconciles", () -> {
      throw new IllegalStateException("the API server is gone");
    }).then("events", () -> stopped.add("events"));

    sequence.run();

    assertEquals(List.of("events"), stopped);
  }

  @Test
  void runsOnceAndSaysItHasStarted() {
    sequence.then("events", () -> stopped.add("events"));
    assertFalse(sequence.started());

    sequence.run();
    sequence.run();

    assertTrue(sequence.started());
    assertEquals(List.of("events"), stopped);
  }
}
