# The node of the local cluster (e2e/cluster.sh): the pod network, the local image registry, containerd, the
# kubelet and kube-proxy, started in that order and waited for.
# shellcheck shell=bash

setup_network() {
  mkdir -p "$CNI_CONF_DIR" "$CNI_STATE_DIR"
  render "$ORCA_E2E_DIR/lib/cni.conflist.tmpl" >"$CNI_CONF_DIR/10-orca.conflist"
  # Pods get no default route (host-local is given only the Service range's) and this resolver, so nothing
  # they do leaves the machine.
  echo "nameserver 127.0.0.1" >"$CLUSTER_DIR/resolv.conf"
  # The bridge plugin (isGateway) turns on IPv4 forwarding, which pods reaching Services need as well.
  save_sysctl net.ipv4.ip_forward
  # A pod's reply to a pod that reached it through a Service crosses the bridge without being routed: only if
  # bridged traffic passes iptables does conntrack give it the Service's address back as its source.
  local bridge_nf=/proc/sys/net/bridge/bridge-nf-call-iptables
  [ -e $bridge_nf ] || modprobe br_netfilter 2>/dev/null || true
  [ -e $bridge_nf ] || die "no $bridge_nf: kube-proxy needs the kernel's br_netfilter (modprobe br_netfilter)"
  if [ "$(cat $bridge_nf)" != 1 ]; then
    save_sysctl net.bridge.bridge-nf-call-iptables
    echo 1 >$bridge_nf
  fi
  # The bridge is made here, not by the CNI plugin at the first pod, because the API server listens on its
  # address; the plugin takes it as it finds it.
  ip link show "$CNI_BRIDGE" >/dev/null 2>&1 || ip link add "$CNI_BRIDGE" type bridge
  ip addr replace "$POD_GATEWAY/${POD_CIDR#*/}" dev "$CNI_BRIDGE"
  ip link set "$CNI_BRIDGE" up
  # The host reaches Services from the bridge's address and never by its default route: kube-proxy's OUTPUT
  # rules take the traffic to a pod, and an address of the range that no Service has goes nowhere.
  ip route replace "$SERVICE_CIDR" dev "$CNI_BRIDGE" src "$POD_GATEWAY"
}

# save_sysctl NAME (dotted, as sysctl(8) writes it): keeps the host's value, the first time only, for `down`.
save_sysctl() {
  local saved=$CLUSTER_DIR/sysctl.orig/$1
  mkdir -p "$CLUSTER_DIR/sysctl.orig"
  [ -e "$saved" ] || cat "/proc/sys/${1//.//}" >"$saved"
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

# kube-proxy in iptables mode: Services work from pods and from the host (its OUTPUT rules), which is how the
# API server reaches webhooks and pods reach the API server (the `kubernetes` Service, 10.0.0.1:443).
start_kube_proxy() {
  if ! daemon_running kube-proxy; then
    log "starting kube-proxy"
    render "$ORCA_E2E_DIR/lib/kube-proxy-config.yaml.tmpl" >"$CLUSTER_DIR/kube-proxy-config.yaml"
    start_daemon kube-proxy "$BIN/kube-proxy" --config="$CLUSTER_DIR/kube-proxy-config.yaml"
  fi
  WAIT_DAEMON=kube-proxy wait_until "kube-proxy /healthz" 60 "$LOG_DIR/kube-proxy.log" \
    curl_ok http://127.0.0.1:10256/healthz
  WAIT_DAEMON=kube-proxy wait_until "the API server through Service kubernetes (https://10.0.0.1)" 60 \
    "$LOG_DIR/kube-proxy.log" curl_ok --cacert "$PKI_DIR/ca.crt" https://10.0.0.1/readyz
}
