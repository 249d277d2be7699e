package cloud.sirocco.orca.action;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How action plugins are found and run; built once at start-up from the operator's configuration.
 *
 * @param pluginDir where plugin jars and zips are installed; default {@code /opt/orca/plugins}
 * @param pollInterval how often {@code pluginDir} is checked for new, changed and removed plugins; default 5 s;
 *     {@link Duration#ZERO} turns hot reload off
 * @param stagingDir where plugin files are copied before they are loaded, a directory that is Orca's alone (emptied
 *     at start); default {@code null}: a fresh directory under {@code java.io.tmpdir}
 * @param stagingLimit bytes {@code stagingDir}'s content may take, the size limit of the volume holding it; a plugin
 *     that would take it past the limit is not loaded; default 0: no limit
 * @param threads attempts running at once; default 4
 * @param queueSize actions that may wait, for a thread or for their next attempt, beyond those running; default 100.
 *     Actions beyond {@code threads + queueSize} are not queued but end at once as
 *     {@link ActionOutcome.Status#REJECTED}
 * @param attemptTimeout how long one attempt may take before it is abandoned; default 30 s
 * @param attempts attempts per action, the first included (1 to 10); default 3
 * @param backoff the wait before the second attempt, doubled before each further one; default 2 s
 */
public record ActionRunnerSettings(
    Path pluginDir,
    Duration pollInterval,
    Path stagingDir,
    long stagingLimit,
    int threads,
    int queueSize,
    Duration attemptTimeout,
    int attempts,
    Duration backoff) {

  public static final ActionRunnerSettings DEFAULTS = new ActionRunnerSettings(
      Path.of("/opt/orca/plugins"), Duration.ofSeconds(5), null, 0, 4, 100, Duration.ofSeconds(30), 3,
      Duration.ofSeconds(2));

  public ActionRunnerSettings {
    Objects.requireNonNull(pluginDir, "pluginDir");
    require(!pollInterval.isNegative(), "pollInterval must not be negative, not " + pollInterval);
    require(stagingLimit >= 0, "stagingLimit must not be negative, not " + stagingLimit);
    require(threads >= 1, "threads must be at least 1, not " + threads);
    require(queueSize >= 0, "queueSize must not be negative, not " + queueSize);
    require(attemptTimeout.compareTo(Duration.ZERO) > 0, "attemptTimeout must be positive, not " + attemptTimeout);
    require(attempts >= 1 && attempts <= 10, "attempts must be between 1 and 10, not " + attempts);
    require(!backoff.isNegative(), "backoff must not be negative, not " + backoff);
  }

  public ActionRunnerSettings withPluginDir(Path pluginDir) {
    return new ActionRunnerSettings(pluginDir, pollInterval, stagingDir, stagingLimit, threads, queueSize,
        attemptTimeout, attempts, backoff);
  }

  public ActionRunnerSettings withPollInterval(Duration pollInterval) {
    return new ActionRunnerSettings(pluginDir, pollInterval, stagingDir, stagingLimit, threads, queueSize,
        attemptTimeout, attempts, backoff);
  }

  /** Plugins staged in {@code stagingDir}, whose content may take {@code stagingLimit} bytes (0: any). */
  public ActionRunnerSettings withStaging(Path stagingDir, long stagingLimit) {
    return new ActionRunnerSettings(pluginDir, pollInterval, stagingDir, stagingLimit, threads, queueSize,
        attemptTimeout, attempts, backoff);
  }

  public ActionRunnerSettings withThreads(int threads) {
    return new ActionRunnerSettings(pluginDir, pollInterval, stagingDir, stagingLimit, threads, queueSize,
        attemptTimeout, attempts, backoff);
  }

  public ActionRunnerSettings withQueueSize(int queueSize) {
    return new ActionRunnerSettings(pluginDir, pollInterval, stagingDir, stagingLimit, threads, queueSize,
        attemptTimeout, attempts, backoff);
  }

  public ActionRunnerSettings withAttemptTimeout(Duration attemptTimeout) {
    return new ActionRunnerSettings(pluginDir, pollInterval, stagingDir, stagingLimit, threads, queueSize,
        attemptTimeout, attempts, backoff);
  }

  public ActionRunnerSettings withAttempts(int attempts) {
    return new ActionRunnerSettings(pluginDir, pollInterval, stagingDir, stagingLimit, threads, queueSize,
        attemptTimeout, attempts, backoff);
  }

  public ActionRunnerSettings withBackoff(Duration backoff) {
    return new ActionRunnerSettings(pluginDir, pollInterval, stagingDir, stagingLimit, threads, queueSize,
        attemptTimeout, attempts, backoff);
  }

  private static void require(boolean valid, String message) {
    if (!valid) {
      throw new IllegalArgumentException("action runner settings: " + message);
    }
  }
}
