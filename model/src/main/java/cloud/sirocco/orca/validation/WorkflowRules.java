package cloud.sirocco.orca.validation;

import cloud.sirocco.orca.graph.TriggerKind;
import cloud.sirocco.orca.graph.TriggerPaths;
import cloud.sirocco.orca.model.ActionSpec;
import cloud.sirocco.orca.model.Ignitor;
import cloud.sirocco.orca.model.IgnitorSpec;
import cloud.sirocco.orca.model.NotifyPolicy;
import cloud.sirocco.orca.model.SuccessDeadline;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.model.TaskSpec;
import cloud.sirocco.orca.names.RunNames;
import cloud.sirocco.orca.schedule.InvalidScheduleException;
import cloud.sirocco.orca.schedule.Periods;
import cloud.sirocco.orca.schedule.Schedule;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rules a workflow must keep: the admission webhook rejects objects that break them, and the operator checks
 * them again before it runs anything (the webhook may have been down or bypassed). Every violation is reported at
 * once, each with its field path.
 */
public final class WorkflowRules {

  /** The longest label value, e.g. a run's initiator label. */
  static final int MAX_LABEL = 63;
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private WorkflowRules() {}

  public static Verdict checkTask(Task task, NamespaceView view) {
    return checkTask(task, view, ReferencePolicy.STRICT);
  }

  /** The rules under {@code references}: whether a trigger naming a missing object is refused or warned about. */
  public static Verdict checkTask(Task task, NamespaceView view, ReferencePolicy references) {
    List<Violation> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    String name = task.getMetadata().getName();
    if (name != null && name.length() > RunNames.MAX_TASK_NAME) {
      errors.add(new Violation("metadata.name", "must be at most " + RunNames.MAX_TASK_NAME
          + " characters (it has " + name.length() + ") so that run pod names, <task>-<10 characters>, stay "
          + "within 63"));
    }
    TaskSpec spec = task.getSpec();
    if (spec == null) {
      errors.add(new Violation("spec", "is required: set template (a pod template) or steps (containers run in "
          + "order)"));
      return new Verdict(errors, warnings);
    }
    checkWorkload(spec, errors);
    checkTriggers(task, view, references, errors, warnings);
    checkJoin(task, view, errors, warnings);
    checkActions(spec, errors);
    checkDeadlineReach(task, view, warnings);
    return new Verdict(errors, warnings);
  }

  /**
   * The rules of an Ignitor checked at {@code now}: its own ({@link #checkSchedule}), the next fires of a cron
   * schedule and its daylight-saving changes, and whether a Task starts on it.
   */
  public static Verdict checkIgnitor(Ignitor ignitor, NamespaceView view, Instant now) {
    List<Violation> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Optional<Schedule> schedule = checkSchedule(ignitor, now, errors, warnings);
    if (errors.isEmpty() && schedule.orElse(null) instanceof Schedule.Cron cron) {
      warnings.addAll(ScheduleWarnings.of(cron, now));
    }
    String name = ignitor.getMetadata().getName();
    if (name != null && view.tasksTriggeredBy(name).stream()
        .noneMatch(t -> TriggerKind.IGNITION.sources(t.getSpec()).contains(name))) {
      warnings.add("no Task names Ignitor \"" + name + "\" in startOnIgnition yet: its fires start nothing until "
          + "one does");
    }
    return new Verdict(errors, warnings);
  }

  /** The rules an Ignitor keeps by itself, checked at {@code now}: its name, schedule and time zone. */
  public static Verdict checkSchedule(Ignitor ignitor, Instant now) {
    List<Violation> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    checkSchedule(ignitor, now, errors, warnings);
    return new Verdict(errors, warnings);
  }

  /** Adds what the Ignitor's own rules find to {@code errors} and {@code warnings}; its schedule if it parses. */
  private static Optional<Schedule> checkSchedule(Ignitor ignitor, Instant now, List<Violation> errors,
      List<String> warnings) {
    String name = ignitor.getMetadata().getName();
    if (name != null && name.length() > MAX_LABEL) {
      errors.add(new Violation("metadata.name", "must be at most " + MAX_LABEL + " characters (it has "
          + name.length() + "): run pods carry it in a label"));
    }
    IgnitorSpec spec = ignitor.getSpec() == null ? new IgnitorSpec() : ignitor.getSpec();
    ZoneId zone = ZoneId.of("UTC");
    try {
      zone = Schedule.zone(spec.getTimeZone());
    } catch (InvalidScheduleException e) {
      errors.add(new Violation("spec.timeZone", e.getMessage()));
    }
    Optional<Schedule> parsed = Optional.empty();
    try {
      Schedule schedule = Schedule.parse(spec.getScheduled(), zone);
      parsed = Optional.of(schedule);
      if (schedule instanceof Schedule.Cron && schedule.nextAfter(now).isEmpty()) {
        errors.add(new Violation("spec.scheduled", "\"" + spec.getScheduled() + "\" never fires: no date matches "
            + "it; check the day of month against the month"));
      }
      if (schedule instanceof Schedule.At at && at.at().isBefore(now)) {
        warnings.add("spec.scheduled: " + spec.getScheduled() + " is in the past; the Ignitor fires once, as soon "
            + "as it is created, unless startingDeadlineSeconds has passed");
      }
    } catch (InvalidScheduleException e) {
      errors.add(new Violation("spec.scheduled", e.getMessage()));
    }
    if (spec.getData() != null && spec.getData().indexOf('\u0000') >= 0) {
      errors.add(new Violation("spec.data", "contains a NUL character, which no environment variable (ORCA_DATA) "
          + "can hold; remove it"));
    }
    return parsed;
  }

