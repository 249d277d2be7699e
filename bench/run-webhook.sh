#!/usr/bin/env bash
# Benchmark 1 of docs/benchmarks.md: webhook /validate latency and throughput over TLS with keep-alive, against a
# namespace of 10, 1,000 and 10,000 Tasks, beside the floor server (the same Undertow and TLS answering a constant
# "allowed") measured in the same run. About 5 min; at most 1.1 million requests, each run cut at 60 s.
#
#   bench/run-webhook.sh
#   BENCH_ARGS='-Dbench.rounds=3 -Dbench.requests=2000' bench/run-webhook.sh     fewer samples (see WebhookBenchmark)
#   BENCH_SERVER_JVM='-Xmx256m' (default, as e2e/install-orca.sh runs the webhook): both servers' JVM options
#   BENCH_WEBHOOK_JAR=...     a webhook jar built elsewhere (default: webhook/target/orca-webhook.jar)
#
# Needs webhook/target/orca-webhook.jar, the Kubernetes binaries of e2e/cluster.sh, and orca-operator installed in
# the local Maven repository (see run-graph.sh). Starts the private API server of bench/api-server.sh, the webhook
# and the floor on 127.0.0.1:18443 and :18444, and stops all three at the end. Output: bench/target/webhook/.
set -euo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

out=$BENCH_DIR/target/webhook
rm -rf "$out"
mkdir -p "$out"
need_jar "$WEBHOOK_JAR" webhook
build_bench
for port in 18443 18444; do port_free $port || die "port $port is in use"; done
"$REPO/certs/generate.sh" "$out/certs" >/dev/null 2>&1

trap 'stop_started; [ -n "${BENCH_KEEP_API:-}" ] || "$BENCH_DIR/api-server.sh" stop' EXIT
start_api_server
jvm=${BENCH_SERVER_JVM:--Xmx256m}
# shellcheck disable=SC2086
ORCA_WEBHOOK_PORT=18443 ORCA_WEBHOOK_TLS_CERT=$out/certs/tls.crt ORCA_WEBHOOK_TLS_KEY=$out/certs/tls.key \
  spawn "$out/webhook.log" java $jvm -Xlog:gc:file="$out/webhook-gc.log" -jar "$WEBHOOK_JAR"
webhook_pid=$SPAWNED
# shellcheck disable=SC2086
BENCH_FLOOR_PORT=18444 spawn "$out/floor.log" java $jvm -Xlog:gc:file="$out/floor-gc.log" -cp "$BENCH_JAR" \
  cloud.sirocco.orca.bench.admission.FloorServer "$out/certs/tls.crt" "$out/certs/tls.key"
floor_pid=$SPAWNED
await_ok "the webhook" https://127.0.0.1:18443/readyz "$out/webhook.log" --cacert "$out/certs/ca.crt"
await_ok "the floor" https://127.0.0.1:18444/healthz "$out/floor.log" --cacert "$out/certs/ca.crt"

machine_facts | tee "$out/machine.txt"
# shellcheck disable=SC2086
java -Dbench.ca="$out/certs/ca.crt" -Dbench.out="$out" -Dbench.webhookPid=$webhook_pid -Dbench.floorPid=$floor_pid \
  ${BENCH_ARGS:-} \
  -cp "$BENCH_JAR" cloud.sirocco.orca.bench.admission.WebhookBenchmark 2> >(tee "$out/progress.log" >&2) |
  tee "$out/table.md"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/machine.txt"
for server in floor webhook; do
  # Pauses over the whole run (start-up, loading and warm-up included): what the max latencies can be laid at. And
  # what the server allocated: the heap before each pause less the heap after the one before (to the MB).
  awk -v s=$server '/Pause/ { ms = $NF; sub("ms", "", ms); ms += 0; n++; t += ms; if (ms > m) m = ms
      if (match($0, /[0-9]+M->[0-9]+M/)) { split(substr($0, RSTART, RLENGTH), heap, /M->|M/); a += heap[1] - after
        after = heap[2] } }
    END { printf "%s GC pauses: %d, total %.0f ms, longest %.1f ms; allocated %.1f GB\n", s, n, t, m, a / 1024 }' \
    "$out/$server-gc.log"
done | tee -a "$out/table.md"
