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
 * A request to run a Task now: with data of the requester's choosing, as a new workflow run, or as a replay of one of
 * its past runs. A kind of its own, so that the right to run a Task ({@code create runrequests}) is granted apart from
 * the right to change it ({@code patch tasks}). Each request starts at most one run, once; it stays as the record of
 * who asked for what, owned by its Task, among the Task's latest finished requests.
 */
@Group(Task.GROUP)
@Version(Task.VERSION)
@Plural("runrequests")
@ShortNames("rr")
@Categories("orca")
@Labels(Task.CRD_LABEL)
@AdditionalPrinterColumn(name = "TASK", jsonPath = ".spec.task")
@AdditionalPrinterColumn(name = "REPLAY", jsonPath = ".spec.replay")
@AdditionalPrinterColumn(name = "PHASE", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "RUN", jsonPath = ".status.run")
@AdditionalPrinterColumn(name = "WORKFLOWRUN", jsonPath = ".status.workflowRun")
public class RunRequest extends CustomResource<RunRequestSpec, RunRequestStatus> implements Namespaced {

  /** Who created the request, as the API server authenticated them: stamped by the webhook at admission. */
  public static final String REQUESTED_BY_ANNOTATION = "orca.sirocco.cloud/requested-by";

  @Override
  protected RunRequestSpec initSpec() {
    return new RunRequestSpec();
  }

  @Override
  protected RunRequestStatus initStatus() {
    return new RunRequestStatus();
  }
}
