package cloud.sirocco.orca.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * A build step after fabric8's crd-generator, which sorts printer columns by JSON path: puts them back in the order
 * the resource class declares them, so that {@code kubectl get tasks} shows ORCA's columns in ORCA's order.
 * Run by the model's build (exec-maven-plugin) with the directory of the generated CRDs.
 */
public final class PrinterColumnOrder {

  private static final List<Class<? extends HasMetadata>> RESOURCES =
      List.of(Task.class, Ignitor.class, RunRequest.class);

  private PrinterColumnOrder() {}

  public static void main(String[] args) throws IOException {
    KubernetesSerialization yaml = new KubernetesSerialization();
    for (Class<? extends HasMetadata> resource : RESOURCES) {
      Path file = Path.of(args[0], HasMetadata.getFullResourceName(resource) + "-v1.yml");
      CustomResourceDefinition crd = yaml.unmarshal(Files.readString(file), CustomResourceDefinition.class);
      List<String> declared = List.of(resource.getAnnotationsByType(AdditionalPrinterColumn.class)).stream()
          .map(AdditionalPrinterColumn::name).toList();
      crd.getSpec().getVersions().forEach(version -> version.getAdditionalPrinterColumns()
          .sort(Comparator.comparing((CustomResourceColumnDefinition c) -> declared.indexOf(c.getName()))));
      Files.writeString(file, yaml.asYaml(crd));
    }
  }
}
