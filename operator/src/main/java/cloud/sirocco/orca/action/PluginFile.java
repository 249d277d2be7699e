package cloud.sirocco.orca.action;

import cloud.sirocco.orca.action.PluginDirectory.FileStamp;
import cloud.sirocco.orca.action.PluginFileLoader.LoadedPlugin;
import cloud.sirocco.orca.plugin.api.TaskAction;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A file of the plugin directory as last seen, with the plugin loaded from it, or why none was.
 *
 * @param rank the order in which files were first seen: an earlier file keeps the action names it provides
 * @param plugin {@code null} when the file is not loaded
 * @param problem why the file is not loaded; {@code null} when it is
 */
record PluginFile(String name, FileStamp stamp, String sha256, int rank, LoadedPlugin plugin, String problem) {

  boolean isLoaded() {
    return plugin != null;
  }

  /** The actions the file provides, by lower-case name; none when it is not loaded. */
  Map<String, TaskAction> actions() {
    return isLoaded() ? plugin.actions() : Map.of();
  }

  String actionList() {
    return String.join(", ", new TreeSet<>(actions().keySet()));
  }

  PluginFile restamped(FileStamp newStamp) {
    return new PluginFile(name, newStamp, sha256, rank, plugin, problem);
  }

  static List<PluginFile> byRank(Collection<PluginFile> files) {
    return files.stream().sorted(Comparator.comparingInt(PluginFile::rank)).toList();
  }
}
