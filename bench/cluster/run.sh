#!/usr/bin/env bash
# Runs one benchmark of docs/benchmarks-cluster.md on the local cluster (e2e/cluster.sh up, Orca installed) and
# prints its figures; the benchmark deletes its namespace afterwards.
#
#   bench/cluster/run.sh trigger [100 [500]]  benchmark 3: trigger latency of a chain beside the Job controller,
#                                          after a warm-up of 500 runs (0: none)
#   bench/cluster/run.sh fanout [500]     benchmark 4: one Ignitor starting N Tasks beside N Jobs
#
# Needs operator/target/orca-operator.jar (mvn -q install -DskipTests) and KUBECONFIG (default: the local cluster's).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
kind=${1:?usage: bench/cluster/run.sh trigger [links [warm-up runs]] | fanout [count]}
case $kind in
  trigger) args=("${2:-100}" "${3:-500}") ;;
  fanout) args=("${2:-500}") ;;
  *) echo "run.sh: unknown benchmark $kind (trigger or fanout)" >&2; exit 2 ;;
esac
export KUBECONFIG=${KUBECONFIG:-${ORCA_CLUSTER_DIR:-$HOME/.cache/orca/cluster}/kubeconfig}
jar=$root/operator/target/orca-operator.jar
[ -f "$jar" ] || { echo "run.sh: build ${jar#"$root"/} first (mvn -q install -DskipTests)" >&2; exit 1; }
"$root/e2e/cluster.sh" status >/dev/null || { echo "run.sh: the local cluster is not up (e2e/cluster.sh up)" >&2; exit 1; }

echo "nproc=$(nproc) $(java -version 2>&1 | head -1) date=$(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg)"
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$jar" "$root/bench/cluster/ClusterBench.java" "$kind" "${args[@]}"
