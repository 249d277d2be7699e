package cloud.sirocco.orca.graph;

import static cloud.sirocco.orca.testing.Workflows.task;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cloud.sirocco.orca.model.Task;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TriggerIndexTest {

  @Test
  void indexesATaskOnceUnderEveryNameItStartsOn() {
    Task task = task("deploy").startOnIgnition("nightly").startOnSuccess("build", "test").startOnFailure("build")
        .build();

    assertEquals(Set.of("nightly", "build", "test"), TriggerIndex.sources(task));
    assertEquals(List.of("orca-test/nightly", "orca-test/build", "orca-test/test"), TriggerIndex.keys(task));
  }

  @Test
  void skipsNullAndBlankNamesAndUnsetLists() {
    Task task = task("deploy").startOnSuccess(" ").build();
    task.getSpec().getStartOnSuccess().add(null);
    task.getSpec().setStartOnFailure(null);

    assertEquals(Set.of(), TriggerIndex.sources(task));
  }

  @Test
  void triggerKindsNameTheirSpecFieldAndLabel() {
    assertEquals("startOnIgnition", TriggerKind.IGNITION.field());
    assertEquals("startOnFailure", TriggerKind.FAILURE.field());
    assertEquals("Ignition", TriggerKind.IGNITION.label());
    assertEquals("Success", TriggerKind.SUCCESS.label());
    assertEquals(List.of("build"), TriggerKind.SUCCESS.sources(task("t").startOnSuccess("build").build().getSpec()));
    assertEquals(List.of(), TriggerKind.SUCCESS.sources(null));
  }
}
