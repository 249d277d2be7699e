package cloud.sirocco.orca.action;

import cloud.sirocco.orca.action.ActionPluginManager.PluginProblem;
import cloud.sirocco.orca.plugin.api.TaskAction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipFile;
import org.pf4j.PluginState;
import org.pf4j.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads plugin files through PF4J, one file at a time, each from its copy in {@link PluginStaging}: replacing or
 * deleting the original never pulls a jar from under a loaded plugin, and a zip can be expanded even when the plugin
 * directory is read-only. A file that is not a usable plugin leaves nothing loaded or staged behind, and a
 * {@link PluginProblem} says why. Not thread-safe: {@link PluginRegistry} serialises every call.
 */
final class PluginFileLoader implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PluginFileLoader.class);

  private final PluginStaging staging;
  private final ActionPluginManager manager;

  PluginFileLoader(PluginStaging staging) {
    this.staging = staging;
    this.manager = new ActionPluginManager(staging.directory());
  }

  /**
   * Stages and loads the plugin file {@code name} at {@code source}, whose content hash is {@code sha256}; empty when
   * it cannot be copied just now.
   *
   * @param loaded the plugins loaded already, by the name of their file: a second file with one of their ids is refused
   * @throws PluginProblem when the file is not a usable plugin, or does not fit in the staging directory
   */
  Optional<LoadedPlugin> load(String name, Path source, String sha256, Map<String, LoadedPlugin> loaded)
      throws PluginProblem {
    Path staged;
    try {
      staged = staging.stage(name, source, sha256);
    } catch (IOException e) {
      log.warn("Cannot copy plugin file {} to {} ({}); trying again at the next check", name, staging.directory(),
          e.toString());
      return Optional.empty();
    }
    Path pluginPath = staged;
    PluginProblem problem;
    try {
      requireArchive(staged);
      pluginPath = FileUtils.expandIfZip(staged);
      String pluginId = manager.declaredId(pluginPath);
      Optional<String> holder = loaded.entrySet().stream()
          .filter(file -> pluginId.equals(file.getValue().id())).map(Map.Entry::getKey).findFirst();
      if (holder.isPresent()) {
        throw new PluginProblem("plugin id '" + pluginId + "' is loaded already, from " + holder.get()
            + "; remove one of the two files");
      }
      manager.loadPlugin(pluginPath);
      if (manager.startPlugin(pluginId) != PluginState.STARTED) {
        Throwable failure = manager.getPlugin(pluginId).getFailedException();
        throw new PluginProblem(
            "it did not start" + (failure == null ? "" : ": " + ActionPluginManager.describe(failure)));
      }
      Map<String, TaskAction> provided = manager.createActions(pluginId);
      log.info("Loaded plugin '{}' {} from {}: {}", pluginId, manager.getPlugin(pluginId).getDescriptor().getVersion(),
          name, String.join(", ", provided.keySet()));
      return Optional.of(new LoadedPlugin(pluginId, staged, provided));
    } catch (PluginProblem e) {
      problem = e;
    } catch (IOException | RuntimeException | LinkageError e) {
      problem = new PluginProblem("it is not a usable PF4J plugin (" + ActionPluginManager.describe(e) + "). A plugin"
          + " jar's MANIFEST.MF names the plugin with Plugin-Id and Plugin-Version");
    }
    manager.unloadFrom(pluginPath);
    staging.delete(staged);
    throw problem;
  }

  /** Unloads the plugin of file {@code name} and deletes its staged copy. */
  void unload(String name, LoadedPlugin plugin) {
    try {
      manager.unloadPlugin(plugin.id());
    } catch (RuntimeException e) {
      log.warn("Plugin '{}' from {} did not unload cleanly: {}", plugin.id(), name, e.toString());
    }
    staging.delete(plugin.staged());
  }

  /** Empties the staging directory; unload the plugins first. */
  @Override
  public void close() {
    staging.close();
  }

  /** Says what is wrong with a damaged file before PF4J logs a stack trace about it. */
  private static void requireArchive(Path file) throws PluginProblem {
    try (ZipFile archive = new ZipFile(file.toFile())) {
      archive.size();
    } catch (IOException e) {
      throw new PluginProblem("it is not a readable jar or zip (" + ActionPluginManager.describe(e) + ")");
    }
  }

  /**
   * A plugin loaded from a file.
   *
   * @param id its PF4J plugin id
   * @param staged the copy it was loaded from
   * @param actions one instance of each of its actions, by lower-case name
   */
  record LoadedPlugin(String id, Path staged, Map<String, TaskAction> actions) {}
}
