package cloud.sirocco.orca;

import cloud.sirocco.orca.action.ActionRunnerSettings;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's configuration, read once at start-up from the environment. Every setting has a default; the README
 * lists them.
 *
 * @param namespaces namespaces to watch ({@code ORCA_WATCH_NAMESPACES}, comma-separated); empty means all
 * @param httpBindAddress address of /healthz, /readyz and /metrics ({@code ORCA_HTTP_BIND_ADDRESS}, 0.0.0.0: all)
 * @param httpPort port of /healthz, /readyz and /metrics ({@code ORCA_HTTP_PORT}, 8080)
 * @param leaseNamespace where the leader-election Lease lives ({@code ORCA_LEADER_ELECTION_NAMESPACE}); empty
 *     disables leader election, which is right for a single replica
 * @param reconcileThreads concurrent reconciliations ({@code ORCA_RECONCILE_THREADS}, 10)
 * @param pluginDir where action plugin jars are loaded from ({@code ORCA_PLUGIN_DIR}, /opt/orca/plugins)
 * @param pluginPollInterval how often the plugin directory is checked for changes
 *     ({@code ORCA_PLUGIN_POLL_SECONDS}, 5)
 * @param pluginStagingDir where plugin files are copied before they are loaded, a directory that is Orca's alone
 *     ({@code ORCA_PLUGIN_STAGING_DIR}); null (the default) means a fresh directory under {@code java.io.tmpdir}
 * @param pluginStagingLimit bytes the staging directory may hold, the size limit of its volume
 *     ({@code ORCA_PLUGIN_STAGING_LIMIT}, a Kubernetes quantity such as {@code 64Mi}); 0 (the default) means none
 * @param actionThreads actions running at once ({@code ORCA_ACTION_THREADS}, 4)
 * @param actionTimeout how long one action attempt may take ({@code ORCA_ACTION_TIMEOUT_SECONDS}, 30)
 * @param actionAttempts attempts per action, retries included ({@code ORCA_ACTION_ATTEMPTS}, 3)
 * @param logTailLines log lines of a failed container handed to failure actions ({@code ORCA_LOG_TAIL_LINES}, 50)
 */
public record OperatorConfig(
    Set<String> namespaces,
    String httpBindAddress,
    int httpPort,
    String leaseNamespace,
    int reconcileThreads,
    Path pluginDir,
    Duration pluginPollInterval,
    Path pluginStagingDir,
    long pluginStagingLimit,
    int actionThreads,
    Duration actionTimeout,
    int actionAttempts,
    int logTailLines) {

  /** The action runtime's defaults are written once, in its settings. */
  private static final ActionRunnerSettings ACTIONS = ActionRunnerSettings.DEFAULTS;

  public static OperatorConfig fromEnvironment(Map<String, String> env) {
    return new OperatorConfig(
        Arrays.stream(env.getOrDefault("ORCA_WATCH_NAMESPACES", "").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet()),
        env.getOrDefault("ORCA_HTTP_BIND_ADDRESS", "0.0.0.0"),
        integer(env, "ORCA_HTTP_PORT", 8080),
        env.getOrDefault("ORCA_LEADER_ELECTION_NAMESPACE", ""),
        integer(env, "ORCA_RECONCILE_THREADS", 10),
        Path.of(env.getOrDefault("ORCA_PLUGIN_DIR", ACTIONS.pluginDir().toString())),
        Duration.ofSeconds(integer(env, "ORCA_PLUGIN_POLL_SECONDS", (int) ACTIONS.pollInterval().toSeconds())),
        env.getOrDefault("ORCA_PLUGIN_STAGING_DIR", "").isBlank() ? null
            : Path.of(env.get("ORCA_PLUGIN_STAGING_DIR").trim()),
        bytes(env, "ORCA_PLUGIN_STAGING_LIMIT"),
        integer(env, "ORCA_ACTION_THREADS", ACTIONS.threads()),
        Duration.ofSeconds(integer(env, "ORCA_ACTION_TIMEOUT_SECONDS", (int) ACTIONS.attemptTimeout().toSeconds())),
        integer(env, "ORCA_ACTION_ATTEMPTS", ACTIONS.attempts()),
        integer(env, "ORCA_LOG_TAIL_LINES", 50));
  }

  private static long bytes(Map<String, String> env, String key) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      return Quantity.getAmountInBytes(new Quantity(value.trim())).longValueExact();
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException(key + " must be a size such as 64Mi, not \"" + value + "\"", e);
    }
  }

  private static int integer(Map<String, String> env, String key, int fallback) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, not \"" + value + "\"", e);
    }
  }
}
