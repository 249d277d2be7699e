#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# A real single-node Kubernetes cluster as plain host processes, in the manner of Kubernetes'
# hack/local-up-cluster.sh: etcd, kube-apiserver, kube-controller-manager, kube-scheduler, containerd and
# the kubelet, all from binaries this project builds (e2e/build-kube.sh) or Debian packages.
#
#   e2e/cluster.sh up        start (or finish starting) the cluster; last stdout line: export KUBECONFIG=...
#   e2e/cluster.sh down      stop everything and remove the cluster directory
#   e2e/cluster.sh status    which components run
#   e2e/cluster.sh kubectl ARGS...   the bundled kubectl with the admin kubeconfig
#   e2e/cluster.sh import ARCHIVE...  import OCI image archives into the node's containerd (no registry needed)
#   e2e/cluster.sh restart-apiserver  stop kube-apiserver alone (SIGTERM, SIGKILL after 5s) and start it again,
#                                     waiting for /readyz
#
# `up` ends by running e2e/install-orca.sh (CRDs, webhook, operator) when Orca's jars are built; set
# ORCA_SKIP_INSTALL=1 for a bare cluster.
#
# State: ${ORCA_CLUSTER_DIR:-$HOME/.cache/orca/cluster}; logs: <that>/logs/<component>.log.
# Every component listens on 127.0.0.1 only; the one other address is the pod bridge's gateway, and pods
# get no route off their bridge. e2e/README-cluster.md explains the choices.
set -euo pipefail

# shellcheck source=lib/common.sh
. "$(cd "$(dirname "$0")" && pwd)/lib/common.sh"
# shellcheck source=lib/x509.sh
. "$ORCA_E2E_DIR/lib/x509.sh"
# shellcheck source=lib/images.sh
. "$ORCA_E2E_DIR/lib/images.sh"

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
  PKI_DIR PAUSE_IMAGE

ctr_() { ctr --address "$CONTAINERD_SOCK" "$@"; }
kubectl_() { "$BIN/kubectl" --kubeconfig "$ADMIN_KUBECONFIG" "$@"; }

# --- prerequisites -----------------------------------------------------------------------------------

