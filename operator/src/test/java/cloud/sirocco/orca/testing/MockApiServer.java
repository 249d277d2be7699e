package cloud.sirocco.orca.testing;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * fabric8's mock API server in CRUD mode, serving Orca's CRDs. The CRDs are created in it as the build generated
 * them: only then does the mock know that Tasks and Ignitors have a status subresource, and keep status writes
 * apart from spec writes as a real API server does.
 *
 * <p>What the mock does not do: no garbage collection (owned pods stay when their Task goes), no admission, no
 * schema validation, and no optimistic locking on {@code /status} writes.
 */
public final class MockApiServer implements AutoCloseable {

  /** Held so that the level sticks: the mock logs every request it answers, which drowns a failure's story. */
  private static final Logger REQUEST_LOG = Logger.getLogger(MockWebServer.class.getName());

  static {
    REQUEST_LOG.setLevel(Level.WARNING);
  }

  private static final List<String> CRDS = List.of("tasks.sirocco.cloud-v1.yml", "ignitors.sirocco.cloud-v1.yml",
      "runrequests.sirocco.cloud-v1.yml");

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final Map<ServerRequest, Queue<ServerResponse>> answers;

  private MockApiServer(KubernetesMockServer server, KubernetesClient client,
      Map<ServerRequest, Queue<ServerResponse>> answers) {
    this.server = server;
    this.client = client;
    this.answers = answers;
  }

  public static MockApiServer start() {
    // Concurrent: the server's threads read it while a test sets or drops answers.
    Map<ServerRequest, Queue<ServerResponse>> responses = new ConcurrentHashMap<>();
    KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
        new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
    server.init();
    // Without fabric8's own retries of 429 and 5xx answers, a test's refusal reaches the operator as it is.
    KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(
        server.createClient().getConfiguration()).withRequestRetryBackoffLimit(0).build()).build();
    for (String crd : CRDS) {
      try (InputStream yaml = MockApiServer.class.getResourceAsStream("/META-INF/fabric8/" + crd)) {
        if (yaml == null) {
          throw new IllegalStateException("No generated CRD META-INF/fabric8/" + crd + " on the test class path: "
              + "the crd-generator writes it when Maven builds the operator's classes (process-classes)");
        }
        client.apiextensions().v1().customResourceDefinitions().load(yaml).create();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new MockApiServer(server, client, responses);
  }

  /** The server, for a test that sets an answer of its own ahead of the stored objects (e.g. a refused create). */
  public KubernetesMockServer server() {
    return server;
  }

  /** Drops every answer set ahead of the stored objects, also those set to repeat: an API server that recovers. */
  public void dropAnswers() {
    answers.clear();
  }

  /** A client of this server, shared by the test and the operators it starts. */
  public KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
