package cloud.sirocco.orca.webhook.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.sirocco.orca.model.Task;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DefaultsPatchTest {

  private final AdmissionJson json = new AdmissionJson();
  private final ObjectMapper mapper = json.mapper();

  @Test
  void createsTheSpecWhenTheObjectHasNone() throws Exception {
    JsonNode sent = mapper.readTree("""
        {"apiVersion": "sirocco.cloud/v1alpha1", "kind": "Task", "metadata": {"name": "t", "namespace": "n"}}""");

    JsonNode patch = patch(sent).orElseThrow();

    assertEquals(1, patch.size(), patch::toString);
    assertEquals("add", patch.at("/0/op").asText());
    assertEquals("/spec", patch.at("/0/path").asText());
    JsonNode patched = JsonPatch.apply(patch, sent);
    assertEquals(3, patched.at("/spec/retryLimit").asInt());
    assertEquals(sent.path("metadata"), patched.path("metadata"));
  }

  @Test
  void keepsWhatTheModelDoesNotKnowAndTouchesOnlyDefaults() throws Exception {
    JsonNode sent = mapper.readTree("""
        {"apiVersion": "sirocco.cloud/v1alpha1", "kind": "Task",
         "metadata": {"name": "t", "namespace": "n", "labels": {"team": "data"}},
         "spec": {"retryLimit": 7, "futureField": {"kept": true},
                  "template": {"spec": {"containers": [{"name": "main", "image": "busybox",
                                                         "resources": {"limits": {"cpu": 1}}}]}}},
         "status": {"state": "Running"}}""");

    JsonNode patch = patch(sent).orElseThrow();

    patch.forEach(op -> assertTrue(op.path("path").asText().startsWith("/spec/"), op::toString));
    JsonNode patched = JsonPatch.apply(patch, sent);
    assertEquals(7, patched.at("/spec/retryLimit").asInt());
    assertEquals("Never", patched.at("/spec/template/spec/restartPolicy").asText());
    assertEquals(sent.at("/spec/futureField"), patched.at("/spec/futureField"));
    assertEquals(sent.at("/spec/template/spec/containers"), patched.at("/spec/template/spec/containers"));
    assertEquals(sent.path("status"), patched.path("status"));
  }

  @Test
  void givesNoPatchWhenDefaultsChangeNothing() throws Exception {
    JsonNode sent = mapper.readTree("""
        {"apiVersion": "sirocco.cloud/v1alpha1", "kind": "Task", "metadata": {"name": "t", "namespace": "n"},
         "spec": {"concurrencyPolicy": "Allow", "retryLimit": 0, "retryBackoffSeconds": 1,
                  "successfulRunsHistoryLimit": 1, "failedRunsHistoryLimit": 1, "startTimeoutSeconds": 60,
                  "steps": [{"name": "one", "image": "busybox"}]}}""");

    assertEquals(Optional.empty(), patch(sent));
  }

  private Optional<com.fasterxml.jackson.databind.node.ArrayNode> patch(JsonNode sent) throws Exception {
    Task typed = json.typed(sent, Task.class);
    return DefaultsPatch.of(mapper, sent, typed, WorkflowKind.TASK::applyDefaults);
  }
}
