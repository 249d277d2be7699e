package cloud.sirocco.orca.webhook.admission;

import cloud.sirocco.orca.model.Defaults;
import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.RunRequest;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.validation.NamespaceView;
import cloud.sirocco.orca.validation.ReferencePolicy;
import cloud.sirocco.orca.validation.RunRequestRules;
import cloud.sirocco.orca.validation.Verdict;
import cloud.sirocco.orca.validation.WorkflowRules;
import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The kinds the webhook admits, each with the operator's rules and defaults for it. */
enum WorkflowKind {
  TASK(Task.class) {
    @Override
    Verdict check(HasMetadata object, NamespaceView view, ReferencePolicy references) {
      return WorkflowRules.checkTask((Task) object, view, references);
    }

    @Override
    boolean applyDefaults(HasMetadata object) {
      return Defaults.apply((Task) object);
    }
  },
  IGNITOR(Ignitor.class) {
    @Override
    Verdict check(HasMetadata object, NamespaceView view, ReferencePolicy references) {
      // Judged at the time of the request: what it warns of (the next fires, a time in the past) is seen now.
      return WorkflowRules.checkIgnitor((Ignitor) object, view, Instant.now());
    }

    @Override
    boolean applyDefaults(HasMetadata object) {
      return Defaults.apply((Ignitor) object);
    }
  },
  RUN_REQUEST(RunRequest.class) {
    @Override
    Verdict check(HasMetadata object, NamespaceView view, ReferencePolicy references) {
      // A request runs at once: one naming no Task is refused under every policy.
      return RunRequestRules.check((RunRequest) object, view);
    }

    @Override
    boolean applyDefaults(HasMetadata object) {
      return false;
    }

    @Override
    boolean stamp(HasMetadata object, String requester) {
      Map<String, String> annotations = object.getMetadata().getAnnotations() == null ? new HashMap<>()
          : new HashMap<>(object.getMetadata().getAnnotations());
      String before = requester == null ? annotations.remove(RunRequest.REQUESTED_BY_ANNOTATION)
          : annotations.put(RunRequest.REQUESTED_BY_ANNOTATION, requester);
      object.getMetadata().setAnnotations(annotations);
      return !Objects.equals(before, requester);
    }

    @Override
    List<String> warningsOnDelete(HasMetadata deleted, NamespaceView view) {
      return List.of();
    }
  };

  // Read once: every request asks, and the annotation lookups behind them allocate.
  private static final String GROUP = HasMetadata.getGroup(Task.class);
  private static final String VERSION = HasMetadata.getVersion(Task.class);
  private static final WorkflowKind[] KINDS = values();

  private final Class<? extends HasMetadata> type;
  private final String kindName;

  WorkflowKind(Class<? extends HasMetadata> type) {
    this.type = type;
    this.kindName = HasMetadata.getKind(type);
  }

  /** The rules for the kind; {@code references} says whether a Task's unknown trigger names are refused. */
  abstract Verdict check(HasMetadata object, NamespaceView view, ReferencePolicy references);

  /** Fills unset fields; returns whether anything changed. */
  abstract boolean applyDefaults(HasMetadata object);

  /**
   * Records who asked for the object, where the kind keeps that ({@code requester}: the authenticated user who
   * created it); returns whether anything changed.
   */
  boolean stamp(HasMetadata object, String requester) {
    return false;
  }

  /** What a user deleting the object should know: the Tasks that still start on it. */
  List<String> warningsOnDelete(HasMetadata deleted, NamespaceView view) {
    return WorkflowRules.warningsOnDelete(deleted, view);
  }

  Class<? extends HasMetadata> type() {
    return type;
  }

  /** {@code Task}, {@code Ignitor} or {@code RunRequest}, as Kubernetes spells the kind. */
  String kindName() {
    return kindName;
  }

  static String group() {
    return GROUP;
  }

  static String version() {
    return VERSION;
  }

  /** The kind an AdmissionRequest is about, if it is one of ours at the version the model describes. */
  static Optional<WorkflowKind> of(GroupVersionKind gvk) {
    if (gvk == null || !GROUP.equals(gvk.getGroup()) || !VERSION.equals(gvk.getVersion())) {
      return Optional.empty();
    }
    for (WorkflowKind kind : KINDS) {
      if (kind.kindName.equals(gvk.getKind())) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
