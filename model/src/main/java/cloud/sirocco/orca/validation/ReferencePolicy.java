package cloud.sirocco.orca.validation;

import java.util.Map;

/**
 * What admission does with a trigger naming an Ignitor or Task that does not exist yet, chosen per namespace by the
 * label {@value #LABEL}. {@link #STRICT} (the default) refuses it, so the order of applying matters;
 * {@link #EVENTUAL} ({@code eventual}) admits it with a warning, and the Task waits with {@code Ready=False}
 * ({@code UnresolvedReference}) until the object appears, as GitOps tools applying a folder in their own order need.
 * Every other rule, success-only cycles and schedules included, holds under both.
 */
public enum ReferencePolicy {
  STRICT,
  EVENTUAL;

  /** The Namespace label choosing the policy; any value but {@code eventual}, or none, is strict. */
  public static final String LABEL = "orca.sirocco.cloud/references";

  /** The policy a Namespace's labels choose; {@code null} (a namespace not known yet) is strict. */
  public static ReferencePolicy of(Map<String, String> namespaceLabels) {
    return namespaceLabels != null && "eventual".equals(namespaceLabels.get(LABEL)) ? EVENTUAL : STRICT;
  }
}
