#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Checks that a running local cluster (e2e/cluster.sh up) really runs pods: a busybox:1.36 pod that writes a
# termination message and exits 3, one that succeeds, one with busybox:latest pulled through the local
# registry, and the server version. Cleans up its pods. Exit status 0 only if every check passed.
#
#   e2e/lib/smoke-test.sh
set -euo pipefail

. "$(cd "$(dirname "$0")" && pwd)/common.sh"

BIN=$(cat "$CLUSTER_DIR/bin" 2>/dev/null) || die "no cluster in $CLUSTER_DIR; run e2e/cluster.sh up"
k() { "$BIN/kubectl" --kubeconfig "$ADMIN_KUBECONFIG" -n default "$@"; }
ns=orca-smoke
passed=0 failed=0
check() {
  local what=$1 got=$2 want=$3
  if [ "$got" = "$want" ]; then
    echo "ok   $what"; passed=$((passed + 1))
  else
    echo "FAIL $what: got '$got', want '$want'"; failed=$((failed + 1))
  fi
}

k delete pod -l app=$ns --ignore-not-found --wait=true >/dev/null
trap 'k delete pod -l app=$ns --ignore-not-found --wait=false >/dev/null 2>&1 || true' EXIT

k apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Pod
metadata: {name: $ns-exit3, labels: {app: $ns}}
spec:
  restartPolicy: Never
  containers:
  - name: main
    image: busybox:1.36
    command: ["sh", "-c", "echo hi > /dev/termination-log; exit 3"]
---
apiVersion: v1
kind: Pod
metadata: {name: $ns-ok, labels: {app: $ns}}
spec:
  restartPolicy: Never
  containers:
  - name: main
    image: busybox:1.36
    command: ["sh", "-c", "echo hello"]
---
apiVersion: v1
kind: Pod
metadata: {name: $ns-latest, labels: {app: $ns}}
spec:
  restartPolicy: Never
  containers:
  - name: main
    image: busybox            # :latest, so imagePullPolicy Always: pulled from e2e/lib/registry.py
    command: ["sh", "-c", "echo latest"]
EOF

k wait --for=jsonpath='{.status.phase}'=Failed "pod/$ns-exit3" --timeout=90s >/dev/null || true
k wait --for=jsonpath='{.status.phase}'=Succeeded "pod/$ns-ok" "pod/$ns-latest" --timeout=90s >/dev/null || true

term='{.status.containerStatuses[0].state.terminated}'
check "exit3 pod phase" "$(k get pod "$ns-exit3" -o jsonpath='{.status.phase}')" Failed
check "exit3 exitCode" "$(k get pod "$ns-exit3" -o jsonpath="${term%\}}.exitCode}")" 3
check "exit3 termination message" "$(k get pod "$ns-exit3" -o jsonpath="${term%\}}.message}")" hi
check "ok pod phase" "$(k get pod "$ns-ok" -o jsonpath='{.status.phase}')" Succeeded
check "ok pod log" "$(k logs "$ns-ok")" hello
check "busybox:latest pod phase" "$(k get pod "$ns-latest" -o jsonpath='{.status.phase}')" Succeeded
check "server version" "$(k version -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["serverVersion"]["gitVersion"])')" v1.34.10
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
