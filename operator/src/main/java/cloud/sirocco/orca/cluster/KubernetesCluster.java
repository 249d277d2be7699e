package cloud.sirocco.orca.cluster;

import cloud.sirocco.orca.names.RunNames;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Cluster} on a real API server, through fabric8. Events are written in the background; close to flush them. */
public final class KubernetesCluster implements Cluster, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesCluster.class);
  private static final String COMPONENT = "orca-operator";
  /** As many Events as client-go's recorder queues before it drops them (maxQueuedEvents). */
  private static final int EVENT_QUEUE = 1000;

  private final KubernetesClient client;
  private final EventRecorder events;

  public KubernetesCluster(KubernetesClient client, MeterRegistry meters) {
    this.client = client;
    this.events = new EventRecorder(this::write, EVENT_QUEUE);
    Gauge.builder("orca.events.dropped", events, EventRecorder::dropped)
        .description("Events not recorded: more were waiting than the queue holds").register(meters);
  }

  @Override
  public Created create(Pod pod) {
    try {
      return new Created(client.resource(pod).create(), true);
    } catch (KubernetesClientException e) {
      if (refusedForGood(e)) {
        throw new PodRejectedException(pod.getMetadata().getName(), e.getStatus() != null
            && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage(), e);
      }
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      Pod existing = client.pods().inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName()).get();
      if (existing == null) {
        throw e;
      }
      return new Created(existing, false);
    }
  }

  /**
   * Whether asking again would get the same answer: an invalid pod (400, 422) or an admission refusal (403: a
   * PodSecurity level, a ResourceQuota, a missing ServiceAccount, a webhook's denial). Not a 403 of RBAC, which says
   * Orca itself lacks a grant: that is the operator's problem to show, and fixed without touching the Task. Timeouts,
   * 429, 5xx and no answer at all are transient.
   */
  private static boolean refusedForGood(KubernetesClientException e) {
    int code = e.getCode();
    if (code == HttpURLConnection.HTTP_FORBIDDEN) {
      return e.getStatus() == null || e.getStatus().getMessage() == null
          || !e.getStatus().getMessage().contains(" cannot create resource ");
    }
    return code == HttpURLConnection.HTTP_BAD_REQUEST || code == 422;
  }

  @Override
  public void delete(String namespace, String name) {
    client.pods().inNamespace(namespace).withName(name).delete();
  }

  @Override
  public void annotate(Pod pod, Map<String, String> annotations) {
    edit(pod, current -> new PodBuilder(current).editMetadata().addToAnnotations(annotations).endMetadata().build());
  }

  @Override
  public void annotateAndRelease(Pod pod, Map<String, String> annotations) {
    edit(pod, current -> new PodBuilder(current).editMetadata().addToAnnotations(annotations)
        .removeFromFinalizers(RunNames.FINALIZER).endMetadata().build());
  }

  private void edit(Pod pod, UnaryOperator<Pod> change) {
    client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).edit(change);
  }

  @Override
  public Optional<String> logTail(String namespace, String pod, String container, int lines) {
    try {
      return Optional.ofNullable(client.pods().inNamespace(namespace).withName(pod).inContainer(container)
          .tailingLines(lines).getLog());
    } catch (KubernetesClientException e) {
      LOG.debug("No log for {}/{} container {}: {}", namespace, pod, container, e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public Map<String, String> secretData(String namespace, String name) {
    Secret secret;
    try {
      secret = client.secrets().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_FORBIDDEN) {
        throw e;
      }
      // Not transient, as a missing Secret is not: retrying the reconcile would never run the action.
      throw new IllegalStateException("Orca may not read Secret \"" + name + "\" in namespace \"" + namespace
          + "\" (forbidden): grant its service account get on secrets", e);
    }
    if (secret == null) {
      throw new IllegalStateException("Secret \"" + name + "\" does not exist in namespace \"" + namespace + "\"");
    }
    Map<String, String> data = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v),
          StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      data.putAll(secret.getStringData());
    }
    return data;
  }

  @Override
  public void event(HasMetadata object, String type, String reason, String message) {
    String now = Instant.now().toString();
    events.record(new EventBuilder()
        .withNewMetadata()
        .withName(object.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13))
        .withNamespace(object.getMetadata().getNamespace())
        .endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(object.getApiVersion()).withKind(object.getKind())
            .withName(object.getMetadata().getName()).withNamespace(object.getMetadata().getNamespace())
            .withUid(object.getMetadata().getUid()).withResourceVersion(object.getMetadata().getResourceVersion())
            .build())
        .withType(type)
        .withReason(reason)
        .withMessage(message.length() > 1024 ? message.substring(0, 1021) + "..." : message)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withReportingComponent(COMPONENT)
        .withNewSource(COMPONENT, null)
        .build());
  }

  @Override
  public void close() {
    events.close();
  }

  private void write(Event event) {
    client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
  }
}
