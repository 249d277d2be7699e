package cloud.sirocco.orca.webhook.admission;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * Reading and writing AdmissionReviews. A request shaped as the API server sends it is read in one pass; anything
 * else is read again step by step, its shape checked before anything looks at it, so that a refusal says what is
 * wrong. Its {@code object}/{@code oldObject} are kept as the JSON the API server sent: the patch is computed against
 * exactly that, and converting to the model happens per kind, where a failure can name the field.
 */
public final class AdmissionJson {

  /** Deep enough for any pod template; a body nesting deeper is not an AdmissionReview of ours. */
  static final int MAX_NESTING_DEPTH = 100;
  private static final String KIND = "AdmissionReview";
  private static final String API_VERSION = "admission.k8s.io/v1";
  private static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE", "CONNECT");

  private final ObjectMapper mapper;
  private final ObjectReader reviewReader;

  public AdmissionJson() {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
        .build();
    // Not stricter than the API server: it has already pruned unknown fields, and the patch never drops any.
    ObjectMapper configured = new ObjectMapper(factory).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .addMixIn(AdmissionReview.class, ReviewAsSent.class)
        .addMixIn(AdmissionRequest.class, RequestAsSent.class);
    new KubernetesSerialization(configured, false);
    this.mapper = configured;
    this.reviewReader = configured.readerFor(AdmissionReview.class);
  }

  ObjectMapper mapper() {
    return mapper;
  }

  /**
   * Parses and checks a request body; the request's object and oldObject are left as JSON trees.
   *
   * @throws MalformedReviewException saying what makes the body something other than an AdmissionReview v1 for a
   *     Task or an Ignitor
   */
  public AdmissionReview read(byte[] body) throws MalformedReviewException {
    Optional<AdmissionReview> usual = readUsual(body);
    return usual.isPresent() ? usual.get() : readChecked(body);
  }

