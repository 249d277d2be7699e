# cert-manager on the local cluster (e2e/cluster.sh): its CRDs, and its controller and CA injector as host
# processes (e2e/build-cert-manager.sh), each with a client certificate of its own and the rights of
# e2e/cert-manager/rbac.yaml. Started once the node is Ready, before Orca is installed.
# shellcheck shell=bash

CERT_MANAGER=(cert-manager-controller cert-manager-cainjector)
CERT_MANAGER_CONTROLLER_HEALTH=127.0.0.1:9403
CERT_MANAGER_CAINJECTOR_HEALTH=127.0.0.1:9404

# A port already in use shows as the process exiting while it is waited for; its log names the address.
start_cert_manager() {
  daemon_running cert-manager-controller && daemon_running cert-manager-cainjector && return 0
  local cm_bin crds
  cm_bin=$("$ORCA_E2E_DIR/build-cert-manager.sh")
  _cert_manager_identities
  crds=$(_cert_manager_crds)
  log "applying cert-manager's CRDs ($crds) and rights"
  kubectl_ apply --server-side -f "$crds" >/dev/null
  kubectl_ apply -f "$ORCA_E2E_DIR/cert-manager/rbac.yaml" >/dev/null
  kubectl_ wait --for=condition=Established --timeout=60s -f "$crds" >/dev/null ||
    die "cert-manager's CRDs were not Established within 60s; read $LOG_DIR/kube-apiserver.log"

  if ! daemon_running cert-manager-controller; then
    log "starting cert-manager-controller"
    start_daemon cert-manager-controller "$cm_bin/cert-manager-controller" \
      --kubeconfig="$KUBECONFIG_DIR/cert-manager-controller.kubeconfig" \
      --cluster-resource-namespace=cert-manager \
      --healthz-address="$CERT_MANAGER_CONTROLLER_HEALTH" --v=2
  fi
  if ! daemon_running cert-manager-cainjector; then
    log "starting cert-manager-cainjector"
    start_daemon cert-manager-cainjector "$cm_bin/cert-manager-cainjector" \
      --kubeconfig="$KUBECONFIG_DIR/cert-manager-cainjector.kubeconfig" \
      --health-address="$CERT_MANAGER_CAINJECTOR_HEALTH" --v=2
  fi
  WAIT_DAEMON=cert-manager-controller wait_until "cert-manager-controller /livez" 60 \
    "$LOG_DIR/cert-manager-controller.log" curl -fsS --max-time 2 "http://$CERT_MANAGER_CONTROLLER_HEALTH/livez"
  WAIT_DAEMON=cert-manager-cainjector wait_until "cert-manager-cainjector /readyz" 60 \
    "$LOG_DIR/cert-manager-cainjector.log" curl -fsS --max-time 2 "http://$CERT_MANAGER_CAINJECTOR_HEALTH/readyz"
}

stop_cert_manager() {
  local c
  for c in "${CERT_MANAGER[@]}"; do stop_daemon "$c" 15; done
}

# A client certificate and kubeconfig per process, from the cluster CA (remade whenever the CA is).
_cert_manager_identities() {
  local id
  for id in cert-manager-controller:system:cert-manager cert-manager-cainjector:system:cert-manager-cainjector; do
    local name=${id%%:*} user=${id#*:}
    if ! x509_valid "$PKI_DIR" "$PKI_DIR/$name.crt" || [ ! -s "$KUBECONFIG_DIR/$name.kubeconfig" ]; then
      x509_leaf "$PKI_DIR" "$PKI_DIR/$name" "/CN=$user" clientAuth
      write_kubeconfig "$KUBECONFIG_DIR/$name.kubeconfig" "$name"
    fi
  done
}

# The CRDs of the module version the binary is built from (e2e/cert-manager/go.mod).
_cert_manager_crds() {
  local dir
  dir=$(cd "$ORCA_E2E_DIR/cert-manager" && GOTOOLCHAIN=local GOFLAGS=-mod=mod \
    go mod download -json github.com/cert-manager/cert-manager | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -d "$dir/deploy/crds" ] || die "no deploy/crds in the module github.com/cert-manager/cert-manager ($dir)"
  echo "$dir/deploy/crds"
}
