package cloud.sirocco.orca.action;

import cloud.sirocco.orca.action.ActionOutcome.Status;
import cloud.sirocco.orca.concurrent.DaemonThreads;
import cloud.sirocco.orca.concurrent.Shutdown;
import cloud.sirocco.orca.plugin.api.ActionContext;
import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugin.api.TaskAction;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the actions of finished runs off the caller's thread, each attempt with a timeout, retrying with exponential
 * backoff.
 *
 * <p>An attempt runs on one of {@code threads} threads, with the thread context class loader set to its plugin's.
 * A plugin's {@link ActionResult#retry retryable failure}, an exception and a timeout are tried again, after
 * {@code backoff}, then twice that, and so on, until {@code attempts} have been made; a {@link ActionResult#failure
 * failure} and a {@code null} result are final. At the timeout the attempt's thread is interrupted and abandoned:
 * the action goes on without it, and a new thread takes its place, so a plugin that ignores interruption never holds
 * a thread the runner counts on. Such threads are bounded too: while {@code threads} attempts of one plugin are still
 * running after their timeout, its next attempts are not started but fail (and are retried as any failure), so a
 * plugin that hangs for good costs at most {@code threads} threads and its actions end, while other plugins run as
 * before. Waiting, for a thread or for the next attempt, is bounded: beyond {@code threads + queueSize} actions in
 * flight, an action ends at once as {@link Status#REJECTED}.
 *
 * <p>Messages, logs and metrics never show a value of an action's Secret. Meters: {@code orca.actions} (counter:
 * {@code action}, {@code outcome}; Prometheus {@code orca_actions_total}), {@code orca.action.attempt.duration} (timer:
 * {@code action}, {@code result}), {@code orca.actions.in.flight} and {@code orca.action.attempts.abandoned} (gauges).
 * The {@code action} tag is the plugin's action name.
 */