  /** Warnings for deleting an object that other Tasks still start on. */
  public static List<String> warningsOnDelete(HasMetadata deleted, NamespaceView view) {
    String name = deleted.getMetadata().getName();
    Set<TriggerKind> kinds = deleted instanceof Ignitor ? Set.of(TriggerKind.IGNITION) : TriggerKind.BETWEEN_TASKS;
    List<String> listeners = view.tasksTriggeredBy(name).stream()
        .filter(t -> kinds.stream().anyMatch(k -> k.sources(t.getSpec()).contains(name)))
        .filter(t -> deleted instanceof Ignitor || !t.getMetadata().getName().equals(name))
        .map(t -> t.getMetadata().getName())
        .sorted()
        .toList();
    if (listeners.isEmpty()) {
      return List.of();
    }
    return List.of(deleted.getKind() + " \"" + name + "\" still starts " + String.join(", ", listeners)
        + "; they will not run until their triggers name an existing object");
  }

  private static void checkWorkload(TaskSpec spec, List<Violation> errors) {
    boolean hasTemplate = spec.getTemplate() != null;
    boolean hasSteps = spec.getSteps() != null;
    if (hasTemplate && hasSteps) {
      errors.add(new Violation("spec.steps", "cannot be used together with spec.template: use template for one "
          + "pod of containers, or steps for containers run in order"));
    } else if (!hasTemplate && !hasSteps) {
      errors.add(new Violation("spec", "set template (a pod template) or steps (containers run in order)"));
    }
    if (hasTemplate) {
      PodSpec pod = spec.getTemplate().getSpec();
      if (pod == null || pod.getContainers() == null || pod.getContainers().isEmpty()) {
        errors.add(new Violation("spec.template.spec.containers", "at least one container is required"));
      }
      if (pod != null && "Always".equals(pod.getRestartPolicy())) {
        errors.add(new Violation("spec.template.spec.restartPolicy", "Always is not allowed, since a run must "
            + "finish: use Never (the default) or OnFailure"));
      }
    }
    if (hasSteps) {
      checkSteps(spec.getSteps(), errors);
    }
  }

  private static void checkSteps(List<Container> steps, List<Violation> errors) {
    if (steps.isEmpty()) {
      errors.add(new Violation("spec.steps", "at least one step is required"));
    }
    Map<String, Integer> firstUse = new HashMap<>();
    for (int i = 0; i < steps.size(); i++) {
      Container step = steps.get(i);
      String field = "spec.steps[" + i + "]";
      if (step == null) {
        errors.add(new Violation(field, "must be a container"));
        continue;
      }
      String stepName = step.getName();
      if (stepName == null || stepName.isBlank()) {
        errors.add(new Violation(field + ".name", "is required"));
      } else if (!DNS_LABEL.matcher(stepName).matches() || stepName.length() > 63) {
        errors.add(new Violation(field + ".name", "\"" + stepName + "\" must be a DNS label: lower-case letters, "
            + "digits and '-', starting and ending with a letter or digit, at most 63 characters"));
      } else {
        Integer first = firstUse.putIfAbsent(stepName, i);
        if (first != null) {
          errors.add(new Violation(field + ".name", "duplicate step name \"" + stepName + "\" (also spec.steps["
              + first + "]); step names must be unique"));
        }
      }
      if (step.getImage() == null || step.getImage().isBlank()) {
        errors.add(new Violation(field + ".image", "is required"));
      }
    }
  }

