#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# A real single-node Kubernetes cluster as plain host processes, in the manner of Kubernetes'
# hack/local-up-cluster.sh: etcd, kube-apiserver, kube-controller-manager, kube-scheduler, containerd, the
# kubelet and kube-proxy, all from binaries this project builds (e2e/build-kube.sh) or Debian packages.
#
#   e2e/cluster.sh up        start (or finish starting) the cluster; last stdout line: export KUBECONFIG=...
#   e2e/cluster.sh down      stop everything and remove the cluster directory
#   e2e/cluster.sh status    which components run
#   e2e/cluster.sh kubectl ARGS...   the bundled kubectl with the admin kubeconfig
#   e2e/cluster.sh import ARCHIVE...  import OCI image archives into the node's containerd (no registry needed)
#   e2e/cluster.sh restart-apiserver  stop kube-apiserver alone (SIGTERM, SIGKILL after 5s) and start it again,
#                                     waiting for /readyz
#
# `up` ends by running e2e/install-orca.sh (CRDs, webhook, operator) when Orca's jars are built: as host processes,
# or with ORCA_INSTALL=deploy as a user installs Orca (its images, `kubectl apply -k`, cert-manager's certificate);
# set ORCA_SKIP_INSTALL=1 for a bare cluster.
#
# State: ${ORCA_CLUSTER_DIR:-$HOME/.cache/orca/cluster}; logs: <that>/logs/<component>.log.
# Every component listens on 127.0.0.1 only, except the API server on the pod bridge's own address (10.88.0.1),
# and pods get no route off their bridge but to the Service range. e2e/README-cluster.md explains the choices.
set -euo pipefail

# shellcheck source=lib/common.sh
. "$(cd "$(dirname "$0")" && pwd)/lib/common.sh"
# shellcheck source=lib/x509.sh
. "$ORCA_E2E_DIR/lib/x509.sh"
# shellcheck source=lib/images.sh
. "$ORCA_E2E_DIR/lib/images.sh"
# shellcheck source=lib/control-plane.sh
. "$ORCA_E2E_DIR/lib/control-plane.sh"
# shellcheck source=lib/node.sh
. "$ORCA_E2E_DIR/lib/node.sh"
# shellcheck source=lib/teardown.sh
. "$ORCA_E2E_DIR/lib/teardown.sh"
# shellcheck source=lib/cert-manager.sh
. "$ORCA_E2E_DIR/lib/cert-manager.sh"

KUBECONFIG_DIR=$CLUSTER_DIR/kubeconfigs
CONTAINERD_DIR=$CLUSTER_DIR/containerd
CONTAINERD_SOCK=$CONTAINERD_DIR/containerd.sock
CNI_BIN_DIR=/usr/lib/cni
CNI_CONF_DIR=$CLUSTER_DIR/cni/net.d
CNI_STATE_DIR=$CLUSTER_DIR/cni
# Our own bridge name rather than the common cni0, so `down` can delete it without any doubt that it is ours.
CNI_BRIDGE=orca0
POD_CIDR=10.88.0.0/16
SERVICE_CIDR=10.0.0.0/24   # its first address, 10.0.0.1, is the `kubernetes` Service (in the apiserver cert)
KUBELET_DIR=$CLUSTER_DIR/kubelet
REGISTRY_URL=http://127.0.0.1:5001
# Components in start order; `down` stops them in reverse.
CONTROL_PLANE=(etcd kube-apiserver kube-controller-manager kube-scheduler)
export CLUSTER_DIR CONTAINERD_DIR CONTAINERD_SOCK CNI_BIN_DIR CNI_CONF_DIR CNI_STATE_DIR CNI_BRIDGE POD_CIDR \
  POD_GATEWAY SERVICE_CIDR PKI_DIR PAUSE_IMAGE KUBECONFIG_DIR NODE_NAME

ctr_() { ctr --address "$CONTAINERD_SOCK" "$@"; }
kubectl_() { "$BIN/kubectl" --kubeconfig "$ADMIN_KUBECONFIG" "$@"; }

# --- prerequisites -----------------------------------------------------------------------------------

