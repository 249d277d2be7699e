/**
 * Runs: started, observed and handed on exactly once.
 *
 * <p><b>The invariant.</b> Each trigger event (an Ignitor fire, an upstream run's outcome, a refused start) starts a
 * Task at most once, and each finished run is counted, handed downstream and acted upon exactly once, across repeated
 * reconciles, stale caches, operator restarts and Tasks re-created under the same name. Nothing of it is kept in
 * memory: every mechanism below reads and writes the cluster.
 *
 * <p><b>The mechanisms, in the order a run meets them.</b>
 * <ol>
 *   <li>A RunRequest starts one run, named from the request's uid, and its status records it ({@code RunRequests}).
 *   <li>Fires are recorded in the Ignitor's status before any Task starts on them ({@code IgnitorScheduler}); a Task
 *       records each fire it consumed by Ignitor uid, generation and time ({@code status.ignitions}, see
 *       {@code IgnitorFire}).
 *   <li>A run's pod name is derived from its Task's name and uid and the trigger event
 *       ({@link cloud.sirocco.orca.run.Trigger#podName}), so starting it again finds it: a 409 returns the existing
 *       pod, which counts only if this Task controls it
 *       ({@link cloud.sirocco.orca.run.RunLauncher}, {@link cloud.sirocco.orca.run.RunPodCache#isRunOf}).
 *   <li>Starts of one Task are serialised and read a cache that knows of pods just created
 *       ({@link cloud.sirocco.orca.run.RunLauncher}, {@link cloud.sirocco.orca.run.RunPodCache#created}), so two
 *       triggers cannot both pass a Forbid check.
 *   <li>A run pod holds a finalizer until its outcome is recorded, so a pod deleted mid-run still counts as a failed
 *       run ({@link cloud.sirocco.orca.names.RunNames#FINALIZER}, {@link cloud.sirocco.orca.run.RunObserver}).
 *   <li>A pass writes the Task's status first and only then marks the pods ({@code TaskConverger},
 *       {@code TaskReconciler}): {@code handled} once the outcome is recorded and handed downstream, {@code started}
 *       for the listeners already started while a retry waits, {@code actions} once the actions are done. A handled
 *       pod is never counted again, and a record stays in status until its pod shows it handled
 *       ({@code RunHistory}).
 *   <li>A pod the API server refuses becomes a failed run of its Task in {@code status.rejectedRuns}, handed on by
 *       that Task's own pass like a pod and then dropped ({@code RejectedRuns}).
 *   <li>Actions carry an idempotency key ({@code <namespace>/<run>/<action>}); a dispatch under way is found, not
 *       started again ({@code RunActionDispatcher}). An action interrupted by a restart runs again with the same key.
 * </ol>
 *
 * <p>The README's "How a workflow runs" says the same for users; docs/reliability.md lists the tests that prove it.
 */
package cloud.sirocco.orca.run;
