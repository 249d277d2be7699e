package cloud.sirocco.orca.reconciler;

import cloud.sirocco.orca.cluster.Cluster;
import cloud.sirocco.orca.model.Defaults;
import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.IgnitorStatus;
import cloud.sirocco.orca.status.Times;
import cloud.sirocco.orca.validation.Verdict;
import cloud.sirocco.orca.validation.WorkflowRules;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Reconciles Ignitors: records each fire in status (where Tasks pick it up) and comes back for the next one. */
@ControllerConfiguration(name = "ignitor", generationAwareEventProcessing = false)
public class IgnitorReconciler implements Reconciler<Ignitor> {

  private final Cluster cluster;
  private final Clock clock;
  private final MeterRegistry meters;

  public IgnitorReconciler(Cluster cluster, Clock clock, MeterRegistry meters) {
    this.cluster = cluster;
    this.clock = clock;
    this.meters = meters;
  }

  @Override
  public ErrorStatusUpdateControl<Ignitor> updateErrorStatus(Ignitor ignitor, Context<Ignitor> context,
      Exception error) {
    Ignitor copy = Copies.deepCopy(ignitor);
    if (copy.getStatus() == null) {
      copy.setStatus(new IgnitorStatus());
    }
    return ReconcileErrors.report(cluster, copy, copy.getStatus().getConditions(), error, clock.instant());
  }

  @Override
  public UpdateControl<Ignitor> reconcile(Ignitor stored, Context<Ignitor> context) {
    Instant now = clock.instant();
    Ignitor ignitor = Copies.deepCopy(stored);
    Defaults.apply(ignitor);
    Verdict verdict = WorkflowRules.checkSchedule(ignitor, now);
    IgnitorScheduler.Decision decision = IgnitorScheduler.decide(ignitor, verdict, now);
    StatusWrites.writeIfChanged(stored, stored.getStatus(), decision.status(), context,
        fresh -> fresh.setStatus(decision.status()));
    decision.fired().ifPresent(time -> {
      meters.counter("orca_ignitor_fires_total", "namespace", stored.getMetadata().getNamespace()).increment();
      cluster.event(stored, "Normal", "Fired", "Fired for " + Times.rfc3339(time));
    });
    decision.missed().ifPresent(time -> cluster.event(stored, "Warning", "MissedSchedule", "Did not fire for "
        + Times.rfc3339(time) + ": more than startingDeadlineSeconds ("
        + ignitor.getSpec().getStartingDeadlineSeconds() + ") late"));
    UpdateControl<Ignitor> control = UpdateControl.noUpdate();
    decision.revisit().ifPresent(at -> control.rescheduleAfter(
        Math.max(0, Duration.between(now, at).toMillis()) + 200));
    return control;
  }
}