  /**
   * A review as the API server sends it, read in one pass: the envelope into the model, object and oldObject into
   * JSON trees. Empty for anything else, which {@link #readChecked} then reads again to say what is wrong.
   */
  private Optional<AdmissionReview> readUsual(byte[] body) {
    AdmissionReview review;
    try {
      review = reviewReader.readValue(body);
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
    AdmissionRequest request = review == null ? null : review.getRequest();
    if (request == null || !KIND.equals(review.getKind()) || !API_VERSION.equals(review.getApiVersion())
        || request.getUid() == null || request.getUid().isBlank()
        || request.getOperation() == null || !OPERATIONS.contains(request.getOperation())
        || WorkflowKind.of(request.getKind()).isEmpty()
        || !isObjectOrNull(request.getObject()) || !isObjectOrNull(request.getOldObject())) {
      return Optional.empty();
    }
    request.setObject(nullIfJsonNull(request.getObject()));
    request.setOldObject(nullIfJsonNull(request.getOldObject()));
    if (request.getObject() == null && carriesObject(request.getOperation())) {
      return Optional.empty();
    }
    return Optional.of(review);
  }

  /** Reads a body step by step, checking its shape before anything looks at it, so that a refusal says why. */
  private AdmissionReview readChecked(byte[] body) throws MalformedReviewException {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (StreamConstraintsException e) {
      throw new MalformedReviewException("The body nests JSON deeper than " + MAX_NESTING_DEPTH + " levels.");
    } catch (JsonProcessingException e) {
      throw new MalformedReviewException("The body is not valid JSON (" + location(e) + ").");
    } catch (IOException e) {
      throw new MalformedReviewException("The body could not be read.");
    }
    if (root == null || root.isMissingNode()) {
      throw new MalformedReviewException("The body is empty; send an AdmissionReview.");
    }
    if (!root.isObject()) {
      throw new MalformedReviewException("The body is a JSON " + root.getNodeType().name().toLowerCase()
          + ", not an AdmissionReview object.");
    }
    if (!KIND.equals(root.path("kind").asText(null))) {
      throw new MalformedReviewException("The body is not an AdmissionReview (kind is "
          + quoted(root.get("kind")) + ").");
    }
    if (!API_VERSION.equals(root.path("apiVersion").asText(null))) {
      throw new MalformedReviewException("Only " + API_VERSION + " AdmissionReviews are answered (apiVersion is "
          + quoted(root.get("apiVersion")) + ").");
    }
    JsonNode request = root.get("request");
    if (request == null || !request.isObject()) {
      throw new MalformedReviewException("The AdmissionReview has no request object.");
    }
    if (!request.path("uid").isTextual() || request.path("uid").asText().isBlank()) {
      throw new MalformedReviewException("The AdmissionReview's request has no uid.");
    }
    if (!OPERATIONS.contains(request.path("operation").asText(""))) {
      throw new MalformedReviewException("The AdmissionReview's request operation is "
          + quoted(request.get("operation")) + ", not one of CREATE, UPDATE, DELETE or CONNECT.");
    }
    JsonNode object = ((ObjectNode) request).remove("object");
    JsonNode oldObject = ((ObjectNode) request).remove("oldObject");
    AdmissionReview review;
    try {
      review = mapper.treeToValue(root, AdmissionReview.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new MalformedReviewException("The AdmissionReview's request is malformed at " + path(e) + ".");
    }
    if (WorkflowKind.of(review.getRequest().getKind()).isEmpty()) {
      var gvk = review.getRequest().getKind();
      throw new MalformedReviewException("This webhook admits only Tasks and Ignitors of "
          + WorkflowKind.group() + "/" + WorkflowKind.version() + ", not "
          + (gvk == null ? "a request without a kind" : gvk.getGroup() + "/" + gvk.getVersion() + " " + gvk.getKind())
          + ".");
    }
    review.getRequest().setObject(objectOrNull(object, "object"));
    review.getRequest().setOldObject(objectOrNull(oldObject, "oldObject"));
    String operation = review.getRequest().getOperation();
    if (carriesObject(operation) && review.getRequest().getObject() == null) {
      throw new MalformedReviewException("The " + operation + " request has no object.");
    }
    return review;
  }

  public byte[] write(AdmissionReview review) {
    try {
      return mapper.writeValueAsBytes(review);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("An AdmissionReview could not be written as JSON", e);
    }
  }

  /** The request's object as JSON, whatever form the request holds it in. */
  JsonNode tree(Object object) {
    return object instanceof JsonNode node ? node : mapper.valueToTree(object);
  }

  /**
   * Converts a request's object into the model class.
   *
   * @throws UnreadableObjectException naming the field that does not fit the model
   */
  <T extends HasMetadata> T typed(JsonNode object, Class<T> type) throws UnreadableObjectException {
    try {
      return mapper.treeToValue(object, type);
    } catch (JsonMappingException e) {
      throw new UnreadableObjectException(path(e), Optional.ofNullable(e.getOriginalMessage()).orElse("unreadable")
          .lines().findFirst().orElse("unreadable"));
    } catch (JsonProcessingException e) {
      throw new UnreadableObjectException("(object)", e.getOriginalMessage());
    }
  }

  /** A field of the object that the model cannot hold, e.g. text where a number belongs. */
  static final class UnreadableObjectException extends Exception {

    private final String field;

    UnreadableObjectException(String field, String problem) {
      super(problem, null, false, false);
      this.field = field;
    }

    String field() {
      return field;
    }
  }

  /** A review as sent: without the model's defaults for kind and apiVersion, which would hide their absence. */
  private abstract static class ReviewAsSent {
    @JsonCreator
    ReviewAsSent(@JsonProperty("apiVersion") String apiVersion, @JsonProperty("kind") String kind,
        @JsonProperty("request") AdmissionRequest request, @JsonProperty("response") AdmissionResponse response) {}
  }

  /** A request as sent: its objects stay JSON, and its uid is text (not a number the model would turn into text). */
  private abstract static class RequestAsSent {
    @JsonDeserialize(as = JsonNode.class)
    abstract void setObject(Object object);

    @JsonDeserialize(as = JsonNode.class)
    abstract void setOldObject(Object oldObject);

    @JsonDeserialize(using = TextOnly.class)
    abstract void setUid(String uid);
  }

  /** A JSON string, nothing coerced into one. */
  private static final class TextOnly extends StdDeserializer<String> {
    TextOnly() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      if (!parser.hasToken(JsonToken.VALUE_STRING)) {
        return (String) context.handleUnexpectedToken(String.class, parser);
      }
      return parser.getText();
    }
  }

  /** CREATE and UPDATE carry the object; DELETE and CONNECT need not. */
  private static boolean carriesObject(String operation) {
    return !operation.equals("DELETE") && !operation.equals("CONNECT");
  }

  private static boolean isObjectOrNull(Object node) {
    return node == null || node instanceof ObjectNode || node instanceof NullNode;
  }

  private static Object nullIfJsonNull(Object node) {
    return node instanceof NullNode ? null : node;
  }

  private static JsonNode objectOrNull(JsonNode node, String name) throws MalformedReviewException {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw new MalformedReviewException("The request's " + name + " is not a JSON object.");
    }
    return node;
  }

  /** {@code spec.startOnSuccess[1]} from Jackson's reference chain. */
  private static String path(Exception e) {
    if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
      return "the top level";
    }
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : mapping.getPath()) {
      if (reference.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null ? "unexpected content"
        : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  private static String quoted(JsonNode node) {
    return node == null || node.isNull() ? "missing" : node.toString();
  }
}
