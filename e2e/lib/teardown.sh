# What `e2e/cluster.sh down` removes besides the processes: containers, shims, pod processes, network
# namespaces, iptables chains, the bridge, kernel settings, cgroups and mounts left by the node, so that
# nothing of the cluster outlives it.
# shellcheck shell=bash

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

# Every KUBE-* chain in the host's iptables, IPv4 and IPv6: kube-proxy's and the kubelet's own (KUBE-FIREWALL,
# KUBE-KUBELET-CANARY, KUBE-IPTABLES-HINT). First the jumps into them from other chains, then the chains,
# emptied before any is deleted since they jump into one another.
remove_kube_chains() {
  local cmd table rule chains chain
  for cmd in iptables ip6tables; do
    command -v "$cmd" >/dev/null || continue
    for table in filter nat mangle; do
      chains=$("$cmd" -t "$table" -S 2>/dev/null | sed -n 's/^-N \(KUBE-[^ ]*\)$/\1/p')
      [ -n "$chains" ] || continue
      log "removing $cmd $table chains $(echo "$chains" | xargs)"
      while read -r rule; do
        # As -S prints it, comments quoted: eval reads it back as the shell would.
        eval "$cmd -t $table -D ${rule#-A }" || log "could not delete '$rule' from $cmd $table"
      done < <("$cmd" -t "$table" -S 2>/dev/null | grep -E '^-A [^ ]+ .*-j KUBE-' | grep -v '^-A KUBE-')
      for chain in $chains; do "$cmd" -t "$table" -F "$chain"; done
      for chain in $chains; do "$cmd" -t "$table" -X "$chain" || log "could not delete $cmd $table $chain"; done
    done
  done
}

# The bridge (its address and the Service range's route go with it), then the kernel settings the cluster
# changed, as they were before `up`.
remove_network() {
  if ip link show "$CNI_BRIDGE" >/dev/null 2>&1; then
    log "deleting bridge $CNI_BRIDGE"
    ip link delete "$CNI_BRIDGE"
  fi
  local saved
  for saved in "$CLUSTER_DIR"/sysctl.orig/*; do
    [ -e "$saved" ] || continue
    cat "$saved" >"/proc/sys/$(basename "$saved" | tr . /)"
  done
}
