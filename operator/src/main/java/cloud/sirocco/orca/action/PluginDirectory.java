package cloud.sirocco.orca.action;

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
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory plugins are installed in: which of its files are plugins, and what tells whether one changed.
 *
 * <p>Every {@code *.jar} and {@code *.zip} directly in the directory is a plugin. Dot-entries (a ConfigMap volume's
 * {@code ..data} and its timestamped directories) and other files are ignored, and symbolic links are followed, so
 * a ConfigMap volume works as the directory. A file has changed when its content has: its {@link FileStamp} only
 * spares reading the files that did not move.
 */
final class PluginDirectory {

  private static final Logger log = LoggerFactory.getLogger(PluginDirectory.class);

  private final Path path;

  PluginDirectory(Path path) {
    this.path = path;
  }

  Path path() {
    return path;
  }

  /** The plugin files in the directory now, by file name; none while the directory does not exist. */
  SortedMap<String, Path> pluginFiles() throws IOException {
    if (!Files.isDirectory(path)) {
      return new TreeMap<>();
    }
    try (Stream<Path> entries = Files.list(path)) {
      return entries.filter(PluginDirectory::isPluginFile).collect(
          Collectors.toMap(entry -> entry.getFileName().toString(), entry -> entry, (a, b) -> a, TreeMap::new));
    }
  }

  /** The file's content hash; empty when it cannot be read just now. */
  static Optional<String> sha256(String name, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
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

  private static boolean isPluginFile(Path entry) {
    String name = entry.getFileName().toString();
    String lowerCase = name.toLowerCase(Locale.ROOT);
    return !name.startsWith(".") && (lowerCase.endsWith(".jar") || lowerCase.endsWith(".zip"))
        && Files.isRegularFile(entry);
  }

  /** What can be learnt about a file without reading it: its link target, size, modification time and identity. */
  record FileStamp(Path target, long size, FileTime modified, Object identity) {

    /** The file's stamp; empty when it vanished since the listing. */
    static Optional<FileStamp> of(Path file) {
      try {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return Optional.of(new FileStamp(file.toRealPath(), attributes.size(), attributes.lastModifiedTime(),
            attributes.fileKey()));
      } catch (IOException e) {
        return Optional.empty();
      }
    }
  }
}
