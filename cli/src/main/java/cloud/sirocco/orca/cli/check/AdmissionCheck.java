package cloud.sirocco.orca.cli.check;

import cloud.sirocco.orca.cli.OrcaNamespace;
import cloud.sirocco.orca.cli.UserError;
import cloud.sirocco.orca.model.Task;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Whether Orca's admission webhook answers for one namespace: a Task created in dry run must come back with the
 * defaults only the mutating webhook writes, and the validating webhook must not fail the request.
 */
public final class AdmissionCheck {

  /** The pause between tries: the few seconds kube-proxy takes to route a new Service are the usual wait. */
  static final Duration PAUSE = Duration.ofMillis(500);
  /** The Task created in dry run; a dry run stores nothing, so the name may exist. */
  static final String TASK = "kubectl-orca-check";

  private final OrcaNamespace namespace;

  public AdmissionCheck(OrcaNamespace namespace) {
    this.namespace = namespace;
  }

  /**
   * Tries until the webhook answers or {@code wait} has passed; returns what it found, or throws a {@link UserError}
   * with the API server's last answer. A refusal of the user's own rights ends it at once: waiting cannot change it.
   */
  public String await(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      try {
        return check();
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN || e.getCode() == HttpURLConnection.HTTP_UNAUTHORIZED
            || System.nanoTime() - deadline >= 0) {
          throw new UserError("Orca's admission webhook did not answer in namespace " + namespace.name()
              + (wait.isZero() ? "" : " within " + wait.toSeconds() + " s") + ": " + answer(e));
        }
      }
      LockSupport.parkNanos(Math.min(PAUSE.toNanos(), Math.max(0, deadline - System.nanoTime())));
    }
  }

  private String check() {
    Task admitted = namespace.createInDryRun(probe());
    if (admitted.getSpec() == null || admitted.getSpec().getConcurrencyPolicy() == null) {
      throw new UserError("a Task was admitted in namespace " + namespace.name() + " without Orca's defaults: the "
          + "mutating webhook is not registered (kubectl get mutatingwebhookconfiguration orca-mutating), so Tasks "
          + "and Ignitors are stored unchecked");
    }
    return "Orca's admission webhook answers in namespace " + namespace.name()
        + ": a Task created in dry run was defaulted and admitted.";
  }

  private Task probe() {
    Task task = new Task();
    task.getMetadata().setName(TASK);
    PodTemplateSpec template = new PodTemplateSpecBuilder().withNewSpec()
        .withContainers(new ContainerBuilder().withName("check").withImage("busybox").build()).endSpec().build();
    task.getSpec().setTemplate(template);
    return task;
  }

  /** The API server's sentence (e.g. "failed calling webhook ...: connection refused"), else fabric8's. */
  private static String answer(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
        : e.getMessage().trim();
  }
}
