package cloud.sirocco.orca.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Sets metav1.Condition entries, moving lastTransitionTime only when the status really changes. */
public final class Conditions {

  private Conditions() {}

  public static void set(List<Condition> conditions, String type, boolean status, String reason, String message,
      Long generation, Instant now) {
    String value = status ? "True" : "False";
    Condition existing = conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    String since = existing != null && value.equals(existing.getStatus()) ? existing.getLastTransitionTime()
        : Times.rfc3339(now);
    Condition updated = new ConditionBuilder().withType(type).withStatus(value).withReason(reason)
        .withMessage(message).withObservedGeneration(generation).withLastTransitionTime(since).build();
    if (existing == null) {
      conditions.add(updated);
    } else if (!Objects.equals(existing, updated)) {
      conditions.set(conditions.indexOf(existing), updated);
    }
  }
}
