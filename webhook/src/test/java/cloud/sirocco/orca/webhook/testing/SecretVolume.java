package cloud.sirocco.orca.webhook.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A directory laid out as the kubelet lays out a Secret volume: the files are symlinks through {@code ..data},
 * which points at a timestamped directory and is swapped atomically on update.
 */
public final class SecretVolume {

  private final Path dir;
  private int generation;

  public SecretVolume(Path dir, String certPem, String keyPem) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
      Path data = write(certPem, keyPem);
      Files.createSymbolicLink(dir.resolve("..data"), data.getFileName());
      Files.createSymbolicLink(dir.resolve("tls.crt"), Path.of("..data", "tls.crt"));
      Files.createSymbolicLink(dir.resolve("tls.key"), Path.of("..data", "tls.key"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path cert() {
    return dir.resolve("tls.crt");
  }

  public Path key() {
    return dir.resolve("tls.key");
  }

  /** Replaces both files at once, as a Secret update does, and removes the previous generation. */
  public void update(String certPem, String keyPem) {
    try {
      Path previous = dir.resolve("..data").toRealPath();
      Path data = write(certPem, keyPem);
      Path link = dir.resolve("..data_tmp");
      Files.createSymbolicLink(link, data.getFileName());
      Files.move(link, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
      try (Stream<Path> old = Files.walk(previous)) {
        old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path write(String certPem, String keyPem) throws IOException {
    Path data = Files.createDirectory(dir.resolve("..2026_11_22_00_00_00." + (++generation)));
    Files.writeString(data.resolve("tls.crt"), certPem, StandardCharsets.US_ASCII);
    Files.writeString(data.resolve("tls.key"), keyPem, StandardCharsets.US_ASCII);
    return data;
  }
}
