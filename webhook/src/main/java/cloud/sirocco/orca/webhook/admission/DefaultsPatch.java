package cloud.sirocco.orca.webhook.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.zjsonpatch.DiffFlags;
import io.fabric8.zjsonpatch.JsonDiff;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON patch that persists an object's defaults.
 *
 * <p>The changes are found by comparing the model before and after {@code Defaults} (so that whatever the model
 * adds when it writes itself cancels out), then replayed onto the JSON the API server sent, and the patch is the
 * difference between that JSON and the result. So the patch holds only the defaults, its paths exist in the stored
 * object, and it never reaches outside {@link #WRITABLE}.
 */
final class DefaultsPatch {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultsPatch.class);
  /** Where defaults may write: the spec, and labels and annotations should they ever need to. */
  static final List<String> WRITABLE = List.of("/spec", "/metadata/labels", "/metadata/annotations");
  private static final EnumSet<DiffFlags> PLAIN_OPERATIONS =
      EnumSet.of(DiffFlags.OMIT_MOVE_OPERATION, DiffFlags.OMIT_COPY_OPERATION, DiffFlags.OMIT_VALUE_ON_REMOVE);

  private DefaultsPatch() {}

  /**
   * @param sent the object as the request holds it
   * @param typed the same object read into the model
   * @param defaults fills unset fields of a model object, returning whether anything changed
   * @return the patch, or empty when nothing needs defaulting
   */
  static Optional<ArrayNode> of(ObjectMapper mapper, JsonNode sent, HasMetadata typed,
      Predicate<HasMetadata> defaults) {
    JsonNode before = mapper.valueToTree(typed);
    HasMetadata copy;
    try {
      copy = mapper.treeToValue(before, typed.getClass());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("The model cannot read what it wrote for " + typed.getKind(), e);
    }
    if (!defaults.test(copy)) {
      return Optional.empty();
    }
    JsonNode modelChanges = JsonDiff.asJson(before, mapper.valueToTree(copy), PLAIN_OPERATIONS);
    JsonNode target = sent.deepCopy();
    for (JsonNode operation : modelChanges) {
      String path = operation.path("path").asText();
      if (WRITABLE.stream().noneMatch(root -> path.equals(root) || path.startsWith(root + "/"))) {
        LOG.warn("Defaults changed {} of a {}, outside what the webhook may patch; left out", path,
            typed.getKind());
        continue;
      }
      replay(target, operation);
    }
    ArrayNode patch = (ArrayNode) JsonDiff.asJson(sent, target, PLAIN_OPERATIONS);
    return patch.isEmpty() ? Optional.empty() : Optional.of(patch);
  }

  /** Applies one add/replace/remove, creating missing parent objects (the model has a spec where the JSON may not). */
  private static void replay(JsonNode document, JsonNode operation) {
    List<String> tokens = tokens(operation.path("path").asText());
    if (tokens.isEmpty()) {
      return;
    }
    JsonNode parent = document;
    for (String token : tokens.subList(0, tokens.size() - 1)) {
      parent = child(parent, token);
      if (parent == null) {
        return;
      }
    }
    String last = tokens.get(tokens.size() - 1);
    String op = operation.path("op").asText();
    JsonNode value = operation.get("value");
    if (parent instanceof ObjectNode object) {
      if (op.equals("remove")) {
        object.remove(last);
      } else if (value != null) {
        object.set(last, value.deepCopy());
      }
    } else if (parent instanceof ArrayNode array) {
      int index = last.equals("-") ? array.size() : Integer.parseInt(last);
      if (op.equals("remove") && index < array.size()) {
        array.remove(index);
      } else if (op.equals("replace") && value != null && index < array.size()) {
        array.set(index, value.deepCopy());
      } else if (op.equals("add") && value != null && index <= array.size()) {
        array.insert(index, value.deepCopy());
      }
    }
  }

  private static JsonNode child(JsonNode parent, String token) {
    if (parent instanceof ObjectNode object) {
      JsonNode child = object.get(token);
      if (child == null || child.isNull()) {
        child = object.putObject(token);
      }
      return child;
    }
    if (parent instanceof ArrayNode array && token.chars().allMatch(Character::isDigit)) {
      int index = Integer.parseInt(token);
      return index < array.size() ? array.get(index) : null;
    }
    return null;
  }

  /** RFC 6901 reference tokens. */
  private static List<String> tokens(String pointer) {
    List<String> tokens = new ArrayList<>();
    if (pointer.isEmpty()) {
      return tokens;
    }
    for (String raw : pointer.substring(1).split("/", -1)) {
      tokens.add(raw.replace("~1", "/").replace("~0", "~"));
    }
    return tokens;
  }
}
