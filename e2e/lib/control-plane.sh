# The control plane of the local cluster (e2e/cluster.sh): etcd, kube-apiserver, kube-controller-manager and
# kube-scheduler as host processes on 127.0.0.1 (the API server on the pod bridge's address), started in that
# order and waited for.
# shellcheck shell=bash

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
  # On the pod bridge's address, not loopback: it is the endpoint of the `kubernetes` Service, so it must be one
  # pods reach (a loopback endpoint also fails validation). Admission: the defaults, which include the
  # Mutating- and ValidatingAdmissionWebhook plugins the Orca webhook relies on.
  start_daemon kube-apiserver "$BIN/kube-apiserver" \
    --etcd-servers=http://127.0.0.1:2379 \
    --bind-address="$POD_GATEWAY" --secure-port=6443 --advertise-address="$POD_GATEWAY" \
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
