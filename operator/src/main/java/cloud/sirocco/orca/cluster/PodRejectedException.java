package cloud.sirocco.orca.cluster;

/**
 * The API server refused a run's pod for good: a PodSecurity level, a ResourceQuota, an invalid pod spec, a missing
 * ServiceAccount. Creating it again would be refused again, so the run fails instead of being retried.
 */
public final class PodRejectedException extends RuntimeException {

  private final String pod;

  public PodRejectedException(String pod, String message, Throwable cause) {
    super(message, cause);
    this.pod = pod;
  }

  /** The name the refused pod would have had: the run's name. */
  public String pod() {
    return pod;
  }
}
