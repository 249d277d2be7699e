#!/usr/bin/env bash
# Runs one benchmark of docs/benchmarks-cluster.md on the local cluster (e2e/cluster.sh up, Orca installed) and
# prints its figures; the benchmark deletes its namespace afterwards.
#
#   bench/cluster/run.sh trigger [100 [500]]  benchmark 3: trigger latency of a chain beside the Job controller,
#                                          after a warm-up of 500 runs (0: none)
#   bench/cluster/run.sh fanout [500]     benchmark 4: one Ignitor starting N Tasks beside N Jobs
#   bench/cluster/run.sh create [600] [rounds=2]  what limits benchmark 3: N pod creates through fabric8, then
#                                          through client-go (bench/cluster/create-floor, built with Go), in turn,
#                                          each with the API server's own mean time per create
#
# Needs operator/target/orca-operator.jar (mvn -q install -DskipTests) and KUBECONFIG (default: the local cluster's).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
kind=${1:?usage: bench/cluster/run.sh trigger [links [warm-up runs]] | fanout [count] | create [pods [rounds]]}
case $kind in
  trigger) args=("${2:-100}" "${3:-500}") ;;
  fanout) args=("${2:-500}") ;;
  create) args=("${2:-600}") rounds=${3:-2} ;;
  *) echo "run.sh: unknown benchmark $kind (trigger, fanout or create)" >&2; exit 2 ;;
esac
export KUBECONFIG=${KUBECONFIG:-${ORCA_CLUSTER_DIR:-$HOME/.cache/orca/cluster}/kubeconfig}
jar=$root/operator/target/orca-operator.jar
[ -f "$jar" ] || { echo "run.sh: build ${jar#"$root"/} first (mvn -q install -DskipTests)" >&2; exit 1; }
"$root/e2e/cluster.sh" status >/dev/null || { echo "run.sh: the local cluster is not up (e2e/cluster.sh up)" >&2; exit 1; }

echo "nproc=$(nproc) $(java -version 2>&1 | head -1) date=$(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg)"
cluster_bench() {
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$jar" "$root/bench/cluster/ClusterBench.java" "$@"
}
[ "$kind" = create ] || { cluster_bench "$kind" "${args[@]}"; exit; }

# The API server's pod-create histogram (sum and count): its mean over one client's run is the server's share.
create_seconds() {
  "$("$root/e2e/build-kube.sh")/kubectl" get --raw /metrics | awk '
    /^apiserver_request_duration_seconds_(sum|count)\{/ && /resource="pods"/ && /subresource=""/ && /verb="POST"/ {
      if ($1 ~ /_sum/) sum = $2; else count = $2 }
    END { printf "%s %s\n", sum, count }'
}
timed() {
  local before after row
  before=$(create_seconds)
  row=$("$@" | grep '^| ')
  after=$(create_seconds)
  echo "$row $(echo "$before $after" | awk '{ printf "%.1f |", ($3 - $1) / ($4 - $2) * 1000 }')"
}
floor=${XDG_CACHE_HOME:-$HOME/.cache}/orca/bench/create-floor
(cd "$root/bench/cluster/create-floor" && go build -o "$floor" .)
echo "| client | creates timed | p50 ms | p90 ms | max ms | API server's mean ms |"
echo "|---|---|---|---|---|---|"
for _ in $(seq "$rounds"); do
  timed cluster_bench create "${args[0]}"
  timed "$floor" "${args[0]}"
done