  private static void checkTriggers(Task task, NamespaceView view, ReferencePolicy references,
      List<Violation> errors, List<String> warnings) {
    TaskSpec spec = task.getSpec();
    String self = task.getMetadata().getName();
    for (UnresolvedReference missing : unresolvedReferences(task, view)) {
      if (references == ReferencePolicy.EVENTUAL) {
        warnings.add(missing.warning(view.namespace()));
      } else {
        errors.add(missing.refusal(view.namespace()));
      }
    }
    TriggerPaths paths = TriggerPaths.around(task, view::task);
    paths.successCycleThrough(task).ifPresent(cycle -> {
      String closing = cycle.get(cycle.size() - 2);
      TriggerKind edge = TriggerKind.SUCCESS.sources(spec).contains(closing) ? TriggerKind.SUCCESS : TriggerKind.JOIN;
      int index = edge.sources(spec).indexOf(closing);
      errors.add(new Violation("spec." + edge.field() + "[" + index + "]", "trigger cycle with no failure handling: "
          + String.join(" -> ", cycle) + " (all on success) would run forever; remove one of these triggers, or "
          + "make the loop go through startOnFailure (a retry loop, bounded by retryLimit)"));
    });
    if (Arrays.stream(TriggerKind.values()).allMatch(kind -> kind.sources(spec).isEmpty())) {
      warnings.add("Task \"" + self + "\" has no trigger (startOnIgnition, startOnSuccess, startOnFailure and "
          + "startOnAllSucceeded are empty), so it never runs");
    }
  }

  /** The Ignitors and Tasks the Task's triggers name that do not exist in the view (the Task itself does). */
  public static List<UnresolvedReference> unresolvedReferences(Task task, NamespaceView view) {
    List<UnresolvedReference> missing = new ArrayList<>();
    if (task.getSpec() == null) {
      return missing;
    }
    String self = task.getMetadata().getName();
    List<String> ignitors = TriggerKind.IGNITION.sources(task.getSpec());
    for (int i = 0; i < ignitors.size(); i++) {
      if (view.ignitor(ignitors.get(i)).isEmpty()) {
        missing.add(new UnresolvedReference(field(TriggerKind.IGNITION, i), "Ignitor", ignitors.get(i)));
      }
    }
    for (TriggerKind kind : TriggerKind.BETWEEN_TASKS) {
      List<String> sources = kind.sources(task.getSpec());
      for (int i = 0; i < sources.size(); i++) {
        String upstream = sources.get(i);
        if (!upstream.equals(self) && view.task(upstream).isEmpty()) {
          missing.add(new UnresolvedReference(field(kind, i), "Task", upstream));
        }
      }
    }
    return missing;
  }

  private static String field(TriggerKind kind, int index) {
    return "spec." + kind.field() + "[" + index + "]";
  }

  /**
   * An AND-join (startOnAllSucceeded) names existing Tasks, each once, other than this one, whose termination messages
   * get distinct variables; a join whose Tasks have no origin in common (an Ignitor, or a Task a RunRequest can start,
   * upstream of them all) never sees them in one workflow run: legal, since the graph upstream may still change, but
   * warned of.
   */
  private static void checkJoin(Task task, NamespaceView view, List<Violation> errors, List<String> warnings) {
    String self = task.getMetadata().getName();
    List<String> upstreams = TriggerKind.JOIN.sources(task.getSpec());
    Map<String, Integer> firstUse = new HashMap<>();
    Map<String, String> variables = new HashMap<>();
    boolean resolved = true;
    for (int i = 0; i < upstreams.size(); i++) {
      String upstream = upstreams.get(i);
      String field = "spec.startOnAllSucceeded[" + i + "]";
      Integer first = firstUse.putIfAbsent(upstream, i);
      if (first != null) {
        errors.add(new Violation(field, "Task \"" + upstream + "\" is named twice (also spec.startOnAllSucceeded["
            + first + "]); name each Task once"));
        continue;
      }
      // A missing Task is an unresolved reference (checkTriggers), refused or warned of by the namespace's policy.
      resolved &= upstream.equals(self) || view.task(upstream).isPresent();
      String clash = variables.putIfAbsent(joinDataVariable(upstream), upstream);
      if (clash != null) {
        errors.add(new Violation(field, "Tasks \"" + clash + "\" and \"" + upstream + "\" would both hand their "
            + "message as " + joinDataVariable(upstream) + "; join Tasks whose names differ in more than '-' and '.'"));
      }
    }
    if (firstUse.size() == 1) {
      warnings.add("spec.startOnAllSucceeded names one Task: a join of one is startOnSuccess, which hands its message "
          + "as it is rather than in a JSON object");
    }
    if (firstUse.size() > 1 && resolved && errors.isEmpty()) {
      TriggerPaths paths = TriggerPaths.around(task, view::task);
      List<String> names = List.copyOf(firstUse.keySet()).stream().sorted().toList();
      Set<String> common = new HashSet<>(paths.origins(names.get(0)));
      names.subList(1, names.size()).forEach(name -> common.retainAll(paths.origins(name)));
      if (common.isEmpty()) {
        warnings.add("spec.startOnAllSucceeded: Tasks " + String.join(", ", names) + " have no Ignitor or Task "
            + "upstream of them all, so no workflow run reaches them all and the join never starts; start them from "
            + "one Ignitor or from a Task upstream of them all");
      }
    }
  }

