package cloud.sirocco.orca.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictTest {

  @Test
  void allowsWithWarningsButNoErrors() {
    assertTrue(new Verdict(List.of(), List.of("probably a mistake")).allowed());
  }

  @Test
  void denialMessageNamesTheObjectAndListsEachViolationOnItsOwnLine() {
    Verdict verdict = new Verdict(List.of(new Violation("spec.steps", "is wrong"),
        new Violation("spec.startOnSuccess[1]", "names nothing")), List.of());

    assertFalse(verdict.allowed());
    assertEquals("Task \"task1\" is invalid (2 problems):\n"
        + "  - spec.steps: is wrong\n"
        + "  - spec.startOnSuccess[1]: names nothing", verdict.denialMessage("Task", "task1"));
  }

  @Test
  void denialMessageCountsASingleProblemInTheSingular() {
    Verdict verdict = new Verdict(List.of(new Violation("spec", "is required")), List.of());

    assertEquals("Ignitor \"i\" is invalid (1 problem):\n  - spec: is required", verdict.denialMessage("Ignitor", "i"));
  }
}
