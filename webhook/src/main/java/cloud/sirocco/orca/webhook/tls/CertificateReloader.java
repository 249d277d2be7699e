package cloud.sirocco.orca.webhook.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks up a rotated certificate without a restart. cert-manager renews the Secret and the kubelet swaps the
 * volume's {@code ..data} symlink, so the files change all at once; polling their content (a digest of both) is
 * simpler and sturdier than file-system events through symlinks. A new SSLContext serves new connections only:
 * established connections and requests in flight keep theirs.
 */
public final class CertificateReloader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);

  private final Path certFile;
  private final Path keyFile;
  private final Consumer<SSLContext> install;
  private final ScheduledExecutorService poller;
  private volatile ServingCertificate current;
  private byte[] lastRejected;

  /**
   * @param current what the server serves now
   * @param install hands a new SSLContext to the listener
   */
  public CertificateReloader(Path certFile, Path keyFile, ServingCertificate current, Consumer<SSLContext> install) {
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.current = current;
    this.install = install;
    this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "orca-tls-reloader");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Checks the files every {@code interval} from now on. */
  public CertificateReloader start(Duration interval) {
    poller.scheduleWithFixedDelay(this::checkQuietly, interval.toMillis(), interval.toMillis(),
        TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * Reads the files once and installs them if they changed and are usable. A half-written or mismatched pair is
   * logged once and left alone: the server keeps the certificate it has.
   *
   * @return whether a new certificate was installed
   */
  public synchronized boolean checkNow() {
    PemFiles files;
    try {
      files = PemFiles.read(certFile, keyFile);
    } catch (IOException e) {
      LOG.warn("Cannot read the TLS files {} and {} ({}); still serving {}", certFile, keyFile, e.getMessage(),
          current.describe());
      return false;
    }
    byte[] fingerprint = files.fingerprint();
    if (current.sameFiles(fingerprint) || Arrays.equals(fingerprint, lastRejected)) {
      return false;
    }
    ServingCertificate next;
    try {
      next = ServingCertificate.from(files);
    } catch (IllegalArgumentException e) {
      lastRejected = fingerprint;
      LOG.warn("The TLS files changed but cannot be used yet ({}); still serving {}", e.getMessage(),
          current.describe());
      return false;
    }
    install.accept(next.sslContext());
    LOG.info("TLS certificate reloaded: now serving {} instead of {}", next.describe(), current.describe());
    current = next;
    lastRejected = null;
    return true;
  }

  ServingCertificate current() {
    return current;
  }

  private void checkQuietly() {
    try {
      checkNow();
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again: keep polling whatever happened.
      LOG.error("Checking the TLS files failed; will check again", e);
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
