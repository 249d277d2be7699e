package cloud.sirocco.orca.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventRecorderTest {

  private final List<String> written = new CopyOnWriteArrayList<>();
  private final CountDownLatch apiServerAnswers = new CountDownLatch(1);

  /** An API server that takes no Event until the test lets it. */
  private void slowWrite(Event event) {
    try {
      assertTrue(apiServerAnswers.await(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    written.add(event.getReason());
  }

  @Test
  void recordingAnEventDoesNotWaitForTheApiServerAndEventsAreWrittenInOrder() throws Exception {
    try (EventRecorder recorder = new EventRecorder(this::slowWrite, 10)) {
      recorder.record(event("RunStarted"));
      recorder.record(event("RunSucceeded"));
      recorder.record(event("RunStarted2"));
      assertEquals(List.of(), written, "recorded while the API server has not answered yet");

      apiServerAnswers.countDown();
    }
    assertEquals(List.of("RunStarted", "RunSucceeded", "RunStarted2"), written, "flushed by close, in order");
  }

  @Test
  void eventsBeyondTheQueueAreDroppedAndCounted() {
    try (EventRecorder recorder = new EventRecorder(this::slowWrite, 2)) {
      recorder.record(event("A")); // being written
      recorder.record(event("B"));
      recorder.record(event("C"));
      recorder.record(event("D")); // the queue holds B and C

      assertEquals(1, recorder.dropped());
      apiServerAnswers.countDown();
    }
    assertEquals(List.of("A", "B", "C"), written);
  }

  @Test
  void aFailingWriteDoesNotStopTheEventsAfterIt() {
    try (EventRecorder recorder = new EventRecorder(event -> {
      if (event.getReason().equals("Bad")) {
        throw new IllegalStateException("refused");
      }
      written.add(event.getReason());
    }, 10)) {
      recorder.record(event("Bad"));
      recorder.record(event("Good"));
    }
    assertEquals(List.of("Good"), written);
  }

  private static Event event(String reason) {
    return new EventBuilder().withReason(reason)
        .withNewInvolvedObject().withKind("Task").withName("report").endInvolvedObject().build();
  }
}
