package cloud.sirocco.orca.action;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds plugin jars and zips from compiled test classes, as PF4J's own {@code PluginJar} test helper does: a
 * MANIFEST.MF descriptor, the classes, and the {@code META-INF/extensions.idx} PF4J's annotation processor would write.
 */
final class PluginJar {

  private final String pluginId;
  private String version = "1.0.0";
  private boolean descriptor = true;
  private final List<Class<?>> actions = new ArrayList<>();
  private final List<Class<?>> bundled = new ArrayList<>();
  private int padding;

  private PluginJar(String pluginId) {
    this.pluginId = pluginId;
  }

  static PluginJar plugin(String pluginId) {
    return new PluginJar(pluginId);
  }

  PluginJar version(String version) {
    this.version = version;
    return this;
  }

  /** Classes packed and listed in the extension index. */
  PluginJar actions(Class<?>... types) {
    actions.addAll(List.of(types));
    return this;
  }

  /** Classes only packed. */
  PluginJar bundling(Class<?>... types) {
    bundled.addAll(List.of(types));
    return this;
  }

  /** An entry of {@code bytes} random bytes, which no compression shrinks: a jar of about that size. */
  PluginJar padding(int bytes) {
    padding = bytes;
    return this;
  }

  /** An ordinary jar: no Plugin-Id, no Plugin-Version. */
  PluginJar withoutDescriptor() {
    descriptor = false;
    return this;
  }

  /** Writes the jar to a hidden file beside {@code file}, then moves it there in one step, as an installer should. */
  Path writeTo(Path file) {
    return write(file, jar(descriptor));
  }

  /** A zip plugin: {@code plugin.properties} and the classes in {@code lib/}. */
  Path writeZipTo(Path file) {
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(zip)) {
      put(out, "plugin.properties", ("plugin.id=" + pluginId + "\nplugin.version=" + version + "\n").getBytes(StandardCharsets.UTF_8));
      put(out, "lib/" + pluginId + ".jar", jar(false));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return write(file, zip.toByteArray());
  }

  static Path write(Path file, byte[] content) {
    try {
      Path hidden = Files.createTempFile(file.getParent(), ".incoming-", ".tmp");
      Files.write(hidden, content);
      return Files.move(hidden, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] jar(boolean withDescriptor) {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (withDescriptor) {
      manifest.getMainAttributes().putValue("Plugin-Id", pluginId);
      manifest.getMainAttributes().putValue("Plugin-Version", version);
    }
    ByteArrayOutputStream jar = new ByteArrayOutputStream();
    try (JarOutputStream out = new JarOutputStream(jar, manifest)) {
      for (Class<?> type : union()) {
        put(out, type.getName().replace('.', '/') + ".class", classBytes(type));
      }
      if (!actions.isEmpty()) {
        String index = actions.stream().map(Class::getName).collect(Collectors.joining("\n", "", "\n"));
        put(out, "META-INF/extensions.idx", index.getBytes(StandardCharsets.UTF_8));
      }
      if (padding > 0) {
        byte[] random = new byte[padding];
        new Random(padding).nextBytes(random);
        put(out, "padding.bin", random);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return jar.toByteArray();
  }

  private List<Class<?>> union() {
    List<Class<?>> all = new ArrayList<>(actions);
    all.addAll(bundled);
    return all;
  }

  private static byte[] classBytes(Class<?> type) throws IOException {
    String resource = type.getName().replace('.', '/') + ".class";
    try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no class file for " + type.getName());
      }
      return in.readAllBytes();
    }
  }

  private static void put(ZipOutputStream out, String name, byte[] content) throws IOException {
    out.putNextEntry(new ZipEntry(name));
    out.write(content);
    out.closeEntry();
  }
}
