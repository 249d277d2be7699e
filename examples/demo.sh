#!/usr/bin/env bash
# Orca's main job on this machine: bring up the local cluster with Orca installed as a user installs it (its images
# built by Jib, `kubectl apply -k`, cert-manager issuing the webhook's certificate), apply an example workflow
# (default: examples/hello-workflow.yaml) and watch its Tasks, Ignitors and pods until every Task has finished.
#   examples/demo.sh [examples/<workflow>.yaml]
# ORCA_INSTALL=processes runs Orca as host processes instead (faster to start; see e2e/README-cluster.md).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
workflow=${1:-examples/hello-workflow.yaml}

if [ ! -f operator/target/orca-operator.jar ] || [ ! -f webhook/target/orca-webhook.jar ]; then
  echo "== building Orca (mvn package, tests skipped: e2e/test.sh runs them)"
  mvn -B -ntp -q package -DskipTests
fi
echo "== local cluster with Orca installed (ORCA_INSTALL=${ORCA_INSTALL:-deploy})"
eval "$(ORCA_INSTALL=${ORCA_INSTALL:-deploy} e2e/cluster.sh up | tail -n 1)"
kubectl="$(e2e/build-kube.sh)/kubectl"

echo "== kubectl apply -f $workflow"
"$kubectl" apply -f "$workflow"
limit=$((SECONDS + 120))
while :; do
  # Decided before printing, so that the last table printed shows every Task finished.
  # custom-columns prints <none> for a Task with no state yet, where a jsonpath over it fails and prints nothing.
  finished=no
  if states=$("$kubectl" get tasks -o custom-columns=STATE:.status.state --no-headers) && [ -n "$states" ] &&
      ! grep -qvE '^(Succeeded|Failed)$' <<<"$states"; then
    finished=yes
  fi
  echo
  echo "== $(date -u +%H:%M:%S) kubectl get tasks,ignitors,pods"
  "$kubectl" get tasks,ignitors,pods
  [ "$finished" = yes ] && break
  if [ $SECONDS -ge $limit ]; then
    echo "== not every Task finished within 120 s; see kubectl describe tasks"
    break
  fi
  sleep 2
done
echo
echo "== what each run printed (its log's last line)"
for pod in $("$kubectl" get pods -l app.kubernetes.io/managed-by=orca -o name); do
  echo "${pod#pod/}: $("$kubectl" logs "$pod" --all-containers | tail -n 1)"
done
echo
if [ "${ORCA_INSTALL:-deploy}" = deploy ]; then
  echo "Logs of the runs: $kubectl logs <pod>; Orca's own: $kubectl --namespace=orca-system logs deployment/orca-operator"
else
  echo "Logs of the runs: $kubectl logs <pod>; Orca's own: ${ORCA_CLUSTER_DIR:-$HOME/.cache/orca/cluster}/logs/"
fi
echo "export KUBECONFIG=$KUBECONFIG"
