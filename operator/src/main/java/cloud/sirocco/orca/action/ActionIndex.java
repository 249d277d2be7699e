package cloud.sirocco.orca.action;

import cloud.sirocco.orca.plugin.api.TaskAction;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the plugin files provide, as lookups see it: the installed actions by name, and the files not loaded with
 * the reason. A reload {@link #publish publishes} a new index in one step, so that a lookup never sees one half done.
 * When two files provide actions of the same name, the file seen first keeps the name and the other's action is
 * ignored, with a warning.
 */
final class ActionIndex {

  private static final Logger log = LoggerFactory.getLogger(ActionIndex.class);

  private volatile Published published = Published.NOTHING;

  /** The action of that name, ignoring case and surrounding blanks. */
  Optional<TaskAction> find(String actionName) {
    return Optional.ofNullable(published.actions().get(actionName.strip().toLowerCase(Locale.ROOT)));
  }

  /** The installed actions' names, lower case. */
  SortedSet<String> actionNames() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(published.actions().keySet()));
  }

  /** The plugin files that are not loaded, each with the reason, by file name. */
  SortedMap<String, String> notLoaded() {
    return published.notLoaded();
  }

  /** Replaces the index with what {@code files} provide. */
  void publish(Collection<PluginFile> files) {
    Map<String, TaskAction> index = new HashMap<>();
    Map<String, String> providers = new HashMap<>();
    for (PluginFile file : PluginFile.byRank(files)) {
      file.actions().forEach((name, action) -> {
        String provider = providers.putIfAbsent(name, file.name());
        if (provider == null) {
          index.put(name, action);
        } else {
          log.warn("Action '{}' of plugin file {} is ignored: {}, installed before it, provides '{}' already."
              + " Remove one of them.", name, file.name(), provider, name);
        }
      });
    }
    SortedMap<String, String> skipped = new TreeMap<>();
    files.stream().filter(file -> !file.isLoaded()).forEach(file -> skipped.put(file.name(), file.problem()));
    published = new Published(Map.copyOf(index), Collections.unmodifiableSortedMap(skipped));
    log.info("Installed actions: {}", index.isEmpty() ? "none" : String.join(", ", new TreeSet<>(index.keySet())));
  }

  /** Empties the index: no action is installed. */
  void clear() {
    published = Published.NOTHING;
  }

  /** @param actions by lower-case name */
  private record Published(Map<String, TaskAction> actions, SortedMap<String, String> notLoaded) {
    static final Published NOTHING = new Published(Map.of(), Collections.emptySortedMap());
  }
}
