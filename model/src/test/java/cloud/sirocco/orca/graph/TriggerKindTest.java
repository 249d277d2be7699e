package cloud.sirocco.orca.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TriggerKindTest {

  @Test
  void theEdgesBetweenTasksAreTheListsNamingTasksInTheOrderTheSpecHasThem() {
    assertEquals(List.of(TriggerKind.SUCCESS, TriggerKind.FAILURE, TriggerKind.JOIN),
        List.copyOf(TriggerKind.BETWEEN_TASKS));
    assertEquals(List.of("startOnSuccess", "startOnFailure", "startOnAllSucceeded"),
        TriggerKind.BETWEEN_TASKS.stream().map(TriggerKind::field).toList());
  }

  @Test
  void everyKindIsATriggerListOfTheSpec() {
    assertEquals(List.of("startOnIgnition", "startOnSuccess", "startOnFailure", "startOnAllSucceeded"),
        Arrays.stream(TriggerKind.values()).map(TriggerKind::field).toList());
  }

  @Test
  void theEdgesBetweenTasksCannotBeChangedByOneOfTheirUsers() {
    assertThrows(UnsupportedOperationException.class, () -> TriggerKind.BETWEEN_TASKS.add(TriggerKind.IGNITION));
  }
}
