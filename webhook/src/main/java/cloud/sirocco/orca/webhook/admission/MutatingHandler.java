package cloud.sirocco.orca.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import cloud.sirocco.orca.model.RunRequest;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.javaoperatorsdk.webhook.admission.AdmissionRequestHandler;
import io.javaoperatorsdk.webhook.admission.AdmissionUtils;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists the operator's {@code Defaults} on CREATE and UPDATE as a JSON patch, so that {@code kubectl get -o yaml}
 * shows what the operator will use, and stamps a RunRequest with who created it. An object needing nothing gets no
 * patch at all.
 */
public final class MutatingHandler implements AdmissionRequestHandler {

  private static final Logger LOG = LoggerFactory.getLogger(MutatingHandler.class);

  private final AdmissionJson json;

  public MutatingHandler(AdmissionJson json) {
    this.json = json;
  }

  @Override
  public AdmissionResponse handle(AdmissionRequest request) {
    WorkflowKind kind = WorkflowKind.of(request.getKind()).orElseThrow();
    try {
      return mutate(kind, request);
    } catch (RuntimeException e) {
      LOG.error("Defaulting {} {}/{} failed inside the webhook", kind.kindName(), request.getNamespace(),
          RequestNames.of(request), e);
      return Responses.internalError("defaulting", kind, RequestNames.of(request), e);
    }
  }

  private AdmissionResponse mutate(WorkflowKind kind, AdmissionRequest request) {
    boolean writes = request.getOperation().equals("CREATE") || request.getOperation().equals("UPDATE");
    if (!writes || RequestNames.isSubresource(request)) {
      return Responses.allowed(List.of());
    }
    JsonNode sent = json.tree(request.getObject());
    HasMetadata typed;
    try {
      typed = json.typed(sent, kind.type());
    } catch (AdmissionJson.UnreadableObjectException e) {
      // Mutation runs before schema validation: let the API server explain the bad field in its own words.
      LOG.info("Not defaulting {} {}/{}: {} cannot be read ({}); schema validation will report it",
          kind.kindName(), request.getNamespace(), RequestNames.of(request), e.field(), e.getMessage());
      return Responses.allowed(List.of());
    }
    String requester = requester(request);
    Optional<ArrayNode> patch = DefaultsPatch.of(json.mapper(), sent, typed,
        object -> kind.applyDefaults(object) | kind.stamp(object, requester));
    AdmissionResponse response = Responses.allowed(List.of());
    patch.ifPresent(operations -> {
      response.setPatchType(AdmissionUtils.JSON_PATCH);
      response.setPatch(Base64.getEncoder().encodeToString(operations.toString().getBytes(StandardCharsets.UTF_8)));
    });
    return response;
  }

  /**
   * Who asked: the user the API server authenticated for the CREATE; on an UPDATE, whoever the stored object says,
   * so that no later write can change it.
   */
  private String requester(AdmissionRequest request) {
    if (request.getOperation().equals("CREATE")) {
      return request.getUserInfo() == null ? null : request.getUserInfo().getUsername();
    }
    return request.getOldObject() == null ? null
        : json.tree(request.getOldObject()).path("metadata").path("annotations")
            .path(RunRequest.REQUESTED_BY_ANNOTATION).textValue();
  }
}
