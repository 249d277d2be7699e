# Shared by bench/run-*.sh: building the bench jar, certificates, the private API server, and processes started
# here (stopped by pid on exit, never by name).
# shellcheck shell=bash

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
BENCH_JAR=$BENCH_DIR/target/orca-bench.jar
STARTED_PIDS=()

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

build_bench() {
  local changed
  changed=$(find "$BENCH_DIR/src" "$BENCH_DIR/pom.xml" -newer "$BENCH_JAR" -print -quit 2>/dev/null || echo missing)
  if [ ! -f "$BENCH_JAR" ] || [ -n "$changed" ]; then
    mvn -q -f "$BENCH_DIR/pom.xml" -DskipTests package
  fi
}

# Jars measured: the tree's, or others built elsewhere (BENCH_OPERATOR_JAR, BENCH_WEBHOOK_JAR).
OPERATOR_JAR=${BENCH_OPERATOR_JAR:-$REPO/operator/target/orca-operator.jar}
WEBHOOK_JAR=${BENCH_WEBHOOK_JAR:-$REPO/webhook/target/orca-webhook.jar}

# need_jar JAR MODULE
need_jar() {
  [ -f "$1" ] || die "$1 is not built: mvn -q package -DskipTests -pl $2 -am"
}

machine_facts() {
  local jar
  echo "nproc=$(nproc) $(java -version 2>&1 | head -1) date=$(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg)" \
    "commit=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo none)"
  # The tree is shared and rebuilt often: say which build of each jar was measured.
  for jar in "$OPERATOR_JAR" "$WEBHOOK_JAR"; do
    [ -f "$jar" ] && echo "${jar#"$REPO"/} built $(date -u -r "$jar" +%FT%TZ)"
  done
  return 0
}

# port_free PORT: nothing listens on it (another engineer's webhook or operator, a previous run).
port_free() {
  ! ss -Hltn "sport = :$1" | grep -q .
}

# start_api_server: the private API server of bench/api-server.sh; exports KUBECONFIG and API_PIDS.
start_api_server() {
  local line
  line=$("$BENCH_DIR/api-server.sh" start | tail -1)
  eval "$line"
  export KUBECONFIG
  local dir=${BENCH_API_DIR:-/tmp/orca-bench-api}
  API_PIDS="$(cat "$dir/kube-apiserver.pid"),$(cat "$dir/etcd.pid")"
}

# spawn LOG CMD...: starts CMD in the background, remembers its pid in SPAWNED and STARTED_PIDS.
spawn() {
  local log=$1
  shift
  "$@" >"$log" 2>&1 &
  SPAWNED=$!
  STARTED_PIDS+=("$SPAWNED")
}

stop_started() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  STARTED_PIDS=()
}

# await_ok WHAT URL LOG [curl options]: polls URL until it answers 200, for at most 120 s.
await_ok() {
  local what=$1 url=$2 log=$3 deadline=$((SECONDS + 120))
  shift 3
  until curl -fsS -o /dev/null "$@" "$url" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { tail -30 "$log" >&2; die "$what never answered 200 at $url"; }
    sleep 0.2
  done
}
