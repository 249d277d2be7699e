package cloud.sirocco.orca.action;

import cloud.sirocco.orca.action.ActionPluginManager.PluginProblem;
import cloud.sirocco.orca.concurrent.DaemonThreads;
import cloud.sirocco.orca.plugin.api.TaskAction;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.pf4j.PluginState;
import org.pf4j.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The action plugins installed in a directory: PF4J plugins, loaded one file at a time and found by action name.
 *
 * <p>Every {@code *.jar} and {@code *.zip} directly in the directory is a plugin. Dot-entries (a ConfigMap volume's
 * {@code ..data} and its timestamped directories) and other files are ignored, and symbolic links are followed, so
 * a ConfigMap volume works as the directory. Each file is copied to a {@link PluginStaging} directory and loaded from
 * there: replacing or deleting the original, in place or by a ConfigMap's {@code ..data} swap, never pulls a jar
 * from under a loaded plugin, and a zip can be expanded even when the directory is read-only. A changed file's old
 * copy is deleted before the new one is made, so that staging needs room for each plugin once.
 *
 * <p>A file that is not a usable plugin (not a plugin, corrupt, too large for the staging limit, an action whose
 * constructor throws, no action at all, a plugin id already loaded from another file) is logged with the reason,
 * listed by {@link #notLoaded} and skipped; the others keep working. When two plugins provide actions of the same
 * name, the file seen first keeps the name and the other's action is ignored, with a warning.
 *
 * <p>Hot reload: {@link #refresh} (which the poller started by {@link #startPolling} runs) unloads the plugins of
 * removed and changed files and loads new and changed ones. A file has changed when its content has; its size,
 * modification time, identity and link target only spare reading the files that did not move. A skipped file is
 * tried again when it changes, or when another file is unloaded (that one may have held its id or action names).
 *
 * <p>Thread-safe: lookups read an index that a reload replaces in one step; reloads are serialised. An action found
 * before a reload finishes its call on the old plugin; {@link ActionRunner} looks actions up again for every
 * attempt, so that a retry runs the new version.
 */
public final class PluginRegistry implements AutoCloseable, MeterBinder {

  private static final Logger log = LoggerFactory.getLogger(PluginRegistry.class);

  private final Path directory;
  private final PluginStaging staging;
  private final ActionPluginManager manager;
  /** By file name; guarded by this. */
  private final Map<String, PluginFile> files = new HashMap<>();
  /** The rank the next new file gets: earlier files keep their action names; guarded by this. */
  private int nextRank;
  /** Guarded by this. */
  private ScheduledExecutorService poller;
  /** Guarded by this. */
  private boolean closed;
  /** By lower-case action name; replaced whole, never changed. */
  private volatile Map<String, TaskAction> actions = Map.of();
  /** Why each file that is not loaded is not, by file name; replaced whole, never changed. */
  private volatile SortedMap<String, String> notLoaded = Collections.emptySortedMap();

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
    this.directory = directory;
    this.staging = staging;
    this.manager = new ActionPluginManager(staging.directory());
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
    return Optional.ofNullable(actions.get(actionName.strip().toLowerCase(Locale.ROOT)));
  }

  /** The installed actions' names, lower case. */
  public SortedSet<String> actionNames() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(actions.keySet()));
  }

  /** The plugin files that are not loaded, each with the reason, by file name. */
  public SortedMap<String, String> notLoaded() {
    return notLoaded;
  }

  public Path directory() {
    return directory;
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
      present = pluginFiles();
    } catch (IOException e) {
      log.warn("Cannot list plugin directory {} ({}); the loaded plugins stay", directory, e.toString());
      return false;
    }
    boolean changed = false;
    boolean unloaded = false;
    for (PluginFile file : List.copyOf(files.values())) {
      if (!present.containsKey(file.name())) {
        files.remove(file.name());
        unload(file);
        log.info("Plugin file {} was removed{}", file.name(), file.isLoaded() ? "; its actions are gone: " + file.actionList() : "");
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
      Optional<String> sha256 = sha256(name, entry.getValue());
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
      publish();
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
    actions = Map.of();
    notLoaded = Collections.emptySortedMap();
    staging.close();
  }

  private void poll() {
    try {
      refresh();
    } catch (RuntimeException e) {
      log.error("Checking plugin directory {} failed; trying again at the next check", directory, e);
    }
  }

  private Map<String, Path> pluginFiles() throws IOException {
    if (!Files.isDirectory(directory)) {
      return Map.of();
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.filter(PluginRegistry::isPluginFile)
          .collect(Collectors.toMap(entry -> entry.getFileName().toString(), entry -> entry, (a, b) -> a, TreeMap::new));
    }
  }

  private static boolean isPluginFile(Path entry) {
    String name = entry.getFileName().toString();
    String lowerCase = name.toLowerCase(Locale.ROOT);
    return !name.startsWith(".") && (lowerCase.endsWith(".jar") || lowerCase.endsWith(".zip")) && Files.isRegularFile(entry);
  }

  /** The file's content hash; empty when it cannot be read just now. */
  private static Optional<String> sha256(String name, Path source) {
    try (InputStream in = Files.newInputStream(source)) {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      try (DigestInputStream digest = new DigestInputStream(in, sha256)) {
        digest.transferTo(OutputStream.nullOutputStream());
      }
      return Optional.of(HexFormat.of().formatHex(sha256.digest()));
    } catch (IOException e) {
      log.warn("Cannot read plugin file {} ({}); trying again at the next check", name, e.toString());
      return Optional.empty();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Stages and loads the file: what was loaded, or why nothing was; empty when it cannot be copied just now. */
  private Optional<PluginFile> install(String name, FileStamp stamp, Path source, String sha256, int rank) {
    Path staged;
    try {
      staged = staging.stage(name, source, sha256);
    } catch (PluginProblem e) {
      return Optional.of(skipped(name, stamp, sha256, rank, e.getMessage()));
    } catch (IOException e) {
      log.warn("Cannot copy plugin file {} to {} ({}); trying again at the next check", name, staging.directory(),
          e.toString());
      return Optional.empty();
    }
    return Optional.of(load(name, stamp, sha256, staged, rank));
  }

  private PluginFile load(String name, FileStamp stamp, String sha256, Path staged, int rank) {
    Path pluginPath = staged;
    String problem;
    try {
      requireArchive(staged);
      pluginPath = FileUtils.expandIfZip(staged);
      String pluginId = manager.declaredId(pluginPath);
      Optional<PluginFile> holder = files.values().stream().filter(file -> pluginId.equals(file.pluginId())).findFirst();
      if (holder.isPresent()) {
        throw new PluginProblem("plugin id '" + pluginId + "' is loaded already, from " + holder.get().name() + "; remove one of the two files");
      }
      manager.loadPlugin(pluginPath);
      if (manager.startPlugin(pluginId) != PluginState.STARTED) {
        Throwable failure = manager.getPlugin(pluginId).getFailedException();
        throw new PluginProblem("it did not start" + (failure == null ? "" : ": " + ActionPluginManager.describe(failure)));
      }
      Map<String, TaskAction> provided = manager.createActions(pluginId);
      log.info("Loaded plugin '{}' {} from {}: {}", pluginId, manager.getPlugin(pluginId).getDescriptor().getVersion(), name,
          String.join(", ", provided.keySet()));
      return new PluginFile(name, stamp, sha256, rank, pluginId, staged, provided, null);
    } catch (PluginProblem e) {
      problem = e.getMessage();
    } catch (IOException | RuntimeException | LinkageError e) {
      problem = "it is not a usable PF4J plugin (" + ActionPluginManager.describe(e) + "). A plugin jar's MANIFEST.MF"
          + " names the plugin with Plugin-Id and Plugin-Version";
    }
    manager.unloadFrom(pluginPath);
    staging.delete(staged);
    return skipped(name, stamp, sha256, rank, problem);
  }

  private static PluginFile skipped(String name, FileStamp stamp, String sha256, int rank, String problem) {
    log.error("Skipping plugin file {}: {}. Other plugins keep working; replace or remove the file to try again.", name, problem);
    return new PluginFile(name, stamp, sha256, rank, null, null, Map.of(), problem);
  }

  /** Says what is wrong with a damaged file before PF4J logs a stack trace about it. */
  private static void requireArchive(Path file) throws PluginProblem {
    try (ZipFile archive = new ZipFile(file.toFile())) {
      archive.size();
    } catch (IOException e) {
      throw new PluginProblem("it is not a readable jar or zip (" + ActionPluginManager.describe(e) + ")");
    }
  }

  private void retrySkipped(Map<String, Path> present, Set<String> tried) {
    for (PluginFile file : byRank(files.values())) {
      if (file.isLoaded() || tried.contains(file.name())) {
        continue;
      }
      install(file.name(), file.stamp(), present.get(file.name()), file.sha256(), file.rank())
          .ifPresent(retried -> files.put(file.name(), retried));
    }
  }

  private void unload(PluginFile file) {
    if (!file.isLoaded()) {
      return;
    }
    try {
      manager.unloadPlugin(file.pluginId());
    } catch (RuntimeException e) {
      log.warn("Plugin '{}' from {} did not unload cleanly: {}", file.pluginId(), file.name(), e.toString());
    }
    staging.delete(file.staged());
  }

  private void publish() {
    Map<String, TaskAction> index = new HashMap<>();
    Map<String, String> providers = new HashMap<>();
    for (PluginFile file : byRank(files.values())) {
      file.actions().forEach((name, action) -> {
        String provider = providers.putIfAbsent(name, file.name());
        if (provider == null) {
          index.put(name, action);
        } else {
          log.warn("Action '{}' of plugin file {} is ignored: {}, installed before it, provides '{}' already. Remove one of them.",
              name, file.name(), provider, name);
        }
      });
    }
    actions = Map.copyOf(index);
    SortedMap<String, String> skipped = new TreeMap<>();
    files.values().stream().filter(file -> !file.isLoaded()).forEach(file -> skipped.put(file.name(), file.problem()));
    notLoaded = Collections.unmodifiableSortedMap(skipped);
    log.info("Installed actions: {}", index.isEmpty() ? "none" : String.join(", ", new TreeSet<>(index.keySet())));
  }

  private static List<PluginFile> byRank(Collection<PluginFile> files) {
    return files.stream().sorted(Comparator.comparingInt(PluginFile::rank)).toList();
  }

  /** What can be learnt about a file without reading it; empty when it vanished since the listing. */
  private record FileStamp(Path target, long size, FileTime modified, Object identity) {
    static Optional<FileStamp> of(Path file) {
      try {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return Optional.of(new FileStamp(file.toRealPath(), attributes.size(), attributes.lastModifiedTime(), attributes.fileKey()));
      } catch (IOException e) {
        return Optional.empty();
      }
    }
  }

  /** A file of the directory as last seen, with what was loaded from it, or why nothing was. */
  private record PluginFile(String name, FileStamp stamp, String sha256, int rank, String pluginId, Path staged,
      Map<String, TaskAction> actions, String problem) {

    boolean isLoaded() {
      return pluginId != null;
    }

    String actionList() {
      return String.join(", ", new TreeSet<>(actions.keySet()));
    }

    PluginFile restamped(FileStamp newStamp) {
      return new PluginFile(name, newStamp, sha256, rank, pluginId, staged, actions, problem);
    }
  }
}
