package cloud.sirocco.orca.bench.admission;

import cloud.sirocco.orca.bench.cluster.ChainLoader;
import cloud.sirocco.orca.model.Defaults;
import cloud.sirocco.orca.model.Task;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * AdmissionReview v1 requests as the API server sends them to {@code /validate} for {@code kubectl create} of a
 * Task, the mutating webhook's defaults already applied.
 */
public final class AdmissionReviews {

  private static final ObjectMapper JSON = new ObjectMapper();

  private AdmissionReviews() {}

  /** CREATE of a Task {@code name} started by the success of {@code upstream}. */
  public static byte[] createTask(String namespace, String name, String upstream) {
    Task task = new Task();
    task.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    task.getSpec().getStartOnSuccess().add(upstream);
    task.getSpec().setTemplate(new PodTemplateSpecBuilder().withNewSpec()
        .withContainers(new ContainerBuilder().withName("main").withImage("busybox:1.36")
            .withCommand("sh", "-c", "echo after " + upstream).build())
        .endSpec().build());
    Defaults.apply(task);
    task.setStatus(null);
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", UUID.randomUUID().toString());
    request.set("kind", gvk("Task"));
    request.set("resource", gvr("tasks"));
    request.set("requestKind", gvk("Task"));
    request.set("requestResource", gvr("tasks"));
    request.put("name", name);
    request.put("namespace", namespace);
    request.put("operation", "CREATE");
    ObjectNode user = request.putObject("userInfo");
    user.put("username", "kubernetes-admin");
    user.putArray("groups").add("system:masters").add("system:authenticated");
    request.set("object", JSON.valueToTree(task));
    request.put("dryRun", false);
    ObjectNode options = request.putObject("options");
    options.put("apiVersion", "meta.k8s.io/v1");
    options.put("kind", "CreateOptions");
    options.put("fieldManager", "kubectl-create");
    try {
      return JSON.writeValueAsBytes(review);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code count} distinct reviews, each a new Task extending one of the namespace's chains, round robin. */
  public static List<byte[]> extendingChains(String namespace, int tasksInNamespace, int count) {
    int chains = (tasksInNamespace + ChainLoader.CHAIN - 1)
        / ChainLoader.CHAIN;
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int chain = (int) ((long) i * 7919 % chains);
      bodies.add(createTask(namespace, "incoming-" + i,
          ChainLoader.chainTail(chain, tasksInNamespace)));
    }
    return bodies;
  }

  private static ObjectNode gvk(String kind) {
    ObjectNode node = JSON.createObjectNode();
    node.put("group", Task.GROUP);
    node.put("version", Task.VERSION);
    node.put("kind", kind);
    return node;
  }

  private static ObjectNode gvr(String resource) {
    ObjectNode node = JSON.createObjectNode();
    node.put("group", Task.GROUP);
    node.put("version", Task.VERSION);
    node.put("resource", resource);
    return node;
  }
}
