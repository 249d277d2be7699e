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

/**
 * A unit of work that runs as a pod each time one of its triggers fires. A Task knows only when it starts: the
 * Ignitors and upstream Tasks it names.
 *
 * <p>The printer columns ({@code kubectl get tasks}) are those of ORCA, the original project whose manifests Orca
 * accepts, followed by the latest run's start and duration, and whether the Task is overdue.
 */
@Group(Task.GROUP)
@Version(Task.VERSION)
// Spelled out: without it, fabric8 derives the plural with regular expressions in every constructor, an allocation
// on every object (docs/benchmarks.md).
@Plural("tasks")
@ShortNames("tk")
@Categories("orca")
@Labels(Task.CRD_LABEL)
@AdditionalPrinterColumn(name = "STATE", jsonPath = ".status.state")
@AdditionalPrinterColumn(name = "LASTSUCCESS", jsonPath = ".status.lastSuccess")
@AdditionalPrinterColumn(name = "LASTFAILURE", jsonPath = ".status.lastFailure")
@AdditionalPrinterColumn(name = "FAILURESCOUNT", jsonPath = ".status.failuresCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "IGNITORS", jsonPath = ".spec.startOnIgnition")
@AdditionalPrinterColumn(name = "ONSUCCESSTASK", jsonPath = ".spec.startOnSuccess")
@AdditionalPrinterColumn(name = "ONFAILURETASK", jsonPath = ".spec.startOnFailure")
@AdditionalPrinterColumn(name = "START", jsonPath = ".status.startTime")
@AdditionalPrinterColumn(name = "DURATION", jsonPath = ".status.duration")
// In -o wide only: empty for every Task without a success deadline, it would widen the default table for few.
@AdditionalPrinterColumn(name = "OVERDUE", jsonPath = ".status.conditions[?(@.type==\"Overdue\")].status", priority = 1)
public class Task extends CustomResource<TaskSpec, TaskStatus> implements Namespaced {

  public static final String GROUP = "sirocco.cloud";
  public static final String VERSION = "v1alpha1";
  /**
   * The label deploy/ gives every object it installs, on the generated CRDs themselves: the Helm chart installs its
   * crds/ unchanged, and its objects must equal deploy/'s.
   */
  static final String CRD_LABEL = "app.kubernetes.io/part-of=orca";

  @Override
  protected TaskSpec initSpec() {
    return new TaskSpec();
  }

  @Override
  protected TaskStatus initStatus() {
    return new TaskStatus();
  }
}
