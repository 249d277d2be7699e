package cloud.sirocco.orca.action;

import cloud.sirocco.orca.action.ActionOutcome.Status;
import cloud.sirocco.orca.action.AttemptVerdict.Kind;
import cloud.sirocco.orca.concurrent.DaemonThreads;
import cloud.sirocco.orca.concurrent.Shutdown;
import cloud.sirocco.orca.plugin.api.ActionResult;
import cloud.sirocco.orca.plugin.api.TaskAction;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the actions of finished runs off the caller's thread, each attempt with a timeout, retrying with exponential
 * backoff.
 *
 * <p>An attempt runs on one of {@code threads} threads, as a {@link PluginCall}. A plugin's {@link ActionResult#retry
 * retryable failure}, an exception and a timeout are tried again as the {@link RetryPolicy} says; a {@link
 * ActionResult#failure failure} and a {@code null} result are final. At the timeout the attempt's thread is
 * interrupted and abandoned ({@link AttemptTimeouts}): the action goes on without it. A plugin holding {@code threads}
 * abandoned threads gets no more attempts until some come back ({@link AbandonedThreads}): its next attempts fail
 * and are retried as any failure. Waiting, for a thread or for the next attempt, is bounded: beyond
 * {@code threads + queueSize} actions in flight, an action ends at once as {@link Status#REJECTED}.
 *
 * <p>Messages, logs and metrics ({@link ActionMeters}) never show a value of an action's Secret.
 */
public final class ActionRunner implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ActionRunner.class);

  /** How long {@link #close} lets running attempts finish before interrupting them. */
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

  private final PluginRegistry plugins;
  private final RetryPolicy retries;
  private final Semaphore capacity;
  private final ThreadPoolExecutor workers;
  /** Fires timeouts and starts retries; never runs a plugin. */
  private final ScheduledThreadPoolExecutor timer;
  private final AbandonedThreads abandoned;
  private final AttemptTimeouts timeouts;
  private final Set<Flight> inFlight = ConcurrentHashMap.newKeySet();
  private final ActionMeters meters;
  private volatile boolean closed;

  public ActionRunner(PluginRegistry plugins, ActionRunnerSettings settings, MeterRegistry meters) {
    this.plugins = plugins;
    this.retries = RetryPolicy.of(settings);
    this.capacity = new Semaphore(settings.threads() + settings.queueSize());
    // Unbounded queue: the capacity semaphore already bounds what can wait in it.
    this.workers = new ThreadPoolExecutor(settings.threads(), settings.threads(), 1, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), new DaemonThreads("orca-action-"));
    this.timer = new ScheduledThreadPoolExecutor(1, new DaemonThreads("orca-action-timer-"));
    timer.setRemoveOnCancelPolicy(true);
    this.abandoned = new AbandonedThreads(workers, settings.threads());
    this.timeouts = new AttemptTimeouts(timer, settings.attemptTimeout(), abandoned);
    this.meters = new ActionMeters(meters, inFlight, abandoned);
  }

  /** How long one attempt may take: waiting this long gives every attempt running now the time to end. */
  public Duration attemptTimeout() {
    return timeouts.timeout();
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

  /** One attempt, on a worker thread; its verdict is concluded here, or on timeout. */
  private void attempt(Flight flight) {
    int number = flight.attempts + 1;
    Optional<TaskAction> action = plugins.find(flight.request.plugin());
    if (action.isEmpty()) {
      finish(flight, Status.UNKNOWN_ACTION, unknown(flight.request.plugin()), flight.attempts);
      return;
    }
    Optional<String> heldUp = abandoned.holdUp(flight.plugin());
    if (heldUp.isPresent()) {
      flight.attempts = number;
      conclude(flight, number, new AttemptVerdict(Kind.HELD_UP, heldUp.get()), 0);
      return;
    }
    AttemptTimeouts.Deadline deadline;
    try {
      deadline = timeouts.start(flight.plugin(), () -> timedOut(flight, number));
    } catch (RejectedExecutionException e) {
      shutDown(flight);
      return;
    }
    flight.attempts = number;
    long started = System.nanoTime();
    AttemptVerdict verdict = PluginCall.invoke(action.get(),
        flight.request.context().toBuilder().attempt(number).build(), flight.mask);
    if (deadline.answeredInTime()) {
      conclude(flight, number, verdict, System.nanoTime() - started);
    } else {
      log.warn("Action {} for run {}: attempt {} came back after its timeout; its answer ({}) is ignored",
          flight.name(), flight.run(), number, verdict.message());
    }
  }

  /** On the timer's thread, once the attempt was abandoned. */
  private void timedOut(Flight flight, int number) {
    AttemptVerdict verdict = new AttemptVerdict(Kind.TIMED_OUT,
        "the plugin gave no answer within " + seconds(timeouts.timeout()));
    submit(flight, () -> conclude(flight, number, verdict, timeouts.timeout().toNanos()));
  }

  private void conclude(Flight flight, int number, AttemptVerdict verdict, long nanos) {
    flight.lastAttempt = "; attempt " + number + " " + verdict.kind().said() + ": " + verdict.message();
    meters.attempt(flight.plugin(), verdict.kind(), nanos);
    Optional<Duration> delay = retries.delayAfter(number, verdict.kind());
    if (delay.isEmpty()) {
      finish(flight, verdict.kind().status, verdict.message(), number);
      return;
    }
    log.warn("Action {} for run {}: attempt {} of {} {}: {}; trying again in {}", flight.name(), flight.run(), number,
        retries.attempts(), verdict.kind().said(), verdict.message(), seconds(delay.get()));
    try {
      timer.schedule(() -> submit(flight, () -> attempt(flight)), delay.get().toNanos(), TimeUnit.NANOSECONDS);
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
          // A bug of Orca's, not the plugin's (PluginCall catches everything a plugin throws); the action must end.
          log.error("Action {} for run {} broke down", flight.name(), flight.run(), e);
          finish(flight, Status.FAILED, "Orca failed to run the action: " + ActionPluginManager.describe(e),
              flight.attempts);
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
    meters.outcome(flight.plugin(), status);
    if (status == Status.SUCCEEDED) {
      log.info("Action {} for run {} succeeded after {} attempt(s): {}", flight.name(), flight.run(), attempts,
          message);
    } else {
      log.warn("Action {} for run {} ended {} after {} attempt(s): {}", flight.name(), flight.run(), status, attempts,
          message);
    }
    flight.outcome.complete(outcome);
  }

  private String unknown(String plugin) {
    Set<String> installed = plugins.actionNames();
    return "no installed plugin provides action '" + plugin + "'; " + (installed.isEmpty()
        ? "no action is installed in " + plugins.directory()
        : "installed: " + String.join(", ", installed));
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
}
