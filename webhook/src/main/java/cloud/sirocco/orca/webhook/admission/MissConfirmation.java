package cloud.sirocco.orca.webhook.admission;

import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.validation.LookupNamespaceView;
import cloud.sirocco.orca.validation.NamespaceView;
import cloud.sirocco.orca.webhook.cache.LiveReads;
import cloud.sirocco.orca.webhook.cache.LiveReads.ReadFailedException;
import cloud.sirocco.orca.webhook.metrics.WebhookMetrics;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Asks the API server about the Tasks and Ignitors a cache lacked, before a request is refused for naming them: a
 * replica started a moment ago, or one on a busy cluster, may not hold yet what another replica admitted. One GET
 * per missed name, one after the other; the first that fails ends the confirmation, so a slow API server costs one
 * timeout, not one per name.
 */
final class MissConfirmation {

  private final LiveReads reads;
  private final WebhookMetrics metrics;

  MissConfirmation(LiveReads reads, WebhookMetrics metrics) {
    this.reads = reads;
    this.metrics = metrics;
  }

  /**
   * {@code view} with the missed objects the API server holds added, or empty when it holds none of them (the
   * cache's verdict stands).
   *
   * @throws UnconfirmedException when a read failed: whether that name exists is unknown
   */
  Optional<NamespaceView> confirm(NamespaceView view, MissRecordingView misses) throws UnconfirmedException {
    Map<String, Task> tasks = read("Task", view.namespace(), misses.missedTasks(), reads::task);
    Map<String, Ignitor> ignitors = read("Ignitor", view.namespace(), misses.missedIgnitors(), reads::ignitor);
    if (tasks.isEmpty() && ignitors.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new LookupNamespaceView(view.namespace(),
        name -> view.task(name).or(() -> Optional.ofNullable(tasks.get(name))),
        name -> view.ignitor(name).or(() -> Optional.ofNullable(ignitors.get(name))),
        view::tasksTriggeredBy));
  }

  /** A read of one object by name. */
  @FunctionalInterface
  private interface Read<T> {
    Optional<T> read(String namespace, String name) throws ReadFailedException;
  }

  private <T> Map<String, T> read(String kind, String namespace, Set<String> names, Read<T> read)
      throws UnconfirmedException {
    Map<String, T> found = new HashMap<>();
    for (String name : names) {
      Optional<T> held;
      try {
        held = read.read(namespace, name);
      } catch (ReadFailedException e) {
        metrics.recordLiveRead(kind, WebhookMetrics.LiveRead.FAILED);
        throw new UnconfirmedException(kind + " \"" + name + "\"", e.getMessage());
      }
      metrics.recordLiveRead(kind, held.isPresent() ? WebhookMetrics.LiveRead.FOUND : WebhookMetrics.LiveRead.ABSENT);
      held.ifPresent(object -> found.put(name, object));
    }
    return found;
  }

  /** A missed name the API server could not be asked about. */
  static final class UnconfirmedException extends Exception {

    private final String object;

    UnconfirmedException(String object, String why) {
      super(why);
      this.object = object;
    }

    /** The object asked for: {@code Ignitor "nightly"}. */
    String object() {
      return object;
    }
  }
}
