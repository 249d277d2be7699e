package cloud.sirocco.orca.action;

import cloud.sirocco.orca.action.ActionPluginManager.PluginProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory plugin files are copied to before they are loaded, its content kept within a size limit.
 *
 * <p>The limit is that of the volume holding the directory: in Kubernetes an emptyDir's {@code sizeLimit}, past which
 * the kubelet evicts the whole pod. So a copy that would take the directory's content past the limit is refused
 * before anything is written, counting a zip with what PF4J expands it into, and in 4 KiB blocks as a file system
 * stores files. A configured directory is Orca's alone: what an earlier process left there (an emptyDir outlives a
 * container's restart) is deleted at start.
 */
final class PluginStaging implements AutoCloseable {

  /** No limit: the directory may grow as large as its file system lets it. */
  static final long NO_LIMIT = 0;

  private static final Logger log = LoggerFactory.getLogger(PluginStaging.class);
  private static final long BLOCK = 4096;
  private static final long KIB = 1024;
  private static final long MIB = 1024 * KIB;

  private final Path directory;
  private final long limit;
  private final boolean temporary;

  private PluginStaging(Path directory, long limit, boolean temporary) {
    this.directory = directory;
    this.limit = limit;
    this.temporary = temporary;
  }

  /** A fresh directory under {@code java.io.tmpdir}, without a limit, deleted on {@link #close}. */
  static PluginStaging temporary() throws IOException {
    return new PluginStaging(Files.createTempDirectory("orca-plugins-"), NO_LIMIT, true);
  }

  /** {@code directory}, emptied now, whose content may not exceed {@code limit} bytes ({@link #NO_LIMIT}: any). */
  static PluginStaging in(Path directory, long limit) throws IOException {
    if (limit < 0) {
      throw new IllegalArgumentException("the plugin staging limit must not be negative, not " + limit);
    }
    Files.createDirectories(directory);
    try (Stream<Path> leftovers = Files.list(directory)) {
      leftovers.forEach(PluginStaging::deleteRecursively);
    }
    return new PluginStaging(directory, limit, false);
  }

  Path directory() {
    return directory;
  }

  /**
   * A copy of {@code source} named by its content, or a problem saying that it does not fit: the copy, and for a zip
   * what it expands to, would take the directory past its limit.
   */
  Path stage(String name, Path source, String sha256) throws IOException, PluginProblem {
    if (limit != NO_LIMIT) {
      long needed = needed(source);
      long free = Math.max(0, limit - used());
      if (needed > free) {
        throw new PluginProblem("too large to stage: it needs " + size(needed) + ", and " + size(free) + " of the "
            + size(limit) + " limit of the staging directory " + directory + " are free (ORCA_PLUGIN_STAGING_LIMIT)."
            + " Raise the limit together with the size of the volume it is on, or remove plugins");
      }
    }
    Path incoming = Files.createTempFile(directory, "incoming-", ".tmp");
    try {
      Files.copy(source, incoming, StandardCopyOption.REPLACE_EXISTING);
      return Files.move(incoming, directory.resolve(sha256.substring(0, 12) + "-" + name),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      deleteRecursively(incoming);
      throw e;
    }
  }

  /** Deletes a copy and, for a zip, the directory PF4J expanded it into. */
  void delete(Path staged) {
    deleteRecursively(staged);
    String name = staged.getFileName().toString();
    if (isZip(name)) {
      deleteRecursively(staged.resolveSibling(name.substring(0, name.length() - ".zip".length())));
    }
  }

  /** The bytes the directory's content takes, in whole blocks. */
  long used() {
    try (Stream<Path> tree = Files.walk(directory)) {
      return tree.filter(path -> !path.equals(directory)).mapToLong(PluginStaging::blocks).sum();
    } catch (IOException | UncheckedIOException e) {
      log.debug("Cannot measure {}: {}", directory, e.toString());
      return 0;
    }
  }

  /** Deletes the directory's content, and the directory itself when it was made for this process. */
  @Override
  public void close() {
    if (temporary) {
      deleteRecursively(directory);
      return;
    }
    try (Stream<Path> content = Files.list(directory)) {
      content.forEach(PluginStaging::deleteRecursively);
    } catch (IOException e) {
      log.debug("Cannot empty {}: {}", directory, e.toString());
    }
  }

  /** What staging {@code source} takes: its copy, and for a zip each expanded entry and the directory holding them. */
  private static long needed(Path source) throws IOException {
    long needed = blocks(Files.size(source));
    if (!isZip(source.getFileName().toString())) {
      return needed;
    }
    try (ZipFile zip = new ZipFile(source.toFile())) {
      needed += BLOCK;
      for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
        ZipEntry entry = entries.nextElement();
        needed += blocks(Math.max(entry.getSize(), entry.getCompressedSize()));
      }
    } catch (IOException e) {
      // Not a zip after all: loading it fails and says so; only the copy is written.
    }
    return needed;
  }

  private static long blocks(Path path) {
    try {
      return Files.isDirectory(path) ? BLOCK : blocks(Files.size(path));
    } catch (IOException e) {
      return 0; // gone since it was listed
    }
  }

  private static long blocks(long bytes) {
    return Math.max(1, (bytes + BLOCK - 1) / BLOCK) * BLOCK;
  }

  private static boolean isZip(String name) {
    return name.toLowerCase(Locale.ROOT).endsWith(".zip");
  }

  private static String size(long bytes) {
    if (bytes < MIB) {
      return (bytes + KIB - 1) / KIB + " KiB";
    }
    return bytes % MIB == 0 ? bytes / MIB + " MiB" : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
  }

  private static void deleteRecursively(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(path)) {
      for (Path entry : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(entry);
      }
    } catch (IOException e) {
      log.debug("Cannot delete {}: {}", path, e.toString());
    }
  }
}
