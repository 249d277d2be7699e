package cloud.sirocco.orca.webhook.testing;

import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.IgnitorSpec;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.model.TaskSpec;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.util.ArrayList;
import java.util.List;

/** Tasks and Ignitors as a cache would hold them. */
public final class Workflows {

  public static final String NAMESPACE = "orca-demo";

  private Workflows() {}

  public static Task task(String name, List<String> onIgnition, List<String> onSuccess, List<String> onFailure) {
    return task(NAMESPACE, name, onIgnition, onSuccess, onFailure);
  }

  public static Task task(String namespace, String name, List<String> onIgnition, List<String> onSuccess,
      List<String> onFailure) {
    Task task = new Task();
    task.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    TaskSpec spec = new TaskSpec();
    spec.setStartOnIgnition(new ArrayList<>(onIgnition));
    spec.setStartOnSuccess(new ArrayList<>(onSuccess));
    spec.setStartOnFailure(new ArrayList<>(onFailure));
    spec.setTemplate(new PodTemplateSpecBuilder().withNewSpec()
        .withContainers(new ContainerBuilder().withName("main").withImage("busybox:1.36").build())
        .withRestartPolicy("Never")
        .endSpec().build());
    task.setSpec(spec);
    return task;
  }

  public static Ignitor ignitor(String name, String scheduled) {
    return ignitor(NAMESPACE, name, scheduled);
  }

  public static Ignitor ignitor(String namespace, String name, String scheduled) {
    Ignitor ignitor = new Ignitor();
    ignitor.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    IgnitorSpec spec = new IgnitorSpec();
    spec.setScheduled(scheduled);
    ignitor.setSpec(spec);
    return ignitor;
  }
}
