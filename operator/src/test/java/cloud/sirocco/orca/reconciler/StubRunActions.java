package cloud.sirocco.orca.reconciler;

import cloud.sirocco.orca.action.RunActions;
import cloud.sirocco.orca.model.ActionStatus;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.run.RunState;
import cloud.sirocco.orca.status.Incidents;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** Run actions that finish at once with a set outcome (none by default), or stay in flight until told. */
final class StubRunActions implements RunActions {

  private Optional<List<ActionStatus>> outcome = Optional.of(List.of());
  private List<String> unknown = List.of();
  private SortedMap<String, String> notLoaded = new TreeMap<>();
  private final List<String> progressed = new ArrayList<>();
  private final Map<String, Incidents.Notice> notices = new LinkedHashMap<>();
  private final List<String> notified = new ArrayList<>();
  private final List<Pod> standIns = new ArrayList<>();

  /** Every later call reports the actions still in flight. */
  void inFlight() {
    outcome = Optional.empty();
  }

  /** Every later call reports the actions done with these outcomes. */
  void done(ActionStatus... results) {
    outcome = Optional.of(List.of(results));
  }

  void unknown(String... names) {
    unknown = List.of(names);
  }

  void notLoaded(String file, String reason) {
    notLoaded.put(file, reason);
  }

  /** The runs (pod names) whose actions were asked about, in order. */
  List<String> progressed() {
    return List.copyOf(progressed);
  }

  @Override
  public Optional<List<ActionStatus>> progress(Task task, Pod pod, RunState state, Optional<Incidents.Notice> notice,
      Runnable whenDone) {
    progressed.add(pod.getMetadata().getName());
    notice.ifPresent(n -> notices.put(pod.getMetadata().getName(), n));
    return outcome;
  }

  @Override
  public Optional<List<ActionStatus>> notify(Task task, Pod standIn, RunState state, List<String> names,
      Optional<Incidents.Notice> notice, Runnable whenDone) {
    notified.add(standIn.getMetadata().getName() + " " + state.reason() + " " + names);
    notice.ifPresent(n -> notices.put(standIn.getMetadata().getName(), n));
    standIns.add(standIn);
    return outcome;
  }

  /** The notices without a run (name of the stand-in, reason, actions), in order. */
  List<String> notified() {
    return List.copyOf(notified);
  }

  /** The runs the notices without a run stood in for, in order. */
  List<Pod> standIns() {
    return List.copyOf(standIns);
  }

  /** The notices the runs (pod names, or stand-ins' names) carried when their actions were asked about. */
  Map<String, Incidents.Notice> notices() {
    return Map.copyOf(notices);
  }

  @Override
  public List<String> unknown(Task task) {
    return unknown;
  }

  @Override
  public SortedMap<String, String> pluginFilesNotLoaded() {
    return notLoaded;
  }

  static ActionStatus status(String name, String state) {
    ActionStatus status = new ActionStatus();
    status.setName(name);
    status.setState(state);
    status.setAttempts(1);
    return status;
  }
}
