#!/usr/bin/env bash
# Orca's main job on this machine: bring up the local cluster with Orca installed, apply an example
# workflow (default: examples/hello-workflow.yaml) and watch its Tasks, Ignitors and pods as it runs.
#   examples/demo.sh [examples/<workflow>.yaml]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
workflow=${1:-examples/hello-workflow.yaml}

if [ ! -f operator/target/orca-operator.jar ] || [ ! -f webhook/target/orca-webhook.jar ]; then
  echo "== building Orca (mvn package, tests skipped: e2e/test.sh runs them)"
  mvn -B -ntp -q package -DskipTests
fi
echo "== local cluster with Orca installed"
eval "$(e2e/cluster.sh up | tail -n 1)"
kubectl="$(e2e/build-kube.sh)/kubectl"

echo "== kubectl apply -f $workflow"
"$kubectl" apply -f "$workflow"
for _ in $(seq 1 30); do
  # Decided before printing, so that the last table printed shows every Task finished.
  finished=yes
  if "$kubectl" get tasks -o jsonpath='{range .items[*]}{.status.state}{"\n"}{end}' \
      | grep -qvE '^(Succeeded|Failed)$'; then
    finished=no
  fi
  echo
  echo "== $(date -u +%H:%M:%S) kubectl get tasks,ignitors,pods"
  "$kubectl" get tasks,ignitors,pods
  [ "$finished" = yes ] && break
  sleep 2
done
echo
echo "== what each run printed (its log's last line)"
for pod in $("$kubectl" get pods -l app.kubernetes.io/managed-by=orca -o name); do
  echo "${pod#pod/}: $("$kubectl" logs "$pod" --all-containers | tail -n 1)"
done
echo
echo "Logs of the runs: $kubectl logs <pod>; Orca's own: ${ORCA_CLUSTER_DIR:-$HOME/.cache/orca/cluster}/logs/"
echo "export KUBECONFIG=$KUBECONFIG"
