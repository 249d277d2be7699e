package cloud.sirocco.orca.webhook.admission;

import cloud.sirocco.orca.validation.NamespaceView;
import cloud.sirocco.orca.validation.ReferencePolicy;
import cloud.sirocco.orca.validation.Verdict;
import cloud.sirocco.orca.validation.Violation;
import cloud.sirocco.orca.validation.WorkflowRules;
import cloud.sirocco.orca.webhook.access.PodCreationRights;
import cloud.sirocco.orca.webhook.cache.LiveReads;
import cloud.sirocco.orca.webhook.cache.WorkflowCache;
import cloud.sirocco.orca.webhook.metrics.WebhookMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.javaoperatorsdk.webhook.admission.AdmissionRequestHandler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the operator's rules ({@link WorkflowRules}, {@code RunRequestRules}) on Tasks, Ignitors and RunRequests: on
 * CREATE, and on an UPDATE that changes the
 * spec, every violation is reported in one denial, with warnings for what is legal but probably a mistake, after
 * the {@link PodRightsCheck} of who writes a Task; a DELETE is always allowed, with a warning when other Tasks still
 * start on the object.
 */
public final class ValidatingHandler implements AdmissionRequestHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ValidatingHandler.class);

  private final AdmissionJson json;
  private final WorkflowCache cache;
  private final PodRightsCheck podRights;
  private final Duration cacheGrace;
  private final MissConfirmation confirmation;

  /**
   * @param liveReads what the API server holds, asked about the names the cache still lacks after the grace
   * @param cacheGrace how long to wait for the cache to receive a named object it does not hold yet, before the API
   *     server is asked
   */
  public ValidatingHandler(AdmissionJson json, WorkflowCache cache, LiveReads liveReads,
      PodCreationRights podRights, Duration cacheGrace, WebhookMetrics metrics) {
    this.json = json;
    this.cache = cache;
    this.podRights = new PodRightsCheck(podRights);
    this.cacheGrace = cacheGrace;
    this.confirmation = new MissConfirmation(liveReads, metrics);
  }

  @Override
  public AdmissionResponse handle(AdmissionRequest request) {
    WorkflowKind kind = WorkflowKind.of(request.getKind()).orElseThrow();
    try {
      return validate(kind, request);
    } catch (RuntimeException e) {
      LOG.error("Validating {} {}/{} failed inside the webhook", kind.kindName(), request.getNamespace(),
          RequestNames.of(request), e);
      return Responses.internalError("validating", kind, RequestNames.of(request), e);
    }
  }

  private AdmissionResponse validate(WorkflowKind kind, AdmissionRequest request) {
    if (RequestNames.isSubresource(request)) {
      // Status belongs to the operator; our configuration does not even send it.
      return Responses.allowed(List.of());
    }
    return switch (request.getOperation()) {
      case "CREATE", "UPDATE" -> validateWrite(kind, request);
      case "DELETE" -> inWatchedNamespace(kind, request,
          view -> Responses.allowed(warningsOnDelete(kind, request, view)));
      default -> Responses.allowed(List.of());
    };
  }

  private AdmissionResponse validateWrite(WorkflowKind kind, AdmissionRequest request) {
    JsonNode sent = json.tree(request.getObject());
    if (request.getOperation().equals("UPDATE") && (specUnchanged(sent, request) || beingDeleted(sent))) {
      // Labels, annotations, finalizers: the spec was judged when it changed, and an object that another one no
      // longer satisfies (its upstream deleted since) must still be relabelled or finish its deletion.
      return Responses.allowed(List.of());
    }
    // Before the rules, as the API server authorizes before it admits; in every namespace, since one watched later
    // would run what is written now.
    Optional<AdmissionResponse> refusal = podRights.refusal(kind, request);
    if (refusal.isPresent()) {
      return refusal.get();
    }
    return inWatchedNamespace(kind, request, view -> validateObject(kind, request, sent, view));
  }

  private AdmissionResponse inWatchedNamespace(WorkflowKind kind, AdmissionRequest request,
      Function<NamespaceView, AdmissionResponse> validation) {
    String namespace = request.getNamespace();
    return cache.view(namespace).map(validation).orElseGet(() -> Responses.allowed(List.of("namespace \""
        + namespace + "\" is not watched by this Orca installation (ORCA_WATCH_NAMESPACES), so nothing will run this "
        + kind.kindName())));
  }

  private AdmissionResponse validateObject(WorkflowKind kind, AdmissionRequest request, JsonNode sent,
      NamespaceView view) {
    String name = RequestNames.of(request);
    HasMetadata object;
    try {
      object = readObject(kind, sent, request);
    } catch (AdmissionJson.UnreadableObjectException e) {
      Violation violation = new Violation(e.field(), e.getMessage());
      Verdict verdict = new Verdict(List.of(violation), List.of());
      return Responses.invalid(kind, name, verdict.denialMessage(kind.kindName(), name), verdict.errors(),
          List.of());
    }
    Verdict verdict;
    try {
      verdict = check(kind, object, view);
    } catch (MissConfirmation.UnconfirmedException e) {
      LOG.warn("Refused {} of {} {}/{}: the cache lacks {} and the API server could not be asked: {}",
          request.getOperation(), kind.kindName(), request.getNamespace(), name, e.object(), e.getMessage());
      return Responses.unchecked(kind, name, "this webhook's cache does not hold " + e.object() + " in namespace \""
          + request.getNamespace() + "\" and the API server could not be asked (" + e.getMessage() + "), so "
          + "whether it exists is unknown: try again");
    }
    if (verdict.allowed()) {
      return Responses.allowed(verdict.warnings());
    }
    LOG.info("Denied {} of {} {}/{}: {}", request.getOperation(), kind.kindName(), request.getNamespace(), name,
        WorkflowRules.summary(verdict.errors()));
    return Responses.invalid(kind, name, verdict.denialMessage(kind.kindName(), name), verdict.errors(),
        verdict.warnings());
  }

  /**
   * The rules' verdict with the cache's view; when they deny and named something the cache still lacks after the
   * grace, again with what the API server holds of those names, so that a cache behind the API server never
   * refuses an object for naming one that exists.
   *
   * @throws MissConfirmation.UnconfirmedException when the API server could not be asked
   */
  private Verdict check(WorkflowKind kind, HasMetadata object, NamespaceView view)
      throws MissConfirmation.UnconfirmedException {
    ReferencePolicy references = cache.references(view.namespace());
    Judged judged = checkWithGrace(kind, object, view, references);
    if (judged.verdict().allowed() || judged.lookups().misses().isEmpty()) {
      return judged.verdict();
    }
    return confirmation.confirm(view, judged.lookups()).map(live -> kind.check(object, live, references))
        .orElse(judged.verdict());
  }

  /** A verdict and the lookups it was reached with. */
  private record Judged(Verdict verdict, MissRecordingView lookups) {}

  /**
   * Runs the rules; when they deny and named something the cache lacks, waits (up to the grace) for the cache to
   * receive one of those names and runs them again. An object created just before, as by {@code kubectl apply} of a
   * file listing upstream Tasks first, is then most often judged without asking the API server. Under
   * {@link ReferencePolicy#EVENTUAL} an admitted object naming what the cache lacks waits the same way: a Task
   * created a moment ago may close a success-only cycle with it.
   */
  private Judged checkWithGrace(WorkflowKind kind, HasMetadata object, NamespaceView view,
      ReferencePolicy references) {
    long deadline = System.nanoTime() + cacheGrace.toNanos();
    while (true) {
      MissRecordingView recording = new MissRecordingView(view);
      Verdict verdict = kind.check(object, recording, references);
      Duration left = Duration.ofNanos(deadline - System.nanoTime());
      // Under EVENTUAL a miss only warns, but the name may close a success-only cycle once the cache holds it.
      boolean settled = recording.misses().isEmpty()
          || (verdict.allowed() && references == ReferencePolicy.STRICT);
      if (settled || left.isNegative() || left.isZero()) {
        return new Judged(verdict, recording);
      }
      try {
        if (!cache.awaitAny(view.namespace(), recording.misses(), left)) {
          return new Judged(verdict, recording);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Judged(verdict, recording);
      }
    }
  }

  private List<String> warningsOnDelete(WorkflowKind kind, AdmissionRequest request, NamespaceView view) {
    if (request.getOldObject() == null) {
      return List.of();
    }
    try {
      return kind.warningsOnDelete(readObject(kind, json.tree(request.getOldObject()), request), view);
    } catch (AdmissionJson.UnreadableObjectException e) {
      // Deleting must stay possible even for an object the model cannot read.
      LOG.warn("Allowing the deletion of {} {}/{} without checking dependents: its stored form is unreadable at "
          + "{} ({})", kind.kindName(), request.getNamespace(), request.getName(), e.field(), e.getMessage());
      return List.of();
    }
  }

  private boolean specUnchanged(JsonNode sent, AdmissionRequest request) {
    return request.getOldObject() != null && sent.path("spec").equals(json.tree(request.getOldObject()).path("spec"));
  }

  private static boolean beingDeleted(JsonNode sent) {
    JsonNode deletion = sent.at("/metadata/deletionTimestamp");
    return !deletion.isMissingNode() && !deletion.isNull();
  }

  private HasMetadata readObject(WorkflowKind kind, JsonNode tree, AdmissionRequest request)
      throws AdmissionJson.UnreadableObjectException {
    HasMetadata object = json.typed(tree, kind.type());
    RequestNames.fillIdentity(object, request);
    return object;
  }
}
