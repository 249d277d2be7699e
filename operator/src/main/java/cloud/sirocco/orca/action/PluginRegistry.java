package cloud.sirocco.orca.action;

import cloud.sirocco.orca.action.ActionPluginManager.PluginProblem;
import cloud.sirocco.orca.action.PluginDirectory.FileStamp;
import cloud.sirocco.orca.action.PluginFileLoader.LoadedPlugin;
import cloud.sirocco.orca.concurrent.DaemonThreads;
import cloud.sirocco.orca.plugin.api.TaskAction;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The action plugins installed in a directory: PF4J plugins, loaded one file at a time and found by action name.
 *
 * <p>Which files are plugins, and when one changed, is the {@link PluginDirectory}'s to say; each is loaded from a
 * copy ({@link PluginFileLoader}), and lookups read the {@link ActionIndex}. A changed file's old copy is deleted
 * before the new one is made, so that staging needs room for each plugin once.
 *
 * <p>A file that is not a usable plugin (not a plugin, corrupt, too large for the staging limit, an action whose
 * constructor throws, no action at all, a plugin id already loaded from another file) is logged with the reason,
 * listed by {@link #notLoaded} and skipped; the others keep working.
 *
 * <p>Hot reload: {@link #refresh} (which the poller started by {@link #startPolling} runs) unloads the plugins of
 * removed and changed files and loads new and changed ones. A skipped file is tried again when it changes, or when
 * another file is unloaded (that one may have held its id or action names).
 *
 * <p>Thread-safe: lookups read an index that a reload replaces in one step; reloads are serialised. An action found
 * before a reload finishes its call on the old plugin; {@link ActionRunner} looks actions up again for every
 * attempt, so that a retry runs the new version.
 */
public final class PluginRegistry implements AutoCloseable, MeterBinder {

  private static final Logger log = LoggerFactory.getLogger(PluginRegistry.class);

  private final PluginDirectory directory;
  private final PluginFileLoader loader;
  private final ActionIndex index = new ActionIndex();
  /** By file name; guarded by this. */
  private final Map<String, PluginFile> files = new HashMap<>();
  /** The rank the next new file gets: earlier files keep their action names; guarded by this. */
  private int nextRank;
  /** Guarded by this. */
  private ScheduledExecutorService poller;
  /** Guarded by this. */
  private boolean closed;

  /**
   * Loads the plugins in {@code directory} now, staged in a fresh directory under {@code java.io.tmpdir}, without a
   * size limit; {@link #startPolling} keeps them in line with it.
   */
  public PluginRegistry(Path directory) throws IOException {
    this(directory, PluginStaging.temporary());
  }

  /**
   * Loads the plugins in {@code directory} now, staged in {@code stagingDir} (emptied first: it is the registry's
   * alone), whose content may not exceed {@code stagingLimit} bytes (0: no limit).
   */
  public PluginRegistry(Path directory, Path stagingDir, long stagingLimit) throws IOException {
    this(directory, PluginStaging.in(stagingDir, stagingLimit));
  }

  private PluginRegistry(Path directory, PluginStaging staging) {
    this.directory = new PluginDirectory(directory);
    this.loader = new PluginFileLoader(staging);
    if (!Files.isDirectory(directory)) {
      log.warn("Plugin directory {} does not exist: no action is installed until it does", directory);
    }
    refresh();
  }

  /** The registry of {@code settings.pluginDir()}, polled every {@code settings.pollInterval()}. */
  public static PluginRegistry open(ActionRunnerSettings settings) throws IOException {
    PluginRegistry registry = settings.stagingDir() == null
        ? new PluginRegistry(settings.pluginDir())
        : new PluginRegistry(settings.pluginDir(), settings.stagingDir(), settings.stagingLimit());
    registry.startPolling(settings.pollInterval());
    return registry;
  }

  /** The action of that name, ignoring case; a fresh lookup is needed after a reload. */
  public Optional<TaskAction> find(String actionName) {
    return index.find(actionName);
  }

  /** The installed actions' names, lower case. */
  public SortedSet<String> actionNames() {
    return index.actionNames();
  }

  /** The plugin files that are not loaded, each with the reason, by file name. */
  public SortedMap<String, String> notLoaded() {
    return index.notLoaded();
  }

  public Path directory() {
    return directory.path();
  }

  /** {@code orca_plugin_files_not_loaded}: plugin files skipped, for whatever reason. */
  @Override
  public void bindTo(MeterRegistry meters) {
    Gauge.builder("orca.plugin.files.not.loaded", this, registry -> registry.notLoaded().size())
        .description("Plugin files in the plugin directory that are not loaded; the operator's log says why")
        .register(meters);
  }

  /** Checks the directory every {@code interval} on a thread of its own; {@link Duration#ZERO} does nothing. */
  public synchronized void startPolling(Duration interval) {
    if (closed || poller != null || interval.isZero()) {
      return;
    }
    poller = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("orca-plugin-poller-"));
    poller.scheduleWithFixedDelay(this::poll, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Brings the loaded plugins in line with the directory; true when the installed actions may have changed. */
  public synchronized boolean refresh() {
    if (closed) {
      return false;
    }
    Map<String, Path> present;
    try {
      present = directory.pluginFiles();
    } catch (IOException e) {
      log.warn("Cannot list plugin directory {} ({}); the loaded plugins stay", directory.path(), e.toString());
      return false;
    }
    boolean changed = false;
    boolean unloaded = false;
    for (PluginFile file : List.copyOf(files.values())) {
      if (!present.containsKey(file.name())) {
        files.remove(file.name());
        unload(file);
        log.info("Plugin file {} was removed{}", file.name(),
            file.isLoaded() ? "; its actions are gone: " + file.actionList() : "");
        changed = true;
        unloaded |= file.isLoaded();
      }
    }
    Set<String> tried = new HashSet<>();
    for (Map.Entry<String, Path> entry : present.entrySet()) {
      String name = entry.getKey();
      PluginFile known = files.get(name);
      Optional<FileStamp> stamp = FileStamp.of(entry.getValue());
      if (stamp.isEmpty() || (known != null && known.stamp().equals(stamp.get()))) {
        continue;
      }
      tried.add(name);
      Optional<String> sha256 = PluginDirectory.sha256(name, entry.getValue());
      if (sha256.isEmpty()) {
        continue;
      }
      if (known != null && known.sha256().equals(sha256.get())) {
        files.put(name, known.restamped(stamp.get()));
        continue;
      }
      if (known != null) {
        files.remove(name);
        unload(known);
        unloaded |= known.isLoaded();
      }
      int rank = known == null ? nextRank++ : known.rank();
      install(name, stamp.get(), entry.getValue(), sha256.get(), rank).ifPresent(file -> files.put(name, file));
      changed = true;
    }
    if (unloaded) {
      retrySkipped(present, tried);
    }
    if (changed) {
      index.publish(files.values());
    }
    return changed;
  }

  /** Unloads every plugin and stops polling. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (poller != null) {
      poller.shutdownNow();
    }
    files.values().forEach(this::unload);
    files.clear();
    index.clear();
    loader.close();
  }

  private void poll() {
    try {
      refresh();
    } catch (RuntimeException e) {
      log.error("Checking plugin directory {} failed; trying again at the next check", directory.path(), e);
    }
  }

  /** Loads the file: what was loaded, or why nothing was; empty when it cannot be copied just now. */
  private Optional<PluginFile> install(String name, FileStamp stamp, Path source, String sha256, int rank) {
    Map<String, LoadedPlugin> loaded = new HashMap<>();
    files.values().stream().filter(PluginFile::isLoaded).forEach(file -> loaded.put(file.name(), file.plugin()));
    try {
      return loader.load(name, source, sha256, loaded)
          .map(plugin -> new PluginFile(name, stamp, sha256, rank, plugin, null));
    } catch (PluginProblem e) {
      log.error("Skipping plugin file {}: {}. Other plugins keep working; replace or remove the file to try again.",
          name, e.getMessage());
      return Optional.of(new PluginFile(name, stamp, sha256, rank, null, e.getMessage()));
    }
  }

  private void retrySkipped(Map<String, Path> present, Set<String> tried) {
    for (PluginFile file : PluginFile.byRank(files.values())) {
      if (file.isLoaded() || tried.contains(file.name())) {
        continue;
      }
      install(file.name(), file.stamp(), present.get(file.name()), file.sha256(), file.rank())
          .ifPresent(retried -> files.put(file.name(), retried));
    }
  }

  private void unload(PluginFile file) {
    if (file.isLoaded()) {
      loader.unload(file.name(), file.plugin());
    }
  }
}
