package cloud.sirocco.orca.names;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cloud.sirocco.orca.graph.TriggerKind;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartedByTest {

  @Test
  void labelsRunsAsPodSelectorsAndStatusShowThem() {
    assertEquals(List.of("Ignition", "Success", "Failure", "Join", "Manual"),
        Arrays.stream(StartedBy.values()).map(StartedBy::label).toList());
  }

  @Test
  void aRunStartedByATriggerListIsLabelledAsThatList() {
    assertEquals(List.of(StartedBy.IGNITION, StartedBy.SUCCESS, StartedBy.FAILURE, StartedBy.JOIN),
        Arrays.stream(TriggerKind.values()).map(StartedBy::of).toList());
    for (TriggerKind kind : TriggerKind.values()) {
      assertEquals(kind.label(), StartedBy.of(kind).label());
    }
  }

  @Test
  void readsBackEachLabelItWritesAndNoOther() {
    for (StartedBy startedBy : StartedBy.values()) {
      assertEquals(Optional.of(startedBy), StartedBy.ofLabel(startedBy.label()));
    }
    assertEquals(Optional.empty(), StartedBy.ofLabel("manual"));
    assertEquals(Optional.empty(), StartedBy.ofLabel(null));
  }
}
