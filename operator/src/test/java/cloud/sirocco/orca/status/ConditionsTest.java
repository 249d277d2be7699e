package cloud.sirocco.orca.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");
  private final List<Condition> conditions = new ArrayList<>();

  @Test
  void addsAConditionWithEveryField() {
    Conditions.set(conditions, "Ready", true, "Valid", "The Task starts on its triggers", 3L, T);

    Condition ready = conditions.get(0);
    assertEquals("Ready", ready.getType());
    assertEquals("True", ready.getStatus());
    assertEquals("Valid", ready.getReason());
    assertEquals("The Task starts on its triggers", ready.getMessage());
    assertEquals(3L, ready.getObservedGeneration());
    assertEquals("2026-01-01T10:00:00Z", ready.getLastTransitionTime());
  }

  @Test
  void keepsTheTransitionTimeWhileTheStatusStaysTheSame() {
    Conditions.set(conditions, "Ready", false, "InvalidSpec", "first problem", 1L, T);
    Conditions.set(conditions, "Ready", false, "InvalidSpec", "second problem", 2L, T.plusSeconds(60));

    assertEquals(1, conditions.size());
    assertEquals("2026-01-01T10:00:00Z", conditions.get(0).getLastTransitionTime());
    assertEquals("second problem", conditions.get(0).getMessage());
    assertEquals(2L, conditions.get(0).getObservedGeneration());
  }

  @Test
  void movesTheTransitionTimeWhenTheStatusChanges() {
    Conditions.set(conditions, "Ready", false, "InvalidSpec", "problem", 1L, T);
    Conditions.set(conditions, "Ready", true, "Valid", "fine", 2L, T.plusSeconds(60));

    assertEquals("True", conditions.get(0).getStatus());
    assertEquals("2026-01-01T10:01:00Z", conditions.get(0).getLastTransitionTime());
  }

  @Test
  void keepsConditionsOfOtherTypes() {
    Conditions.set(conditions, "Ready", true, "Valid", "fine", 1L, T);
    Conditions.set(conditions, "ActionsResolved", false, "UnknownAction", "no plugin slack", 1L, T);

    assertEquals(List.of("Ready", "ActionsResolved"), conditions.stream().map(Condition::getType).toList());
  }
}
