package cloud.sirocco.orca.webhook;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Everything the webhook can be told, read once from the environment at start-up. The defaults suit the Deployment
 * in {@code deploy/}; the webhook's README lists them.
 *
 * @param bindAddress the address the server listens on ({@code ORCA_WEBHOOK_BIND_ADDRESS}, 0.0.0.0: all)
 * @param port HTTPS port for admission, health and metrics ({@code ORCA_WEBHOOK_PORT}, 8443)
 * @param tlsCert PEM certificate chain, leaf first ({@code ORCA_WEBHOOK_TLS_CERT}, cert-manager's Secret mount)
 * @param tlsKey PEM private key, PKCS#8 or PKCS#1/SEC1 ({@code ORCA_WEBHOOK_TLS_KEY})
 * @param watchNamespaces namespaces whose Tasks and Ignitors are cached; empty means all
 *     ({@code ORCA_WATCH_NAMESPACES}, comma-separated)
 * @param maxBodyBytes largest AdmissionReview accepted ({@code ORCA_WEBHOOK_MAX_BODY_BYTES}, 3 MiB: the API
 *     server's own request limit)
 * @param tlsReloadInterval how often the PEM files are checked for a rotated certificate
 *     ({@code ORCA_WEBHOOK_TLS_RELOAD_SECONDS}, 5)
 * @param cacheGrace how long a request naming an object the cache does not hold yet waits for the cache to catch
 *     up, before the API server is asked ({@code ORCA_WEBHOOK_CACHE_GRACE_MILLIS}, 1000)
 * @param liveReadTimeout how long reading one such object from the API server may take before the request is
 *     refused as unconfirmed ({@code ORCA_WEBHOOK_LIVE_READ_TIMEOUT_MILLIS}, 1000: with the grace and the pod rights
 *     review, still inside the webhook configurations' 5 s)
 * @param checkPodRights whether writing a Task's spec needs the right to create pods in its namespace, asked of the
 *     API server by a SubjectAccessReview ({@code ORCA_WEBHOOK_CHECK_POD_RIGHTS}, true)
 * @param podRightsTimeout how long that review may take before the write is refused as unchecked
 *     ({@code ORCA_WEBHOOK_POD_RIGHTS_TIMEOUT_MILLIS}, 2000: well inside the webhook configurations' 5 s)
 * @param shutdownDrain how long a stopping webhook goes on answering, not ready and closing each connection it
 *     answers on, before it waits for requests in flight and stops ({@code ORCA_WEBHOOK_SHUTDOWN_DRAIN_SECONDS},
 *     5: time for the Service to drop the pod and for the API server to open connections elsewhere; keep it
 *     below the pod's termination grace period)
 */
public record WebhookConfig(
    String bindAddress,
    int port,
    Path tlsCert,
    Path tlsKey,
    Set<String> watchNamespaces,
    long maxBodyBytes,
    Duration tlsReloadInterval,
    Duration cacheGrace,
    Duration liveReadTimeout,
    boolean checkPodRights,
    Duration podRightsTimeout,
    Duration shutdownDrain) {

  public static final String TLS_DIR = "/etc/orca/webhook/tls";
  public static final int DEFAULT_PORT = 8443;
  public static final long DEFAULT_MAX_BODY_BYTES = 3L * 1024 * 1024;
  public static final Duration DEFAULT_TLS_RELOAD_INTERVAL = Duration.ofSeconds(5);
  public static final Duration DEFAULT_CACHE_GRACE = Duration.ofSeconds(1);
  public static final Duration DEFAULT_LIVE_READ_TIMEOUT = Duration.ofSeconds(1);
  public static final Duration DEFAULT_POD_RIGHTS_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_SHUTDOWN_DRAIN = Duration.ofSeconds(5);

  public WebhookConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("the body limit must be positive, not " + maxBodyBytes);
    }
    if (tlsReloadInterval.isNegative() || tlsReloadInterval.isZero()) {
      throw new IllegalArgumentException("the TLS reload interval must be positive, not " + tlsReloadInterval);
    }
    if (cacheGrace.isNegative()) {
      throw new IllegalArgumentException("the cache grace must not be negative, not " + cacheGrace);
    }
    if (liveReadTimeout.isNegative() || liveReadTimeout.isZero()) {
      throw new IllegalArgumentException("the live read timeout must be positive, not " + liveReadTimeout);
    }
    if (podRightsTimeout.isNegative() || podRightsTimeout.isZero()) {
      throw new IllegalArgumentException("the pod rights timeout must be positive, not " + podRightsTimeout);
    }
    if (shutdownDrain.isNegative()) {
      throw new IllegalArgumentException("the shutdown drain must not be negative, not " + shutdownDrain);
    }
    watchNamespaces = Set.copyOf(watchNamespaces);
  }

  /** Reads the configuration; an unreadable value fails start-up with a message naming the variable. */
  public static WebhookConfig fromEnv(Map<String, String> env) {
    return new WebhookConfig(
        read(env, "ORCA_WEBHOOK_BIND_ADDRESS", Function.identity(), "0.0.0.0"),
        read(env, "ORCA_WEBHOOK_PORT", Integer::parseInt, DEFAULT_PORT),
        read(env, "ORCA_WEBHOOK_TLS_CERT", Path::of, Path.of(TLS_DIR, "tls.crt")),
        read(env, "ORCA_WEBHOOK_TLS_KEY", Path::of, Path.of(TLS_DIR, "tls.key")),
        read(env, "ORCA_WATCH_NAMESPACES", WebhookConfig::namespaces, Set.of()),
        read(env, "ORCA_WEBHOOK_MAX_BODY_BYTES", Long::parseLong, DEFAULT_MAX_BODY_BYTES),
        read(env, "ORCA_WEBHOOK_TLS_RELOAD_SECONDS", s -> Duration.ofSeconds(Long.parseLong(s)),
            DEFAULT_TLS_RELOAD_INTERVAL),
        read(env, "ORCA_WEBHOOK_CACHE_GRACE_MILLIS", s -> Duration.ofMillis(Long.parseLong(s)),
            DEFAULT_CACHE_GRACE),
        read(env, "ORCA_WEBHOOK_LIVE_READ_TIMEOUT_MILLIS", s -> Duration.ofMillis(Long.parseLong(s)),
            DEFAULT_LIVE_READ_TIMEOUT),
        read(env, "ORCA_WEBHOOK_CHECK_POD_RIGHTS", WebhookConfig::bool, true),
        read(env, "ORCA_WEBHOOK_POD_RIGHTS_TIMEOUT_MILLIS", s -> Duration.ofMillis(Long.parseLong(s)),
            DEFAULT_POD_RIGHTS_TIMEOUT),
        read(env, "ORCA_WEBHOOK_SHUTDOWN_DRAIN_SECONDS", s -> Duration.ofSeconds(Long.parseLong(s)),
            DEFAULT_SHUTDOWN_DRAIN));
  }

  private static <T> T read(Map<String, String> env, String name, Function<String, T> parse, T fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return parse.apply(value.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(name + "=\"" + value + "\" cannot be used: " + e.getMessage(), e);
    }
  }

  /** Strictly true or false: a misspelt switch must not turn a security check off. */
  private static boolean bool(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("expected true or false");
    };
  }

  private static Set<String> namespaces(String list) {
    Set<String> names = new TreeSet<>();
    Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(names::add);
    return names;
  }
}
