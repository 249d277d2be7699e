#!/usr/bin/env bash
# A private, bare Kubernetes API server for the benchmarks: etcd and kube-apiserver only (the binaries
# e2e/cluster.sh uses), with Orca's CRDs, on loopback ports of its own. Nothing else watches it: no operator, no
# webhook registration, no controllers, so what a benchmark measures is only what it starts itself.
#
#   bench/api-server.sh start   start (or reuse) it; last stdout line: export KUBECONFIG=...
#   bench/api-server.sh stop    stop both processes and remove the state directory
#
# State: ${BENCH_API_DIR:-/tmp/orca-bench-api}; ports (127.0.0.1): etcd ${BENCH_ETCD_PORT:-22379} and the next one,
# kube-apiserver ${BENCH_API_PORT:-26443}. Two benchmarks can run side by side with different values of all three.
# Binaries: those e2e/build-kube.sh builds once and caches (the ones e2e/cluster.sh runs).
# Without a controller manager, deleting a namespace never finishes: `stop` removes everything instead.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${BENCH_API_DIR:-/tmp/orca-bench-api}
etcd_port=${BENCH_ETCD_PORT:-22379}
peer_port=$((etcd_port + 1))
api_port=${BENCH_API_PORT:-26443}
kubeconfig=$dir/kubeconfig

bin_dir() {
  [ -n "${BENCH_KUBE_BIN:-}" ] || BENCH_KUBE_BIN=$("$repo/e2e/build-kube.sh")
  echo "$BENCH_KUBE_BIN"
}

alive() { [ -f "$dir/$1.pid" ] && kill -0 "$(cat "$dir/$1.pid")" 2>/dev/null; }

kubectl_() { "$(bin_dir)/kubectl" --kubeconfig "$kubeconfig" "$@"; }

# wait_for WHAT SECONDS LOG CMD...: polls CMD every 0.2 s; on timeout shows LOG's tail and fails.
wait_for() {
  local what=$1 seconds=$2 log=$3 deadline
  shift 3
  deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      echo "timed out after ${seconds}s waiting for $what; last lines of $log:" >&2
      tail -20 "$log" >&2
      exit 1
    fi
    sleep 0.2
  done
}

start() {
  local bin
  bin=$(bin_dir)
  mkdir -p "$dir/certs"
  if ! alive etcd; then
    setsid "$bin/etcd" --name bench --data-dir "$dir/etcd" \
      --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
      --listen-peer-urls http://127.0.0.1:$peer_port --initial-advertise-peer-urls http://127.0.0.1:$peer_port \
      --initial-cluster bench=http://127.0.0.1:$peer_port --listen-metrics-urls '' \
      --quota-backend-bytes 4294967296 --log-level warn >"$dir/etcd.log" 2>&1 &
    echo $! >"$dir/etcd.pid"
  fi
  if ! alive kube-apiserver; then
    [ -f "$dir/token" ] || openssl rand -hex 24 >"$dir/token"
    echo "$(cat "$dir/token"),bench-admin,bench-admin,system:masters" >"$dir/tokens.csv"
    [ -f "$dir/sa.key" ] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/sa.key" 2>/dev/null
    openssl pkey -in "$dir/sa.key" -pubout -out "$dir/sa.pub"
    setsid "$bin/kube-apiserver" --etcd-servers="http://127.0.0.1:$etcd_port" --bind-address=127.0.0.1 \
      --secure-port=$api_port --advertise-address=127.0.0.1 --endpoint-reconciler-type=none \
      --cert-dir="$dir/certs" --token-auth-file="$dir/tokens.csv" --authorization-mode=RBAC \
      --service-account-issuer=https://kubernetes.default.svc --service-account-key-file="$dir/sa.pub" \
      --service-account-signing-key-file="$dir/sa.key" --service-cluster-ip-range=10.0.0.0/24 \
      --v=1 >"$dir/kube-apiserver.log" 2>&1 &
    echo $! >"$dir/kube-apiserver.pid"
  fi
  cat >"$kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: bench
  cluster: {server: "https://127.0.0.1:$api_port", insecure-skip-tls-verify: true}
contexts:
- name: bench
  context: {cluster: bench, user: bench-admin}
current-context: bench
users:
- name: bench-admin
  user: {token: $(cat "$dir/token")}
KUBECONFIG
  wait_for "kube-apiserver /readyz" 90 "$dir/kube-apiserver.log" kubectl_ get --raw /readyz
  kubectl_ apply --server-side --force-conflicts -f "$repo/deploy/crd/tasks.sirocco.cloud-v1.yml" \
    -f "$repo/deploy/crd/ignitors.sirocco.cloud-v1.yml" >/dev/null
  wait_for "the Task CRD to be served" 60 "$dir/kube-apiserver.log" kubectl_ get tasks.sirocco.cloud -A
  wait_for "the Ignitor CRD to be served" 60 "$dir/kube-apiserver.log" kubectl_ get ignitors.sirocco.cloud -A
  echo "export KUBECONFIG=$kubeconfig"
}

stop() {
  local name pid
  for name in kube-apiserver etcd; do
    if alive "$name"; then
      pid=$(cat "$dir/$name.pid")
      kill "$pid"
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
  done
  rm -rf "$dir"
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  *) sed -n '2,11p' "$0" >&2; exit 2 ;;
esac
