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
# Profiles: "pod" is what deploy/ gives the JVM: the JAVA_TOOL_OPTIONS of deploy/{operator,webhook}/deployment.yaml,
# read from there, on one CPU (-XX:ActiveProcessorCount=1, as the containers' CPU limit of 1 gives); "host" is how
# e2e/install-orca.sh runs them (-Xmx256m, both cores, G1). "try" is for trying other options:
# BENCH_TRY_OPERATOR_JVM and BENCH_TRY_WEBHOOK_JVM (default: the pod profile's).
# Needs operator/target/orca-operator.jar and webhook/target/orca-webhook.jar, and the Kubernetes binaries of
# e2e/cluster.sh. Uses a private API server of bench/api-server.sh per profile (removing it is the clean-up of the
# loaded namespace) and ports ${BENCH_OPERATOR_PORT:-18081} and ${BENCH_WEBHOOK_PORT:-18443} (to run beside another
# benchmark, set those and api-server.sh's BENCH_API_DIR, BENCH_ETCD_PORT, BENCH_API_PORT). Output: bench/target/footprint/.
set -euo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

out=$BENCH_DIR/target/footprint
rm -rf "$out"
mkdir -p "$out"
need_jar "$OPERATOR_JAR" operator
need_jar "$WEBHOOK_JAR" webhook
build_bench
operator_port=${BENCH_OPERATOR_PORT:-18081}
webhook_port=${BENCH_WEBHOOK_PORT:-18443}
for port in $operator_port $webhook_port; do port_free $port || die "port $port is in use"; done
"$REPO/certs/generate.sh" "$out/certs" >/dev/null 2>&1

trap '[ -n "${BENCH_KEEP_API:-}" ] || "$BENCH_DIR/api-server.sh" stop' EXIT
machine_facts | tee "$out/machine.txt"
# The JVM options a deployment sets: the value of its JAVA_TOOL_OPTIONS, the line after the name.
deploy_jvm() {
  sed -n '/name: JAVA_TOOL_OPTIONS/{n;s/^ *value: *//p;}' "$REPO/deploy/$1/deployment.yaml"
}
operator_jvm=$(deploy_jvm operator)
webhook_jvm=$(deploy_jvm webhook)
[ -n "$operator_jvm" ] && [ -n "$webhook_jvm" ] || die "no JAVA_TOOL_OPTIONS found in deploy/"
pod_operator="$operator_jvm -XX:ActiveProcessorCount=1"
pod_webhook="$webhook_jvm -XX:ActiveProcessorCount=1"
header=true
for profile in ${BENCH_PROFILES:-pod host}; do
  # A fresh API server for each profile, so that neither runs against the other's 10,000 Tasks.
  "$BENCH_DIR/api-server.sh" stop
  start_api_server
  java -Dbench.tasks="${BENCH_TASKS:-10000}" \
    -Dbench.operatorJar="$OPERATOR_JAR" -Dbench.webhookJar="$WEBHOOK_JAR" \
    -Dbench.certs="$out/certs" -Dbench.out="$out" -Dbench.apiPids="$API_PIDS" -Dbench.header=$header \
    -Dbench.profiles="$profile" -Dbench.operatorPort=$operator_port -Dbench.webhookPort=$webhook_port \
    -Dbench.jvm.pod.operator="$pod_operator" -Dbench.jvm.pod.webhook="$pod_webhook" \
    -Dbench.jvm.host.operator=-Xmx256m -Dbench.jvm.host.webhook=-Xmx256m \
    -Dbench.jvm.try.operator="${BENCH_TRY_OPERATOR_JVM:-$pod_operator}" \
    -Dbench.jvm.try.webhook="${BENCH_TRY_WEBHOOK_JVM:-$pod_webhook}" \
    -cp "$BENCH_JAR" cloud.sirocco.orca.bench.footprint.FootprintBenchmark 2> >(tee -a "$out/progress.log" >&2) |
    tee -a "$out/table.md"
  header=false
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/machine.txt"
