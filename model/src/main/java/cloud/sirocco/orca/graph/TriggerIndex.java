package cloud.sirocco.orca.graph;

import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.model.TaskSpec;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Index keys for "which Tasks does this object trigger": a Task is indexed under every name it starts on, so a
 * cache answers the reverse question with a lookup instead of a scan.
 */
public final class TriggerIndex {

  /** The name of the informer/cache index built with {@link #keys(Task)}. */
  public static final String NAME = "orca-trigger-sources";

  private TriggerIndex() {}

  /** The names (Ignitors and Tasks) a Task starts on, each once. */
  public static Set<String> sources(Task task) {
    TaskSpec spec = task.getSpec();
    Set<String> names = new LinkedHashSet<>();
    if (spec != null) {
      Arrays.stream(TriggerKind.values())
          .flatMap(kind -> kind.sources(spec).stream())
          .filter(name -> !name.isBlank())
          .forEach(names::add);
    }
    return names;
  }

  /** Index keys for a Task: {@code namespace/source} for each of its sources. */
  public static List<String> keys(Task task) {
    String namespace = task.getMetadata().getNamespace();
    return sources(task).stream().map(source -> key(namespace, source)).toList();
  }

  public static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
