#!/usr/bin/env bash
# Benchmark 4 of docs/benchmarks-cluster.md: one Ignitor starting 500 Tasks beside 500 Jobs created at once,
# on the local cluster (e2e/cluster.sh up, Orca installed); prints the figures. Its namespace is deleted afterwards.
#
#   bench/cluster/run-fanout.sh [500]
#
# Needs operator/target/orca-operator.jar (mvn -q install -DskipTests) and KUBECONFIG (default: the local cluster's).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
export KUBECONFIG=${KUBECONFIG:-${ORCA_CLUSTER_DIR:-$HOME/.cache/orca/cluster}/kubeconfig}
jar=$root/operator/target/orca-operator.jar
[ -f "$jar" ] || { echo "run-fanout.sh: build ${jar#"$root"/} first (mvn -q install -DskipTests)" >&2; exit 1; }
"$root/e2e/cluster.sh" status >/dev/null || { echo "run-fanout.sh: the local cluster is not up (e2e/cluster.sh up)" >&2; exit 1; }

echo "nproc=$(nproc) $(java -version 2>&1 | head -1) date=$(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg)"
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$jar" "$root/bench/cluster/ClusterBench.java" fanout "${1:-500}"