ensure_packages() {
  local want=(containerd runc containernetworking-plugins busybox-static openssl curl iproute2 util-linux)
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
  for port in 2379 2380 5001 6443 10248 10250 10257 10259; do
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

gen_pki() {
  mkdir -p "$PKI_DIR" "$KUBECONFIG_DIR"
  if x509_valid "$PKI_DIR" "$PKI_DIR/admin.crt" && [ -s "$PKI_DIR/sa.pub" ] && [ -s "$ADMIN_KUBECONFIG" ]; then
    return 0
  fi
  log "generating PKI in $PKI_DIR"
  x509_ca "$PKI_DIR" orca-local-cluster-ca
  x509_leaf "$PKI_DIR" "$PKI_DIR/apiserver" /CN=kube-apiserver serverAuth \
    "DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:10.0.0.1"
  x509_leaf "$PKI_DIR" "$PKI_DIR/apiserver-kubelet-client" /O=system:masters/CN=kube-apiserver-kubelet-client clientAuth
  x509_leaf "$PKI_DIR" "$PKI_DIR/kubelet-serving" "/CN=$NODE_NAME" serverAuth "IP:127.0.0.1,DNS:localhost"
  x509_leaf "$PKI_DIR" "$PKI_DIR/kubelet" "/O=system:nodes/CN=system:node:$NODE_NAME" clientAuth
  x509_leaf "$PKI_DIR" "$PKI_DIR/controller-manager" /CN=system:kube-controller-manager clientAuth
  x509_leaf "$PKI_DIR" "$PKI_DIR/scheduler" /CN=system:kube-scheduler clientAuth
  x509_leaf "$PKI_DIR" "$PKI_DIR/admin" /O=system:masters/CN=orca-admin clientAuth
  # Service-account tokens: the apiserver signs with the private key, everyone verifies with the public.
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$PKI_DIR/sa.key" 2>/dev/null
  openssl pkey -in "$PKI_DIR/sa.key" -pubout -out "$PKI_DIR/sa.pub"
  chmod 600 "$PKI_DIR/sa.key"

  write_kubeconfig "$KUBECONFIG_DIR/kubelet.kubeconfig" kubelet
  write_kubeconfig "$KUBECONFIG_DIR/controller-manager.kubeconfig" controller-manager
  write_kubeconfig "$KUBECONFIG_DIR/scheduler.kubeconfig" scheduler
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

# --- control plane -----------------------------------------------------------------------------------

curl_ok() { curl -fsS --max-time 2 "$@"; }

start_etcd() {
  daemon_running etcd && return 0
  log "starting etcd"
  # Plain HTTP is acceptable only because etcd listens on loopback alone.
  start_daemon etcd "$BIN/etcd" --name orca --data-dir "$CLUSTER_DIR/etcd" \
    --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
    --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --initial-cluster orca=http://127.0.0.1:2380 --listen-metrics-urls "" \
    --quota-backend-bytes 2147483648 --log-level warn
  WAIT_DAEMON=etcd wait_until "etcd health" 30 "$LOG_DIR/etcd.log" \
    curl_ok http://127.0.0.1:2379/health
}

start_apiserver() {
  daemon_running kube-apiserver && return 0
  log "starting kube-apiserver"
  # --endpoint-reconciler-type=none: the `kubernetes` Service's endpoints would have to be a non-loopback
  # address (loopback fails Endpoints validation, logged every 10s), yet no pod could reach the apiserver on
  # one anyway: there is no kube-proxy. Admission: the defaults, which include the Mutating- and
  # ValidatingAdmissionWebhook plugins the Orca webhook relies on.
  start_daemon kube-apiserver "$BIN/kube-apiserver" \
    --etcd-servers=http://127.0.0.1:2379 \
    --bind-address=127.0.0.1 --secure-port=6443 --advertise-address=127.0.0.1 \
    --endpoint-reconciler-type=none \
    --tls-cert-file="$PKI_DIR/apiserver.crt" --tls-private-key-file="$PKI_DIR/apiserver.key" \
    --client-ca-file="$PKI_DIR/ca.crt" \
    --kubelet-client-certificate="$PKI_DIR/apiserver-kubelet-client.crt" \
    --kubelet-client-key="$PKI_DIR/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority="$PKI_DIR/ca.crt" \
    --kubelet-preferred-address-types=Hostname,InternalIP \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$PKI_DIR/sa.pub" \
    --service-account-signing-key-file="$PKI_DIR/sa.key" \
    --service-cluster-ip-range="$SERVICE_CIDR" \
    --authorization-mode=Node,RBAC \
    --allow-privileged=true \
    --cert-dir="$CLUSTER_DIR/apiserver-certs" \
    --v=1
  WAIT_DAEMON=kube-apiserver wait_until "kube-apiserver /readyz" 120 "$LOG_DIR/kube-apiserver.log" \
    curl_ok --cacert "$PKI_DIR/ca.crt" --cert "$PKI_DIR/admin.crt" --key "$PKI_DIR/admin.key" \
    "$APISERVER_URL/readyz"
}

start_controller_manager() {
  daemon_running kube-controller-manager && return 0
  log "starting kube-controller-manager"
  local kc=$KUBECONFIG_DIR/controller-manager.kubeconfig
  # --use-service-account-credentials: each controller acts as its own service account, which is what
  # the RBAC bootstrap roles are written for. The cluster-signing pair lets CSRs be approved and signed.
  start_daemon kube-controller-manager "$BIN/kube-controller-manager" \
    --kubeconfig="$kc" --authentication-kubeconfig="$kc" --authorization-kubeconfig="$kc" \
    --bind-address=127.0.0.1 --secure-port=10257 --leader-elect=false \
    --use-service-account-credentials=true \
    --service-account-private-key-file="$PKI_DIR/sa.key" \
    --root-ca-file="$PKI_DIR/ca.crt" \
    --cluster-signing-cert-file="$PKI_DIR/ca.crt" --cluster-signing-key-file="$PKI_DIR/ca.key" \
    --cert-dir="$CLUSTER_DIR/controller-manager-certs" \
    --v=1
}

start_scheduler() {
  daemon_running kube-scheduler && return 0
  log "starting kube-scheduler"
  local kc=$KUBECONFIG_DIR/scheduler.kubeconfig
  start_daemon kube-scheduler "$BIN/kube-scheduler" \
    --kubeconfig="$kc" --authentication-kubeconfig="$kc" --authorization-kubeconfig="$kc" \
    --bind-address=127.0.0.1 --secure-port=10259 --leader-elect=false \
    --cert-dir="$CLUSTER_DIR/scheduler-certs" \
    --v=1
}

wait_controllers() {
  # Self-signed serving certs (made at start), and /healthz needs no credentials: -k is fine on loopback.
  WAIT_DAEMON=kube-controller-manager wait_until "kube-controller-manager /healthz" 60 \
    "$LOG_DIR/kube-controller-manager.log" curl_ok -k https://127.0.0.1:10257/healthz
  WAIT_DAEMON=kube-scheduler wait_until "kube-scheduler /healthz" 60 \
    "$LOG_DIR/kube-scheduler.log" curl_ok -k https://127.0.0.1:10259/healthz
}

# --- node ----------------------------------------------------------------------------------------------

setup_network_config() {
  mkdir -p "$CNI_CONF_DIR" "$CNI_STATE_DIR"
  render "$ORCA_E2E_DIR/lib/cni.conflist.tmpl" >"$CNI_CONF_DIR/10-orca.conflist"
  # Pods get no default route (host-local is given none) and this resolver, so nothing they do leaves the
  # machine: the only address they reach beyond their own subnet is none at all.
  echo "nameserver 127.0.0.1" >"$CLUSTER_DIR/resolv.conf"
  # The bridge plugin (isGateway) turns on IPv4 forwarding; remember the host's setting to restore it.
  [ -e "$CLUSTER_DIR/ip_forward.orig" ] || cat /proc/sys/net/ipv4/ip_forward >"$CLUSTER_DIR/ip_forward.orig"
}

# The loopback registry (e2e/lib/registry.py) that stands in for docker.io and registry.k8s.io, serving the
# same archives that are imported into containerd: pulls that happen anyway (imagePullPolicy Always, the
# default for :latest and untagged images) then succeed without any traffic leaving the machine.
start_registry() {
  if ! daemon_running registry; then
    log "starting local image registry ($REGISTRY_URL)"
    start_daemon registry python3 "$ORCA_E2E_DIR/lib/registry.py" --listen "${REGISTRY_URL#http://}" \
      "$(build_pause_image)" "$(build_busybox_image)"
  fi
  WAIT_DAEMON=registry wait_until "the local registry at $REGISTRY_URL" 30 "$LOG_DIR/registry.log" \
    curl_ok "$REGISTRY_URL/v2/"
  local host
  for host in docker.io registry.k8s.io; do
    mkdir -p "$CONTAINERD_DIR/certs.d/$host"
    # `server` replaces the registry's own endpoint, so containerd has nowhere else to fall back to. The
    # [host] table is required by containerd 1.6, which rejects a hosts.toml without one ("invalid `host`
    # tree") and then silently uses the real registry.
    printf 'server = "%s"\n\n[host."%s"]\n  capabilities = ["pull", "resolve"]\n' "$REGISTRY_URL" "$REGISTRY_URL" \
      >"$CONTAINERD_DIR/certs.d/$host/hosts.toml"
  done
}

start_containerd() {
  if ! daemon_running containerd; then
    log "starting containerd"
    mkdir -p "$CONTAINERD_DIR"
    render "$ORCA_E2E_DIR/lib/containerd.toml.tmpl" >"$CONTAINERD_DIR/config.toml"
    start_daemon containerd containerd --config "$CONTAINERD_DIR/config.toml"
  fi
  WAIT_DAEMON=containerd wait_until "containerd to answer on $CONTAINERD_SOCK" 30 "$LOG_DIR/containerd.log" \
    ctr_ version
  log "importing images ($PAUSE_IMAGE, ${BUSYBOX_IMAGES[*]})"
  import_images ctr_
}

start_kubelet() {
  daemon_running kubelet && return 0
  log "starting kubelet"
  mkdir -p "$KUBELET_DIR" "$CLUSTER_DIR/pod-logs"
  render "$ORCA_E2E_DIR/lib/kubelet-config.yaml.tmpl" >"$CLUSTER_DIR/kubelet-config.yaml"
  # --hostname-override=127.0.0.1 (as local-up-cluster.sh does): the node is then named by, and reports as
  # its Hostname and InternalIP, the loopback address the kubelet listens on. --node-ip cannot do this: the
  # kubelet rejects a loopback node IP.
  start_daemon kubelet "$BIN/kubelet" \
    --config="$CLUSTER_DIR/kubelet-config.yaml" \
    --kubeconfig="$KUBECONFIG_DIR/kubelet.kubeconfig" \
    --root-dir="$KUBELET_DIR" \
    --cert-dir="$KUBELET_DIR/pki" \
    --hostname-override="$NODE_NAME" \
    --v=1
}

node_ready() {
  [ "$(kubectl_ get node "$NODE_NAME" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}')" = True ]
}

wait_node() {
  WAIT_DAEMON=kubelet wait_until "kubelet /healthz" 60 "$LOG_DIR/kubelet.log" \
    curl_ok http://127.0.0.1:10248/healthz
  WAIT_DAEMON=kubelet wait_until "node $NODE_NAME to be Ready" 120 "$LOG_DIR/kubelet.log" node_ready
  # Pods in `default` need its service account and the root CA config map (for the projected token volume)
  # before they can start; both come from kube-controller-manager.
  WAIT_DAEMON=kube-controller-manager wait_until "the default service account" 60 \
    "$LOG_DIR/kube-controller-manager.log" kubectl_ -n default get serviceaccount default
  WAIT_DAEMON=kube-controller-manager wait_until "configmap kube-root-ca.crt" 60 \
    "$LOG_DIR/kube-controller-manager.log" kubectl_ -n default get configmap kube-root-ca.crt
}

# --- commands ------------------------------------------------------------------------------------------

all_running() {
  local c
  for c in "${CONTROL_PLANE[@]}" registry containerd kubelet; do daemon_running "$c" || return 1; done
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
    start_etcd
    start_apiserver
    start_controller_manager
    start_scheduler
    wait_controllers
    setup_network_config
    start_registry
    start_containerd
    start_kubelet
    wait_node
    log "cluster up in $((SECONDS - t0))s; logs in $LOG_DIR"
  fi
  if [ -n "${ORCA_SKIP_INSTALL:-}" ]; then
    log "ORCA_SKIP_INSTALL set: not installing Orca"
  else
    KUBECONFIG=$ADMIN_KUBECONFIG ORCA_KUBE_BIN=$BIN "$ORCA_E2E_DIR/install-orca.sh" start
  fi
  echo "export KUBECONFIG=$ADMIN_KUBECONFIG"
}

# The binaries the running cluster was started from (no rebuild check: that is for `up`).
_bin_if_built() {
  local b
  b=$(cat "$CLUSTER_DIR/bin" 2>/dev/null) && [ -x "$b/kubectl" ] && echo "$b"
}

# Tear down pods without the kubelet: kill every task in containerd's k8s.io namespace, delete the
# containers (which unmounts their root filesystems), and delete the network namespaces the CRI plugin made
# for the sandboxes (which also removes their veth ends on our bridge).
remove_containers() {
  daemon_running containerd || return 0
  local netns=() ids id ns
  ids=$(ctr_ -n k8s.io containers ls -q 2>/dev/null || true)
  for id in $ids; do
    ns=$(ctr_ -n k8s.io containers info "$id" 2>/dev/null | python3 -c '
import json, sys
spec = json.load(sys.stdin).get("Spec") or {}
for n in (spec.get("linux") or {}).get("namespaces") or []:
    if n.get("type") == "network" and n.get("path"):
        print(n["path"])' 2>/dev/null || true)
    [ -z "$ns" ] || netns+=("$ns")
  done
  if [ -n "$ids" ]; then log "removing $(wc -w <<<"$ids") containers"; fi
  for id in $(ctr_ -n k8s.io tasks ls -q 2>/dev/null || true); do
    ctr_ -n k8s.io tasks kill -s SIGKILL "$id" >/dev/null 2>&1 || true
  done
  for id in $(ctr_ -n k8s.io tasks ls -q 2>/dev/null || true); do
    # Waits for the killed task to exit before deleting it.
    timeout 15 ctr_ -n k8s.io tasks delete -f "$id" >/dev/null 2>&1 || true
  done
  for id in $ids; do ctr_ -n k8s.io containers delete "$id" >/dev/null 2>&1 || true; done
  for ns in $(printf '%s\n' "${netns[@]}" | sort -u); do
    if mountpoint -q "$ns" 2>/dev/null; then umount "$ns" 2>/dev/null || umount -l "$ns" || true; fi
    rm -f "$ns"
  done
}

# Shims left behind (e.g. containerd was killed): they carry our socket path on their command line, which
# identifies them exactly.
kill_our_shims() {
  local p
  for p in /proc/[0-9]*; do
    { tr '\0' '\n' <"$p/cmdline"; } 2>/dev/null | grep -qxF -- "$CONTAINERD_SOCK" || continue
    log "killing leftover shim ${p#/proc/}"
    kill -KILL "${p#/proc/}" 2>/dev/null || true
  done
}

# Pod processes that outlived their containerd (it crashed, or its shims were killed): everything in the
# kubelet's kubepods cgroups is a pod's, so kill exactly that.
pod_pids() {
  find /sys/fs/cgroup/pids/kubepods /sys/fs/cgroup/kubepods -name cgroup.procs -exec cat {} + 2>/dev/null || true
}

kill_pod_processes() {
  local procs deadline=$((SECONDS + 15))
  while procs=$(pod_pids) && [ -n "$procs" ]; do
    [ $SECONDS -lt $deadline ] || { log "pod processes survive SIGKILL: $(echo "$procs" | xargs)"; return 0; }
    log "killing leftover pod processes: $(echo "$procs" | xargs)"
    # shellcheck disable=SC2086 # one PID per word
    kill -KILL $procs 2>/dev/null || true
    sleep 0.2
  done
}

# Network namespaces whose pod end of the veth pair hangs off our bridge, in case containerd did not get to
# delete them (remove_containers normally does).
remove_stray_netns() {
  local ns peer
  ip link show "$CNI_BRIDGE" >/dev/null 2>&1 || return 0
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
    # "eth0@if12": 12 is the host-side index of the veth pair.
    peer=$(ip -n "$ns" -o link show eth0 2>/dev/null | sed -n 's/.*eth0@if\([0-9]*\).*/\1/p')
    [ -n "$peer" ] || continue
    if ip -o link show | grep -E "^$peer: " | grep -q "master $CNI_BRIDGE "; then
      log "deleting leftover network namespace $ns"
      ip netns delete "$ns" || true
    fi
  done
}

# cgroups the kubelet made for pods and QoS classes; runc removes the containers' own ones.
remove_cgroups() {
  local root
  for root in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/kubepods; do
    [ -d "$root" ] || continue
    find "$root" -depth -type d -exec rmdir {} + 2>/dev/null || log "could not remove every cgroup under $root"
  done
}

unmount_under() {
  local dir=$1 m
  # Deepest first; mountinfo escapes spaces as \040, which our paths do not contain.
  awk -v d="$dir" '$5 == d || index($5, d "/") == 1 {print $5}' /proc/self/mountinfo | sort -r |
    while read -r m; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
  ! awk -v d="$dir" '$5 == d || index($5, d "/") == 1 {f=1} END {exit !f}' /proc/self/mountinfo
}

cmd_down() {
  local c
  if [ -x "$ORCA_E2E_DIR/install-orca.sh" ]; then "$ORCA_E2E_DIR/install-orca.sh" stop || true; fi
  # The kubelet first, or it would restart the containers we are about to kill.
  stop_daemon kubelet 30
  remove_containers
  stop_daemon containerd 30
  kill_our_shims
  kill_pod_processes
  remove_stray_netns
  stop_daemon registry 10
  for ((i = ${#CONTROL_PLANE[@]} - 1; i >= 0; i--)); do stop_daemon "${CONTROL_PLANE[$i]}" 30; done
  if ip link show "$CNI_BRIDGE" >/dev/null 2>&1; then
    log "deleting bridge $CNI_BRIDGE"
    ip link delete "$CNI_BRIDGE"
  fi
  if [ -r "$CLUSTER_DIR/ip_forward.orig" ]; then
    cat "$CLUSTER_DIR/ip_forward.orig" >/proc/sys/net/ipv4/ip_forward
  fi
  remove_cgroups
  if [ -d "$CLUSTER_DIR" ]; then
    unmount_under "$CLUSTER_DIR" || die "mounts remain under $CLUSTER_DIR; not removing it (see /proc/self/mountinfo)"
    rm -rf --one-file-system "$CLUSTER_DIR"
  fi
  log "cluster down"
}

cmd_status() {
  local c pid state=0
  for c in "${CONTROL_PLANE[@]}" registry containerd kubelet webhook operator; do
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
