package cloud.sirocco.orca.action;

import cloud.sirocco.orca.model.ActionStatus;
import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.run.RunState;
import cloud.sirocco.orca.status.Incidents;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/** The success and failure actions of finished runs, run off the reconcile path. */
public interface RunActions {

  /**
   * Starts the actions of a finished run unless they are already in flight, and returns their final outcomes once
   * all are done (empty meanwhile; {@code whenDone} is called then, so the Task is reconciled again). {@code notice}
   * says whether the run opened or ended an incident: only then do the actions that notify on changes run.
   */
  Optional<List<ActionStatus>> progress(Task task, Pod pod, RunState state, Optional<Incidents.Notice> notice,
      Runnable whenDone);

  /**
   * Like {@link #progress}, for a notice no run pod stands for (a success deadline's, a closed join's): runs the
   * {@code names} actions for {@code standIn}, a pod that was never created, whose name and uid identify the notice.
   * Without a {@code notice}, the actions that notify on changes are passed over, as for a run.
   */
  Optional<List<ActionStatus>> notify(Task task, Pod standIn, RunState state, List<String> names,
      Optional<Incidents.Notice> notice, Runnable whenDone);

  /** The Task's action names that resolve neither to one of its {@code actions} nor to an installed plugin. */
  List<String> unknown(Task task);

  /** The plugin files that are not loaded, each with the reason, by file name: why an action may be unknown. */
  SortedMap<String, String> pluginFilesNotLoaded();
}