  /** The variable that hands the termination message of a joined Task's run: ORCA_DATA_ and its name in capitals. */
  public static String joinDataVariable(String task) {
    return "ORCA_DATA_" + task.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  private static void checkActions(TaskSpec spec, List<Violation> errors) {
    List<ActionSpec> actions = spec.getActions() == null ? List.of() : spec.getActions();
    Map<String, Integer> firstUse = new HashMap<>();
    for (int i = 0; i < actions.size(); i++) {
      ActionSpec action = actions.get(i);
      String name = action == null ? null : action.getName();
      if (name == null || name.isBlank()) {
        errors.add(new Violation("spec.actions[" + i + "].name", "is required"));
        continue;
      }
      Integer first = firstUse.putIfAbsent(name, i);
      if (first != null) {
        errors.add(new Violation("spec.actions[" + i + "].name", "duplicate action name \"" + name
            + "\" (also spec.actions[" + first + "])"));
      }
      if (action.getNotify() == NotifyPolicy.OnChange) {
        checkOnChange(spec, i, name, errors);
      }
    }
    checkActionNames("successActions", spec.getSuccessActions(), errors);
    checkActionNames("failureActions", spec.getFailureActions(), errors);
    checkSuccessDeadline(spec.getSuccessDeadline(), errors);
  }

  private static void checkSuccessDeadline(SuccessDeadline deadline, List<Violation> errors) {
    if (deadline == null) {
      return;
    }
    boolean within = deadline.getWithin() != null;
    boolean withinWorkflowRun = deadline.getWithinWorkflowRun() != null;
    if (!within && !withinWorkflowRun) {
      errors.add(new Violation("spec.successDeadline", "set within (e.g. 26h) or withinWorkflowRun (e.g. 2h): how"
          + " long the Task may go without a success, from its latest one or from each Ignitor fire upstream"));
    } else if (within && withinWorkflowRun) {
      errors.add(new Violation("spec.successDeadline.withinWorkflowRun", "set within or withinWorkflowRun, not both:"
          + " a Task has one success deadline"));
    }
    checkPeriod("spec.successDeadline.within", deadline.getWithin(), errors);
    checkPeriod("spec.successDeadline.withinWorkflowRun", deadline.getWithinWorkflowRun(), errors);
    checkActionNames("successDeadline.actions", deadline.getActions(), errors);
  }

  private static void checkPeriod(String field, String period, List<Violation> errors) {
    if (period == null) {
      return;
    }
    try {
      Periods.parse(period);
    } catch (IllegalArgumentException e) {
      errors.add(new Violation(field, e.getMessage()));
    }
  }

  /** A deadline within the workflow run counts from Ignitor fires: a Task no Ignitor reaches is never overdue. */
  private static void checkDeadlineReach(Task task, NamespaceView view, List<String> warnings) {
    SuccessDeadline deadline = task.getSpec().getSuccessDeadline();
    if (deadline == null || deadline.getWithinWorkflowRun() == null) {
      return;
    }
    String self = task.getMetadata().getName();
    TriggerPaths paths = TriggerPaths.around(task, view::task);
    if (paths.ignitorsUpstream(self).isEmpty()) {
      warnings.add("spec.successDeadline.withinWorkflowRun: no Ignitor is upstream of Task \"" + self + "\", so no"
          + " workflow run starts its window and the Task is never overdue; name an Ignitor in startOnIgnition, or"
          + " a Task started by one, or use within");
    }
  }

  /** An OnChange action notifies failures and their recovery: it hangs on failureActions alone. */
  private static void checkOnChange(TaskSpec spec, int index, String name, List<Violation> errors) {
    String field = "spec.actions[" + index + "].notify";
    if (spec.getFailureActions() == null || !spec.getFailureActions().contains(name)) {
      errors.add(new Violation(field, "OnChange notifies the failure that opens an incident and the success that"
          + " ends it: name \"" + name + "\" in failureActions"));
    }
    if (spec.getSuccessActions() != null && spec.getSuccessActions().contains(name)) {
      errors.add(new Violation(field, "OnChange already notifies the success that ends an incident, and no other:"
          + " remove \"" + name + "\" from successActions, or set notify to EveryRun"));
    }
  }

  private static void checkActionNames(String field, List<String> names, List<Violation> errors) {
    if (names == null) {
      return;
    }
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i) == null || names.get(i).isBlank()) {
        errors.add(new Violation("spec." + field + "[" + i + "]", "must name an action"));
      }
    }
  }

  /** Field paths and messages on one line each, for conditions and Events. */
  public static String summary(List<Violation> errors) {
    return errors.stream().map(Violation::toString).collect(Collectors.joining("; "));
  }
}