ensure_packages() {
  local want=(containerd runc containernetworking-plugins busybox-static openssl curl iproute2 util-linux iptables)
  command -v cc >/dev/null && [ -e /usr/lib/x86_64-linux-gnu/libc.a ] || want+=(gcc libc6-dev)
  command -v python3 >/dev/null || want+=(python3)
  local missing=() p
  for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "missing packages ${missing[*]} and not root to install them"
  log "installing ${missing[*]}"
  # The Debian containerd package would start a system-wide containerd under systemd; there is no
  # systemd here, and ours runs with its own config and directories anyway.
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

preflight() {
  [ "$(id -u)" = 0 ] || die "the kubelet and containerd need root"
  [ -d /sys/fs/cgroup/memory ] || [ -f /sys/fs/cgroup/cgroup.controllers ] || die "no usable cgroup hierarchy"
  # Another cluster (or anything else) on our ports would make the components fail in confusing ways.
  local port pid_owner
  for port in 2379 2380 5001 6443 10248 10249 10250 10256 10257 10259; do
    if ss -Hltn "sport = :$port" | grep -q .; then
      pid_owner=$(ss -Hltnp "sport = :$port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
      if ! owned_by_us "$pid_owner"; then
        die "port $port is already in use (pid ${pid_owner:-?}); is another cluster running?"
      fi
    fi
  done
}

# owned_by_us PID: PID is one of the daemons in our pid files.
owned_by_us() {
  local f name
  [ -n "$1" ] || return 1
  for f in "$RUN_DIR"/*.pid; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .pid)
    [ "$(daemon_pid "$name" 2>/dev/null)" = "$1" ] && return 0
  done
  return 1
}

# --- PKI ---------------------------------------------------------------------------------------------
# One CA signs everything: serving certs for the apiserver and kubelet, a client cert per identity.
# The identities are the standard ones, so RBAC's bootstrap policy grants each component what it needs.

# The API server's names: its own address, the `kubernetes` Service's (first of the Service range) and DNS names.
APISERVER_SANS="DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,\
DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:$POD_GATEWAY,IP:10.0.0.1"

gen_pki() {
  mkdir -p "$PKI_DIR" "$KUBECONFIG_DIR"
  # Made again whole when anything is missing, expiring, or no longer matches the addresses served.
  if x509_valid "$PKI_DIR" "$PKI_DIR/admin.crt" && x509_valid "$PKI_DIR" "$PKI_DIR/kube-proxy.crt" &&
    x509_has_sans "$PKI_DIR/apiserver.crt" "$APISERVER_SANS" && [ -s "$PKI_DIR/sa.pub" ] &&
    grep -qF "server: $APISERVER_URL" "$ADMIN_KUBECONFIG" 2>/dev/null; then
    return 0
  fi
  log "generating PKI in $PKI_DIR"
  x509_ca "$PKI_DIR" orca-local-cluster-ca
  x509_leaf "$PKI_DIR" "$PKI_DIR/apiserver" /CN=kube-apiserver serverAuth "$APISERVER_SANS"
  x509_leaf "$PKI_DIR" "$PKI_DIR/apiserver-kubelet-client" /O=system:masters/CN=kube-apiserver-kubelet-client clientAuth
  x509_leaf "$PKI_DIR" "$PKI_DIR/kubelet-serving" "/CN=$NODE_NAME" serverAuth "IP:127.0.0.1,DNS:localhost"
  x509_leaf "$PKI_DIR" "$PKI_DIR/kubelet" "/O=system:nodes/CN=system:node:$NODE_NAME" clientAuth
  x509_leaf "$PKI_DIR" "$PKI_DIR/controller-manager" /CN=system:kube-controller-manager clientAuth
  x509_leaf "$PKI_DIR" "$PKI_DIR/scheduler" /CN=system:kube-scheduler clientAuth
  x509_leaf "$PKI_DIR" "$PKI_DIR/kube-proxy" /CN=system:kube-proxy clientAuth
  x509_leaf "$PKI_DIR" "$PKI_DIR/admin" /O=system:masters/CN=orca-admin clientAuth
  # Service-account tokens: the apiserver signs with the private key, everyone verifies with the public.
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$PKI_DIR/sa.key" 2>/dev/null
  openssl pkey -in "$PKI_DIR/sa.key" -pubout -out "$PKI_DIR/sa.pub"
  chmod 600 "$PKI_DIR/sa.key"

  write_kubeconfig "$KUBECONFIG_DIR/kubelet.kubeconfig" kubelet
  write_kubeconfig "$KUBECONFIG_DIR/controller-manager.kubeconfig" controller-manager
  write_kubeconfig "$KUBECONFIG_DIR/scheduler.kubeconfig" scheduler
  write_kubeconfig "$KUBECONFIG_DIR/kube-proxy.kubeconfig" kube-proxy
  write_kubeconfig "$ADMIN_KUBECONFIG" admin
}

# write_kubeconfig FILE CERT: credentials embedded, so the file can be copied anywhere (and Java clients
# need not resolve relative paths).
write_kubeconfig() {
  local file=$1 cert=$2
  cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: orca-local
  cluster:
    server: $APISERVER_URL
    certificate-authority-data: $(base64 -w0 "$PKI_DIR/ca.crt")
users:
- name: $cert
  user:
    client-certificate-data: $(base64 -w0 "$PKI_DIR/$cert.crt")
    client-key-data: $(base64 -w0 "$PKI_DIR/$cert.key")
contexts:
- name: orca-local
  context:
    cluster: orca-local
    user: $cert
current-context: orca-local
EOF
  chmod 600 "$file"
}

# --- commands ------------------------------------------------------------------------------------------

all_running() {
  local c
  for c in "${CONTROL_PLANE[@]}" registry containerd kubelet kube-proxy; do daemon_running "$c" || return 1; done
}

cmd_up() {
  local t0=$SECONDS
  if all_running && [ -s "$ADMIN_KUBECONFIG" ] && BIN=$(_bin_if_built) && node_ready 2>/dev/null; then
    log "cluster already up ($CLUSTER_DIR)"
  else
    ensure_packages
    preflight
    BIN=$("$ORCA_E2E_DIR/build-kube.sh")
    mkdir -p "$CLUSTER_DIR" "$LOG_DIR" "$RUN_DIR"
    echo "$BIN" >"$CLUSTER_DIR/bin"
    gen_pki
    setup_network  # before the API server, which listens on the bridge
    start_etcd
    start_apiserver
    start_controller_manager
    start_scheduler
    wait_controllers
    start_registry
    start_containerd
    start_kubelet
    wait_node
    start_kube_proxy
    log "cluster up in $((SECONDS - t0))s; logs in $LOG_DIR"
  fi
  start_cert_manager
  if [ -n "${ORCA_SKIP_INSTALL:-}" ]; then
    log "ORCA_SKIP_INSTALL set: not installing Orca"
  else
    case ${ORCA_INSTALL:-processes} in
      processes) KUBECONFIG=$ADMIN_KUBECONFIG ORCA_KUBE_BIN=$BIN "$ORCA_E2E_DIR/install-orca.sh" start ;;
      deploy)
        KUBECONFIG=$ADMIN_KUBECONFIG ORCA_KUBE_BIN=$BIN "$ORCA_E2E_DIR/install-orca.sh" stop
        KUBECONFIG=$ADMIN_KUBECONFIG ORCA_KUBE_BIN=$BIN "$ORCA_E2E_DIR/install-orca.sh" deploy
        ;;
      *) die "ORCA_INSTALL=$ORCA_INSTALL: expected processes (host processes, the default) or deploy (kubectl apply -k)" ;;
    esac
  fi
  echo "export KUBECONFIG=$ADMIN_KUBECONFIG"
}

cmd_down() {
  local c
  if [ -x "$ORCA_E2E_DIR/install-orca.sh" ]; then "$ORCA_E2E_DIR/install-orca.sh" stop || true; fi
  stop_cert_manager
  stop_daemon kube-proxy 10
  # The kubelet first, or it would restart the containers we are about to kill.
  stop_daemon kubelet 30
  remove_containers
  stop_daemon containerd 30
  kill_our_shims
  kill_pod_processes
  remove_stray_netns
  stop_daemon registry 10
  for ((i = ${#CONTROL_PLANE[@]} - 1; i >= 0; i--)); do stop_daemon "${CONTROL_PLANE[$i]}" 30; done
  remove_kube_chains
  remove_network
  remove_cgroups
  if [ -d "$CLUSTER_DIR" ]; then
    unmount_under "$CLUSTER_DIR" || die "mounts remain under $CLUSTER_DIR; not removing it (see /proc/self/mountinfo)"
    rm -rf --one-file-system "$CLUSTER_DIR"
  fi
  log "cluster down"
}

cmd_status() {
  local c pid state=0
  for c in "${CONTROL_PLANE[@]}" registry containerd kubelet kube-proxy "${CERT_MANAGER[@]}" webhook operator; do
    if pid=$(daemon_pid "$c"); then
      printf '%-24s running (pid %s)\n' "$c" "$pid"
    else
      printf '%-24s stopped\n' "$c"
      case $c in webhook | operator) ;; *) state=1 ;; esac
    fi
  done
  if BIN=$(_bin_if_built) && daemon_running kube-apiserver; then
    echo
    kubectl_ get nodes -o wide 2>&1 || true
  fi
  echo
  echo "logs: $LOG_DIR"
  return $state
}

main() {
  local cmd=${1:-}
  [ $# -gt 0 ] && shift
  case $cmd in
    up | down)
      # One up/down at a time; the lock lives beside the cluster directory, which `down` deletes.
      mkdir -p "$(dirname "$CLUSTER_DIR")"
      exec 9>"${CLUSTER_DIR%/}.lock"
      flock -w 600 9 || die "another cluster.sh up/down holds ${CLUSTER_DIR%/}.lock"
      "cmd_$cmd"
      ;;
    status) cmd_status ;;
    restart-apiserver)
      BIN=$(_bin_if_built) || die "the cluster is not up; run e2e/cluster.sh up"
      daemon_running kube-apiserver || die "kube-apiserver is not running; run e2e/cluster.sh up"
      # SIGTERM; it drains in-flight requests, and a watch-heavy one can take its full 30s: SIGKILL after 5s.
      stop_daemon kube-apiserver 5
      start_apiserver
      ;;
    import)
      daemon_running containerd || die "containerd is not running; run e2e/cluster.sh up"
      local archive
      for archive in "$@"; do
        ctr_ -n k8s.io images import "$archive" >/dev/null || die "importing $archive into containerd failed"
      done
      ;;
    kubectl)
      BIN=$(_bin_if_built) || BIN=$("$ORCA_E2E_DIR/build-kube.sh")
      exec "$BIN/kubectl" --kubeconfig "$ADMIN_KUBECONFIG" "$@"
      ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
