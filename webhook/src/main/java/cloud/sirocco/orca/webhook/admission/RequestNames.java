package cloud.sirocco.orca.webhook.admission;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;

/** How a request names its object, for messages and for the rules. */
final class RequestNames {

  private RequestNames() {}

  /** The object's name; a CREATE with generateName has none yet. */
  static String of(AdmissionRequest request) {
    String name = request.getName();
    return name == null || name.isBlank() ? "(name not yet generated)" : name;
  }

  static boolean isSubresource(AdmissionRequest request) {
    return request.getSubResource() != null && !request.getSubResource().isBlank();
  }

  /** The rules read name and namespace from metadata; the request is authoritative when the object omits them. */
  static void fillIdentity(HasMetadata object, AdmissionRequest request) {
    if (object.getMetadata() == null) {
      object.setMetadata(new ObjectMeta());
    }
    ObjectMeta metadata = object.getMetadata();
    if (metadata.getNamespace() == null) {
      metadata.setNamespace(request.getNamespace());
    }
    if (metadata.getName() == null && request.getName() != null && !request.getName().isBlank()) {
      metadata.setName(request.getName());
    }
  }
}
