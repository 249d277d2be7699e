package cloud.sirocco.orca.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A JUnit extension giving each test a fresh {@link MockApiServer} with a {@link TestOperator} running on it. */
public final class OperatorOnMockServer implements BeforeEachCallback, AfterEachCallback {

  private MockApiServer api;
  private TestOperator operator;

  @Override
  public void beforeEach(ExtensionContext context) {
    api = MockApiServer.start();
    operator = TestOperator.start(api.client());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (operator != null) {
      operator.close();
    }
    api.close();
  }

  public KubernetesClient client() {
    return api.client();
  }

  public KubernetesMockServer server() {
    return api.server();
  }

  /** Ends the refusals a test set on {@link #server()}: the API server serves the stored objects again. */
  public void recoverServer() {
    api.dropAnswers();
  }

  /** The running operator: after a restart, the new one. */
  public TestOperator operator() {
    return operator;
  }

  /** Stops the operator; the API server stays, so the test can change the cluster while no operator watches. */
  public void stopOperator() {
    operator.close();
    operator = null;
  }

  /** Starts a new operator on the same API server: with {@link #stopOperator}, a restart. */
  public void startOperator() {
    operator = TestOperator.start(api.client());
  }
}
