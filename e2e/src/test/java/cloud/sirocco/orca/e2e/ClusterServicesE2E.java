package cloud.sirocco.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Services on the local cluster work as on any other: from a pod to a Service backed by another pod or by itself,
 * from a pod to the API server through Service {@code kubernetes} with its own token, and from the host to a
 * ClusterIP (which is how the API server calls a webhook behind its Service), the API server's certificate there
 * trusted by the CA that pods are given.
 */
class ClusterServicesE2E {

  private static final Duration KUBE_PROXY_SYNC = Duration.ofSeconds(30);

  private static LiveCluster cluster;
  private static String web;

  @BeforeAll
  static void startPods() {
    cluster = new LiveCluster("e2e-services");
    cluster.apply(cluster.manifest("cluster-services.yaml"));
    LiveCluster.await("pods web and client to be Ready", Duration.ofSeconds(90), () -> ready("web") && ready("client"));
    web = "http://" + clusterIp("web") + "/";
  }

  @AfterAll
  static void cleanUp() {
    cluster.close();
  }

  @Test
  void aPodReachesAServiceBackedByAnotherPod() {
    assertEquals("served-by-web", inPod("client", "wget -qO- " + web));
  }

  @Test
  void aPodReachesAServiceBackedByItself() {
    assertEquals("served-by-web", inPod("web", "wget -qO- " + web));
  }

  @Test
  void aPodReachesTheApiServerThroughServiceKubernetesWithItsToken() {
    // busybox's TLS checks no certificate: that the served one is trusted is the host-side test's to show.
    String review = inPod("client", "wget -qO- --no-check-certificate"
        + " --header \"Authorization: Bearer $(cat /var/run/secrets/kubernetes.io/serviceaccount/token)\""
        + " --header 'Content-Type: application/json'"
        + " --post-data '{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}'"
        + " https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT/apis/authentication.k8s.io/v1/selfsubjectreviews");
    assertTrue(review.contains("\"username\": \"system:serviceaccount:" + cluster.namespace + ":default\""), review);
  }

  @Test
  void theHostReachesAClusterIp() {
    assertEquals("served-by-web", fromHost(HttpClient.newHttpClient(), web).strip());
  }

  @Test
  void theHostReachesTheApiServerAtServiceKubernetesTrustingTheCaPodsAreGiven() throws Exception {
    String ca = cluster.client.configMaps().inNamespace(cluster.namespace).withName("kube-root-ca.crt").get()
        .getData().get("ca.crt");
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    trusted.setCertificateEntry("cluster-ca", CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(ca.getBytes(StandardCharsets.US_ASCII))));
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, trust.getTrustManagers(), null);

    // HTTP/1.1: the API server ends an anonymous client's HTTP/2 connection after each request (GOAWAY, its guard
    // against HTTP/2 floods), which Java's client reports as a failed request.
    HttpClient client = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build();
    assertEquals("ok", fromHost(client, "https://" + clusterIp("kubernetes") + "/readyz"));
  }

  private static boolean ready(String pod) {
    Pod found = cluster.client.pods().inNamespace(cluster.namespace).withName(pod).get();
    return found != null && Readiness.isPodReady(found);
  }

  private static String clusterIp(String service) {
    String namespace = "kubernetes".equals(service) ? "default" : cluster.namespace;
    return cluster.client.services().inNamespace(namespace).withName(service).get().getSpec().getClusterIP();
  }

  /** What {@code script} printed in {@code pod}, once it succeeds. */
  private static String inPod(String pod, String script) {
    return retried("`" + script + "` to succeed in pod " + pod,
        () -> cluster.kubectl("exec", pod, "--", "timeout", "5", "sh", "-c", script), r -> r.exitCode() == 0)
        .out().strip();
  }

  /** The body of the answer to a GET from this JVM, on the host, once it is a 200. */
  private static String fromHost(HttpClient client, String url) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
    return retried("a 200 from " + url, () -> {
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
      } catch (IOException e) {
        return new Answer(0, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }, a -> a.status() == 200).body();
  }

  /**
   * Repeats {@code attempt} until {@code succeeded} holds for what it returns, failing with the last attempt's result:
   * kube-proxy programs a new Service's rules within a second or so of its endpoints appearing.
   */
  private static <T> T retried(String what, Supplier<T> attempt, Predicate<T> succeeded) {
    AtomicReference<T> last = new AtomicReference<>();
    try {
      LiveCluster.await(what, KUBE_PROXY_SYNC, () -> {
        last.set(attempt.get());
        return succeeded.test(last.get());
      });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; the last attempt gave: " + last.get(), e);
    }
    return last.get();
  }

  /** An HTTP status and body, or status 0 and the error when there was no answer. */
  private record Answer(int status, String body) {}
}
