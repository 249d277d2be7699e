package cloud.sirocco.orca.webhook;

import cloud.sirocco.orca.webhook.access.PodCreationRights;
import cloud.sirocco.orca.webhook.access.SubjectAccessReviewRights;
import cloud.sirocco.orca.webhook.admission.AdmissionEndpoint;
import cloud.sirocco.orca.webhook.admission.AdmissionJson;
import cloud.sirocco.orca.webhook.admission.MutatingHandler;
import cloud.sirocco.orca.webhook.admission.ValidatingHandler;
import cloud.sirocco.orca.webhook.cache.ClientLiveReads;
import cloud.sirocco.orca.webhook.cache.InformerWorkflowCache;
import cloud.sirocco.orca.webhook.cache.LiveReads;
import cloud.sirocco.orca.webhook.cache.WorkflowCache;
import cloud.sirocco.orca.webhook.http.AdmissionServer;
import cloud.sirocco.orca.webhook.metrics.WebhookMetrics;
import cloud.sirocco.orca.webhook.tls.CertificateReloader;
import cloud.sirocco.orca.webhook.tls.ServingCertificate;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Orca admission webhook: validates and defaults Tasks and Ignitors with the operator's own rules, reading
 * other objects from informer caches. Configuration comes from the environment, see {@link WebhookConfig}; the
 * Kubernetes connection is fabric8's default (in-cluster service account, or KUBECONFIG / ~/.kube/config).
 */
public final class OrcaWebhook implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OrcaWebhook.class);

  private final AdmissionServer server;
  private final CertificateReloader reloader;
  private final Duration shutdownDrain;

  private OrcaWebhook(AdmissionServer server, CertificateReloader reloader, Duration shutdownDrain) {
    this.server = server;
    this.reloader = reloader;
    this.shutdownDrain = shutdownDrain;
  }

  /**
   * Starts serving with {@code cache} for cross-object checks, {@code liveReads} to check what the cache lacks
   * before refusing for it, and {@code podRights} for who may write a Task; {@code /readyz} follows the cache.
   *
   * @throws IOException when the TLS files cannot be read
   * @throws IllegalArgumentException when they can be read but not used (the message says why)
   */
  public static OrcaWebhook start(WebhookConfig config, WorkflowCache cache, LiveReads liveReads,
      PodCreationRights podRights, WebhookMetrics metrics) throws IOException {
    ServingCertificate certificate = ServingCertificate.load(config.tlsCert(), config.tlsKey());
    AdmissionJson json = new AdmissionJson();
    AdmissionEndpoint validate = AdmissionEndpoint.validating(json,
        new ValidatingHandler(json, cache, liveReads, podRights, config.cacheGrace(), metrics));
    AdmissionEndpoint mutate = AdmissionEndpoint.mutating(json, new MutatingHandler(json));
    AdmissionServer server = AdmissionServer.start(config.bindAddress(), config.port(), certificate.sslContext(), config.maxBodyBytes(),
        Map.of("/validate", validate, "/mutate", mutate), cache::ready, metrics);
    LOG.info("Serving certificate {}", certificate.describe());
    CertificateReloader reloader = new CertificateReloader(config.tlsCert(), config.tlsKey(), certificate,
        server::replaceSslContext).start(config.tlsReloadInterval());
    return new OrcaWebhook(server, reloader, config.shutdownDrain());
  }

  public int port() {
    return server.port();
  }

  /** Stops after the configured drain, see {@link AdmissionServer#stop(Duration)}. */
  @Override
  public void close() {
    try {
      server.stop(shutdownDrain);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      reloader.close();
    }
  }

  private static PodCreationRights podRights(WebhookConfig config, KubernetesClient client) {
    if (!config.checkPodRights()) {
      LOG.warn("ORCA_WEBHOOK_CHECK_POD_RIGHTS=false: whoever may write a Task gets pods created in its namespace, "
          + "as any of its ServiceAccounts, without the right to create pods there");
      return PodCreationRights.UNCHECKED;
    }
    return new SubjectAccessReviewRights(client, config.podRightsTimeout());
  }

  public static void main(String[] args) throws InterruptedException {
    // Undertow and XNIO log through jboss-logging, which would pick java.util.logging over SLF4J 2.
    System.setProperty("org.jboss.logging.provider", "slf4j");
    WebhookConfig config;
    try {
      config = WebhookConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.error("Cannot start: {}", e.getMessage());
      System.exit(2);
      return;
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    InformerWorkflowCache cache = InformerWorkflowCache.start(client, config.watchNamespaces());
    OrcaWebhook webhook;
    try {
      webhook = start(config, cache, new ClientLiveReads(client, config.liveReadTimeout()), podRights(config, client),
          new WebhookMetrics());
    } catch (IOException | IllegalArgumentException e) {
      LOG.error("Cannot serve TLS with {} and {}: {}", config.tlsCert(), config.tlsKey(), e.getMessage());
      cache.close();
      client.close();
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("Stopping");
      webhook.close();
      cache.close();
      client.close();
      stopped.countDown();
    }, "orca-webhook-shutdown"));
    stopped.await();
  }
}
