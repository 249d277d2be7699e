package cloud.sirocco.orca.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.BeforeAll;

/** Tests of commands on {@link Workflows#createSample}, stored in a mock API server (CRUD mode) per test class. */
@EnableKubernetesMockClient(crud = true)
abstract class SampleWorkflowTest {

  static KubernetesClient client;
  static KubernetesMockServer server;

  @BeforeAll
  static void createWorkflow() {
    Workflows.createSample(client, server);
  }
}
