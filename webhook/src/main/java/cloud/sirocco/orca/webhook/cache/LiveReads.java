package cloud.sirocco.orca.webhook.cache;

import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.Task;
import java.util.Optional;

/**
 * One Task or Ignitor read from the API server by name: the truth a {@link WorkflowCache} miss is checked against
 * before a request is refused for naming what the cache lacks. An API call, so only for misses, never per lookup.
 */
public interface LiveReads {

  /** @throws ReadFailedException when the API server could not be asked, or did not answer in time */
  Optional<Task> task(String namespace, String name) throws ReadFailedException;

  /** @throws ReadFailedException when the API server could not be asked, or did not answer in time */
  Optional<Ignitor> ignitor(String namespace, String name) throws ReadFailedException;

  /** The API server's answer could not be had; the message says why, in a phrase. */
  final class ReadFailedException extends Exception {
    public ReadFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