public final class ActionRunner implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ActionRunner.class);

  /** How long {@link #close} lets running attempts finish before interrupting them. */
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
  /** Keeps a plugin's message fit for an Event and the Task's status. */
  private static final int MAX_MESSAGE_CHARS = 1000;

  private final PluginRegistry plugins;
  private final ActionRunnerSettings settings;
  private final MeterRegistry meters;
  private final Semaphore capacity;
  private final ThreadPoolExecutor workers;
  /** Fires timeouts and starts retries; never runs a plugin. */
  private final ScheduledThreadPoolExecutor timer;
  private final Set<Flight> inFlight = ConcurrentHashMap.newKeySet();
  /** Threads lost to attempts that ignored their timeout; each was replaced. Changed under the lock of workers. */
  private final AtomicInteger abandoned = new AtomicInteger();
  /** The same, by plugin: one that reaches {@code threads} gets no more attempts until some come back. */
  private final ConcurrentHashMap<String, AtomicInteger> abandonedByPlugin = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public ActionRunner(PluginRegistry plugins, ActionRunnerSettings settings, MeterRegistry meters) {
    this.plugins = plugins;
    this.settings = settings;
    this.meters = meters;
    this.capacity = new Semaphore(settings.threads() + settings.queueSize());
    // Unbounded queue: the capacity semaphore already bounds what can wait in it.
    this.workers = new ThreadPoolExecutor(settings.threads(), settings.threads(), 1, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), new DaemonThreads("orca-action-"));
    this.timer = new ScheduledThreadPoolExecutor(1, new DaemonThreads("orca-action-timer-"));
    timer.setRemoveOnCancelPolicy(true);
    Gauge.builder("orca.actions.in.flight", inFlight, Set::size)
        .description("Actions accepted and not yet finished").register(meters);
    Gauge.builder("orca.action.attempts.abandoned", abandoned, AtomicInteger::get)
        .description("Attempts still running after their timeout: plugins that ignore interruption").register(meters);
  }

  /** How long one attempt may take: waiting this long gives every attempt running now the time to end. */
  public Duration attemptTimeout() {
    return settings.attemptTimeout();
  }

  /**
   * Runs the actions and completes, with their outcomes in the same order, when every one has its final outcome.
   * Never blocks: an unknown action or one beyond the runner's capacity ends at once. The future completes on one
   * of the runner's threads (or the caller's, when everything ended at once): chain slow work with an
   * {@code *Async} method and an executor of your own.
   */
  public CompletableFuture<List<ActionOutcome>> run(List<ActionRequest> requests) {
    List<CompletableFuture<ActionOutcome>> outcomes = requests.stream().map(this::start).toList();
    return CompletableFuture.allOf(outcomes.toArray(new CompletableFuture<?>[0]))
        .thenApply(allDone -> outcomes.stream().map(CompletableFuture::join).toList());
  }

  /**
   * Stops taking actions, lets running attempts finish for up to 5 seconds, then interrupts them; every action not
   * finished by then ends as {@link Status#REJECTED}. Does not close the {@link PluginRegistry}.
   */
  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    Shutdown.within(workers, CLOSE_GRACE);
    for (Flight flight : List.copyOf(inFlight)) {
      shutDown(flight);
    }
  }

  private CompletableFuture<ActionOutcome> start(ActionRequest request) {
    Flight flight = new Flight(request);
    if (closed) {
      shutDown(flight);
    } else if (plugins.find(request.plugin()).isEmpty()) {
      finish(flight, Status.UNKNOWN_ACTION, unknown(request.plugin()), 0);
    } else if (!capacity.tryAcquire()) {
      finish(flight, Status.REJECTED, "not run: Orca is already running or queueing " + inFlight.size()
          + " actions, as many as it is set up to hold", 0);
    } else {
      inFlight.add(flight);
      submit(flight, () -> attempt(flight));
    }
    return flight.outcome;
  }

  /** One attempt, on a worker thread; its verdict is concluded here, or by the timer when it times out. */
  private void attempt(Flight flight) {
    int number = flight.attempts + 1;
    Optional<TaskAction> action = plugins.find(flight.request.plugin());
    if (action.isEmpty()) {
      finish(flight, Status.UNKNOWN_ACTION, unknown(flight.request.plugin()), flight.attempts);
      return;
    }
    int held = abandonedBy(flight.plugin()).get();
    if (held >= settings.threads()) {
      flight.attempts = number;
      conclude(flight, number, new Verdict(Verdict.Kind.HELD_UP, "not started: " + held + " earlier attempt"
          + (held == 1 ? " is" : "s are") + " still running after the timeout, ignoring interruption, as many as one "
          + "plugin may hold"), 0);
      return;
    }
    Attempt attempt = new Attempt(Thread.currentThread(), flight.plugin());
    ScheduledFuture<?> deadline;
    try {
      deadline = timer.schedule(() -> expire(flight, attempt, number), settings.attemptTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      shutDown(flight);
      return;
    }
    flight.attempts = number;
    long started = System.nanoTime();
    Verdict verdict = invoke(action.get(), flight.request.context().toBuilder().attempt(number).build(), flight.mask);
    deadline.cancel(false);
    boolean inTime = attempt.settle();
    // After settle(), a timeout's interrupt has been delivered, if there was one; it must not outlive the attempt.
    Thread.interrupted();
    if (inTime) {
      conclude(flight, number, verdict, System.nanoTime() - started);
    } else {
      log.warn("Action {} for run {}: attempt {} came back after its timeout; its answer ({}) is ignored",
          flight.name(), flight.run(), number, verdict.message());
      returnAbandonedThread(flight.plugin());
    }
  }

  /** On the timer thread: gives up on an attempt that is still running. */
  private void expire(Flight flight, Attempt attempt, int number) {
    if (attempt.abandon()) {
      Verdict timedOut = new Verdict(Verdict.Kind.TIMED_OUT,
          "the plugin gave no answer within " + seconds(settings.attemptTimeout()));
      submit(flight, () -> conclude(flight, number, timedOut, settings.attemptTimeout().toNanos()));
    }
  }

  private void conclude(Flight flight, int number, Verdict verdict, long nanos) {
    flight.lastAttempt = "; attempt " + number + " " + verdict.kind().said() + ": " + verdict.message();
    Timer.builder("orca.action.attempt.duration")
        .description("Time one attempt of an action took")
        .tag("action", flight.plugin())
        .tag("result", verdict.kind().name().toLowerCase(Locale.ROOT))
        .register(meters)
        .record(nanos, TimeUnit.NANOSECONDS);
    if (!verdict.kind().retryable || number >= settings.attempts()) {
      finish(flight, verdict.kind().status, verdict.message(), number);
      return;
    }
    Duration delay = settings.backoff().multipliedBy(1L << (number - 1));
    log.warn("Action {} for run {}: attempt {} of {} {}: {}; trying again in {}", flight.name(), flight.run(), number,
        settings.attempts(), verdict.kind().said(), verdict.message(), seconds(delay));
    try {
      timer.schedule(() -> submit(flight, () -> attempt(flight)), delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      shutDown(flight);
    }
  }

  private void submit(Flight flight, Runnable step) {
    try {
      workers.execute(() -> {
        try {
          step.run();
        } catch (RuntimeException e) {
          // A bug of Orca's, not the plugin's (invoke catches everything a plugin throws); the action must still end.
          log.error("Action {} for run {} broke down", flight.name(), flight.run(), e);
          finish(flight, Status.FAILED, "Orca failed to run the action: " + ActionPluginManager.describe(e), flight.attempts);
        }
      });
    } catch (RejectedExecutionException e) {
      shutDown(flight);
    }
  }

  private void shutDown(Flight flight) {
    finish(flight, Status.REJECTED, flight.attempts == 0
        ? "not run: Orca is shutting down"
        : "Orca shut down before the action finished" + flight.lastAttempt, flight.attempts);
  }

  private void finish(Flight flight, Status status, String message, int attempts) {
    if (!flight.finished.compareAndSet(false, true)) {
      return;
    }
    if (inFlight.remove(flight)) {
      capacity.release();
    }
    ActionOutcome outcome = new ActionOutcome(flight.name(), flight.plugin(), status, message, attempts);
    meters.counter("orca.actions", "action", flight.plugin(), "outcome", status.name().toLowerCase(Locale.ROOT)).increment();
    if (status == Status.SUCCEEDED) {
      log.info("Action {} for run {} succeeded after {} attempt(s): {}", flight.name(), flight.run(), attempts, message);
    } else {
      log.warn("Action {} for run {} ended {} after {} attempt(s): {}", flight.name(), flight.run(), status, attempts, message);
    }
    flight.outcome.complete(outcome);
  }

  private static Verdict invoke(TaskAction action, ActionContext context, SecretMask mask) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(action.getClass().getClassLoader());
    try {
      ActionResult result = action.execute(context);
      if (result == null) {
        return new Verdict(Verdict.Kind.NO_RESULT, "the plugin returned no result");
      }
      return new Verdict(Verdict.Kind.of(result.status()), clean(result.message(), mask));
    } catch (Throwable e) {
      // Whatever a plugin throws, Errors included, must end in a verdict: the action's future depends on it.
      return new Verdict(Verdict.Kind.THREW, clean("the plugin threw " + ActionPluginManager.describe(e) + causeOf(e), mask));
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static String causeOf(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? "" : " (caused by " + ActionPluginManager.describe(root) + ")";
  }

  private static String clean(String message, SecretMask mask) {
    String masked = mask.apply(message);
    return masked.length() <= MAX_MESSAGE_CHARS ? masked : masked.substring(0, MAX_MESSAGE_CHARS - 1) + "…";
  }

  private String unknown(String plugin) {
    Set<String> installed = plugins.actionNames();
    return "no installed plugin provides action '" + plugin + "'; " + (installed.isEmpty()
        ? "no action is installed in " + plugins.directory()
        : "installed: " + String.join(", ", installed));
  }

  /** A thread stays with an attempt that ignored its timeout: another takes its place while it does. */
  private void replaceAbandonedThread(String plugin) {
    synchronized (workers) {
      abandonedBy(plugin).incrementAndGet();
      int size = settings.threads() + abandoned.incrementAndGet();
      workers.setMaximumPoolSize(size);
      workers.setCorePoolSize(size);
    }
  }

  private void returnAbandonedThread(String plugin) {
    synchronized (workers) {
      abandonedBy(plugin).decrementAndGet();
      int size = settings.threads() + abandoned.decrementAndGet();
      workers.setCorePoolSize(size);
      workers.setMaximumPoolSize(size);
    }
  }

  private AtomicInteger abandonedBy(String plugin) {
    return abandonedByPlugin.computeIfAbsent(plugin, p -> new AtomicInteger());
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
  }

  /** One action on its way to an outcome. */
  private static final class Flight {
    final ActionRequest request;
    final SecretMask mask;
    final CompletableFuture<ActionOutcome> outcome = new CompletableFuture<>();
    final AtomicBoolean finished = new AtomicBoolean();
    /** Attempts made; one attempt at a time writes it, and the executors order those writes. */
    volatile int attempts;
    /** How the last concluded attempt went, for a message if the runner shuts down before the next one. */
    volatile String lastAttempt = "";

    Flight(ActionRequest request) {
      this.request = request;
      this.mask = new SecretMask(request.context().secrets());
    }

    String name() {
      return request.context().actionName();
    }

    String plugin() {
      return request.plugin().strip().toLowerCase(Locale.ROOT);
    }

    String run() {
      return request.context().namespace() + "/" + request.context().runId();
    }
  }

  /** Who settles an attempt: the plugin by answering, or the timer by giving up on it; whoever comes first. */
  private final class Attempt {
    private final Thread thread;
    private final String plugin;
    private boolean settled;

    Attempt(Thread thread, String plugin) {
      this.thread = thread;
      this.plugin = plugin;
    }

    /** By the attempt's thread, once the plugin answered: true when the answer counts. */
    synchronized boolean settle() {
      boolean first = !settled;
      settled = true;
      return first;
    }

    /** By the timer: true when the attempt was still running, which is now interrupted and its thread replaced. */
    synchronized boolean abandon() {
      if (settled) {
        return false;
      }
      settled = true;
      // Replaced before the interrupt, so that the thread cannot give itself back before it was counted as lost.
      replaceAbandonedThread(plugin);
      thread.interrupt();
      return true;
    }
  }

  /** What one attempt came to. */
  private record Verdict(Kind kind, String message) {

    enum Kind {
      SUCCEEDED(false, Status.SUCCEEDED),
      FAILED(false, Status.FAILED),
      RETRYABLE_FAILURE(true, Status.FAILED),
      NO_RESULT(false, Status.FAILED),
      THREW(true, Status.FAILED),
      TIMED_OUT(true, Status.TIMED_OUT),
      /** Not started: the plugin already holds as many abandoned threads as it may. */
      HELD_UP(true, Status.FAILED);

      final boolean retryable;
      /** The action's final status when this is its last attempt. */
      final Status status;

      Kind(boolean retryable, Status status) {
        this.retryable = retryable;
        this.status = status;
      }

      String said() {
        return switch (this) {
          case SUCCEEDED -> "succeeded";
          case TIMED_OUT -> "timed out";
          case HELD_UP -> "was held up";
          default -> "failed";
        };
      }

      static Kind of(ActionResult.Status status) {
        return switch (status) {
          case SUCCEEDED -> SUCCEEDED;
          case FAILED -> FAILED;
          case RETRYABLE_FAILURE -> RETRYABLE_FAILURE;
        };
      }
    }
  }
}
