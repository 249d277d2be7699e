package cloud.sirocco.orca.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.Labels;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A schedule that starts every Task naming it in {@code startOnIgnition}, handing them its {@code data}. */
@Group(Task.GROUP)
@Version(Task.VERSION)
// Spelled out: without it, fabric8 derives the plural with regular expressions in every constructor, an allocation
// on every object (docs/benchmarks.md).
@Plural("ignitors")
@ShortNames("ig")
@Categories("orca")
@Labels(Task.CRD_LABEL)
@AdditionalPrinterColumn(name = "SCHEDULED", jsonPath = ".spec.scheduled")
@AdditionalPrinterColumn(name = "LASTFIRE", jsonPath = ".status.lastFireTime")
@AdditionalPrinterColumn(name = "NEXTFIRE", jsonPath = ".status.nextFireTime")
@AdditionalPrinterColumn(name = "FIRES", jsonPath = ".status.fireCount", type = AdditionalPrinterColumn.Type.INTEGER)
public class Ignitor extends CustomResource<IgnitorSpec, IgnitorStatus> implements Namespaced {

  @Override
  protected IgnitorSpec initSpec() {
    return new IgnitorSpec();
  }

  @Override
  protected IgnitorStatus initStatus() {
    return new IgnitorStatus();
  }
}
