package cloud.sirocco.orca.action;

import cloud.sirocco.orca.plugin.api.TaskAction;
import java.net.URL;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.DefaultPluginLoader;
import org.pf4j.DefaultPluginManager;
import org.pf4j.IndexedExtensionFinder;
import org.pf4j.JarPluginLoader;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;
import org.pf4j.PluginManager;
import org.pf4j.RuntimeMode;

/**
 * PF4J, set up for Orca's action plugins: every plugin gets a {@link SharedApiClassLoader}, and the registry loads
 * and unloads plugins one file at a time. Not thread-safe: {@link PluginRegistry} serialises every call.
 */
final class ActionPluginManager extends DefaultPluginManager {

  /** A plugin's problem, said in a sentence that ends "Skipping plugin file x.jar: ...". */
  static final class PluginProblem extends Exception {
    PluginProblem(String message) {
      super(message);
    }
  }

  ActionPluginManager(Path pluginsRoot) {
    super(pluginsRoot);
  }

  /** Always jars and zips from the directory, whatever {@code pf4j.mode} says. */
  @Override
  public RuntimeMode getRuntimeMode() {
    return RuntimeMode.DEPLOYMENT;
  }

  @Override
  protected PluginLoader createPluginLoader() {
    return new CompoundPluginLoader()
        .add(new JarPluginLoader(this) {
          @Override
          protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
            return new SharedApiClassLoader(pluginManager, descriptor);
          }
        })
        .add(new DefaultPluginLoader(this) {
          @Override
          protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
            return new SharedApiClassLoader(pluginManager, descriptor);
          }
        });
  }

  /** The id the plugin at {@code pluginPath} declares; a PF4J exception when it is not a plugin. */
  String declaredId(Path pluginPath) {
    PluginDescriptor descriptor = getPluginDescriptorFinder().find(pluginPath);
    validatePluginDescriptor(descriptor);
    return descriptor.getPluginId();
  }

  /** Unloads whatever was loaded from {@code pluginPath}, if anything. */
  void unloadFrom(Path pluginPath) {
    String pluginId = idForPath(pluginPath);
    if (pluginId != null) {
      unloadPlugin(pluginId);
    }
  }

  /** One instance of each of the started plugin's actions, by lower-case name. */
  Map<String, TaskAction> createActions(String pluginId) throws PluginProblem {
    Map<String, TaskAction> actions = new LinkedHashMap<>();
    List<Class<? extends TaskAction>> classes = getExtensionClasses(TaskAction.class, pluginId);
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(getPluginClassLoader(pluginId));
    try {
      for (Class<? extends TaskAction> type : classes) {
        TaskAction action = create(type);
        String name = nameOf(action);
        TaskAction twin = actions.putIfAbsent(name, action);
        if (twin != null) {
          throw new PluginProblem("its classes " + twin.getClass().getName() + " and " + type.getName()
              + " both call their action '" + name + "'");
        }
      }
    } finally {
      thread.setContextClassLoader(previous);
    }
    if (actions.isEmpty()) {
      throw new PluginProblem("it provides no TaskAction. Its classes implementing TaskAction need @Extension, and the"
          + " jar needs the META-INF/extensions.idx that PF4J's annotation processor writes for them");
    }
    return actions;
  }

  private TaskAction create(Class<? extends TaskAction> type) throws PluginProblem {
    try {
      return getExtensionFactory().create(type);
    } catch (RuntimeException | LinkageError e) {
      // PF4J wraps what the constructor threw; a static initialiser's failure comes wrapped by the JVM.
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new PluginProblem("its action " + type.getName() + " could not be created: " + describe(cause));
    }
  }

  private static String nameOf(TaskAction action) throws PluginProblem {
    String name;
    try {
      name = action.name();
    } catch (RuntimeException | LinkageError e) {
      throw new PluginProblem("name() of its action " + action.getClass().getName() + " threw " + describe(e));
    }
    if (name == null || name.isBlank()) {
      throw new PluginProblem("its action " + action.getClass().getName() + " has no name: name() returned '" + name + "'");
    }
    return name.strip().toLowerCase(Locale.ROOT);
  }

  static String describe(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /**
   * Plugin-first, as PF4J's loader is, except for what a plugin shares with Orca: the plugin API, Jackson and SLF4J
   * always come from Orca, even when a plugin jar carries its own copy, so that "X cannot be cast to X" cannot happen.
   */
  static final class SharedApiClassLoader extends PluginClassLoader {

    static final List<String> PARENT_FIRST = List.of("cloud.sirocco.orca.plugin.api.", "com.fasterxml.jackson.", "org.slf4j.");

    SharedApiClassLoader(PluginManager pluginManager, PluginDescriptor descriptor) {
      super(pluginManager, descriptor, ActionPluginManager.class.getClassLoader());
    }

    @Override
    protected boolean shouldDelegateToParent(String className) {
      return super.shouldDelegateToParent(className) || PARENT_FIRST.stream().anyMatch(className::startsWith);
    }

    /** A plugin's extension index is its own: PF4J would otherwise fall back to one on Orca's class path. */
    @Override
    public URL getResource(String name) {
      return IndexedExtensionFinder.EXTENSIONS_RESOURCE.equals(name) ? findResource(name) : super.getResource(name);
    }
  }
}
