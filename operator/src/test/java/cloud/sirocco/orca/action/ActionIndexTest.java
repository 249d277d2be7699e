package cloud.sirocco.orca.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.action.PluginFileLoader.LoadedPlugin;
import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugin.api.TaskAction;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ActionIndexTest {

  private final ActionIndex index = new ActionIndex();
  private final TaskAction echo = TestActions.action(context -> ActionResult.success("echo"));
  private final TaskAction impostor = TestActions.action(context -> ActionResult.success("impostor"));
  private final TaskAction pager = TestActions.action(context -> ActionResult.success("pager"));

  @Test
  void actionsAreFoundByNameIgnoringCaseAndBlanks() {
    index.publish(List.of(loaded("echo.jar", 0, Map.of("echo", echo, "pager", pager))));

    assertSame(echo, index.find(" ECHO ").orElseThrow());
    assertEquals(Set.of("echo", "pager"), index.actionNames());
    assertTrue(index.find("missing").isEmpty());
  }

  @Test
  void theFileSeenFirstKeepsAnActionName() {
    index.publish(List.of(loaded("a-impostor.jar", 1, Map.of("echo", impostor)),
        loaded("b-echo.jar", 0, Map.of("echo", echo))));

    assertSame(echo, index.find("echo").orElseThrow(), "b-echo.jar was seen first");
  }

  @Test
  void filesNotLoadedAreListedWithTheReason() {
    index.publish(List.of(loaded("echo.jar", 0, Map.of("echo", echo)),
        new PluginFile("corrupt.jar", null, "ab", 1, null, "it is not a readable jar or zip")));

    assertEquals(Map.of("corrupt.jar", "it is not a readable jar or zip"), index.notLoaded());
  }

  @Test
  void aNewIndexReplacesTheOldOneWholeAndClearingLeavesNothing() {
    index.publish(List.of(loaded("echo.jar", 0, Map.of("echo", echo))));
    index.publish(List.of(loaded("pager.jar", 1, Map.of("pager", pager))));
    assertEquals(Set.of("pager"), index.actionNames());

    index.clear();

    assertTrue(index.actionNames().isEmpty());
    assertTrue(index.notLoaded().isEmpty());
  }

  private static PluginFile loaded(String name, int rank, Map<String, TaskAction> actions) {
    return new PluginFile(name, null, "ab", rank, new LoadedPlugin(name, Path.of(name), actions), null);
  }
}
