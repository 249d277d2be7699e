#!/usr/bin/env bash
# Benchmark 5 of docs/benchmarks.md: start-up time and resident memory of the operator and the webhook, each
# serving a namespace of 10,000 Tasks, under two JVM profiles. About 5-10 min (loading 20,000 Tasks and 20,000
# first reconciles go through the API server).
#
#   bench/run-footprint.sh
#   BENCH_TASKS=1000 bench/run-footprint.sh        a smaller namespace
#   BENCH_PROFILES=pod bench/run-footprint.sh      one JVM profile only
#   BENCH_OPERATOR_JAR=... BENCH_WEBHOOK_JAR=...    jars built elsewhere (default: the tree's target/)
#
# Profiles: "pod" is what deploy/ gives the JVM (the container limits as MaxRAM and 1 CPU, MaxRAMPercentage=75:
# SerialGC, heap at most 384 MiB for the operator's 512Mi, 288 MiB for the webhook's 384Mi); "host" is how
# e2e/install-orca.sh runs them (-Xmx256m, both cores, G1). A third, "lean" (BENCH_PROFILES=lean), is the pod
# profile with the heap capped at ${BENCH_LEAN_HEAP:-160m}, nearer the live set: what a tighter limit would give.
# Needs operator/target/orca-operator.jar and webhook/target/orca-webhook.jar, and the Kubernetes binaries of
# e2e/cluster.sh. Uses a private API server of bench/api-server.sh per profile (removing it is the clean-up of the
# loaded namespace) and ports 18081 and 18443. Output: bench/target/footprint/.
set -euo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

out=$BENCH_DIR/target/footprint
rm -rf "$out"
mkdir -p "$out"
need_jar "$OPERATOR_JAR" operator
need_jar "$WEBHOOK_JAR" webhook
build_bench
for port in 18081 18443; do port_free $port || die "port $port is in use"; done
"$REPO/certs/generate.sh" "$out/certs" >/dev/null 2>&1

trap '[ -n "${BENCH_KEEP_API:-}" ] || "$BENCH_DIR/api-server.sh" stop' EXIT
machine_facts | tee "$out/machine.txt"
pod="-XX:MaxRAMPercentage=75 -XX:ActiveProcessorCount=1 -XX:+ExitOnOutOfMemoryError"
lean_heap=${BENCH_LEAN_HEAP:-160m}
header=true
for profile in ${BENCH_PROFILES:-pod host}; do
  # A fresh API server for each profile, so that neither runs against the other's 10,000 Tasks.
  "$BENCH_DIR/api-server.sh" stop
  start_api_server
  java -Dbench.tasks="${BENCH_TASKS:-10000}" \
    -Dbench.operatorJar="$OPERATOR_JAR" -Dbench.webhookJar="$WEBHOOK_JAR" \
    -Dbench.certs="$out/certs" -Dbench.out="$out" -Dbench.apiPids="$API_PIDS" -Dbench.header=$header \
    -Dbench.profiles="$profile" \
    -Dbench.jvm.pod.operator="-XX:MaxRAM=512m $pod" -Dbench.jvm.pod.webhook="-XX:MaxRAM=384m $pod" \
    -Dbench.jvm.host.operator=-Xmx256m -Dbench.jvm.host.webhook=-Xmx256m \
    -Dbench.jvm.lean.operator="-XX:MaxRAM=512m -Xmx$lean_heap $pod" \
    -Dbench.jvm.lean.webhook="-XX:MaxRAM=384m -Xmx$lean_heap $pod" \
    -cp "$BENCH_JAR" cloud.sirocco.orca.bench.footprint.FootprintBenchmark 2> >(tee -a "$out/progress.log" >&2) |
    tee -a "$out/table.md"
  header=false
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/machine.txt"
