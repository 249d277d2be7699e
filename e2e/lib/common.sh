# Shared by e2e/cluster.sh and e2e/install-orca.sh: locations, logging, readiness polling and the
# bookkeeping of the host processes the local cluster runs. Source it; it defines no behaviour of its own.
# shellcheck shell=bash disable=SC2034 # the variables are for the scripts that source this

ORCA_E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ORCA_REPO=$(cd "$ORCA_E2E_DIR/.." && pwd)
ORCA_CACHE=${ORCA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/orca}
CLUSTER_DIR=$(realpath -m "${ORCA_CLUSTER_DIR:-$HOME/.cache/orca/cluster}")
LOG_DIR=$CLUSTER_DIR/logs
RUN_DIR=$CLUSTER_DIR/run          # pid files
PKI_DIR=$CLUSTER_DIR/pki
ADMIN_KUBECONFIG=$CLUSTER_DIR/kubeconfig
NODE_NAME=127.0.0.1               # see kubelet section in cluster.sh for why the node is named by its IP
# The pod bridge's own address (the pods' gateway). The API server listens there rather than on loopback so that
# pods reach it through the `kubernetes` Service; host clients use the same address.
POD_GATEWAY=10.88.0.1
APISERVER_URL=https://$POD_GATEWAY:6443

# usage: the calling script's header comment (after the shebang and shellcheck lines).
usage() { awk 'NR > 2 && !/^#/ {exit} NR > 2 {sub(/^# ?/, ""); print}' "$0"; }

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# render TEMPLATE: substitutes ${VAR} from the environment; an unset variable is an error rather than an
# empty string, so a template and its caller cannot silently drift apart.
render() {
  python3 - "$1" <<'PY'
import os, string, sys
sys.stdout.write(string.Template(open(sys.argv[1]).read()).substitute(os.environ))
PY
}

# --- host processes --------------------------------------------------------------------------------
# Each daemon's pid file holds "PID STARTTIME" (field 22 of /proc/PID/stat) so a recycled PID is never
# mistaken for ours, and so no process is ever found or killed by name.

# Fields counted after the ")" closing the command name, which may itself contain spaces. A zombie
# (state Z) counts as gone: whoever inherited it may take its time to reap it.
_starttime() { awk '{sub(/.*\) /, ""); if ($1 != "Z") print $20}' "/proc/$1/stat" 2>/dev/null; }

# daemon_pid NAME: prints the PID of our running NAME, or fails.
daemon_pid() {
  local f=$RUN_DIR/$1.pid pid start
  [ -r "$f" ] || return 1
  read -r pid start <"$f" || return 1
  [ -n "$pid" ] && [ "$(_starttime "$pid")" = "$start" ] || return 1
  echo "$pid"
}

daemon_running() { daemon_pid "$1" >/dev/null; }

# start_daemon NAME CMD...: runs CMD in its own session (so it outlives this script and the terminal's
# process group), appending stdout and stderr to $LOG_DIR/NAME.log.
start_daemon() {
  local name=$1; shift
  mkdir -p "$LOG_DIR" "$RUN_DIR"
  printf '\n===== %s starting %s =====\n' "$(date -Is)" "$name" >>"$LOG_DIR/$name.log"
  # fd 9 is cluster.sh's lock: a daemon inheriting it would hold the lock for as long as it runs.
  setsid "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null 9>&- &
  local pid=$!
  local start=""
  for _ in 1 2 3 4 5 6 7 8 9 10; do start=$(_starttime "$pid") && [ -n "$start" ] && break; done
  [ -n "$start" ] || die "$name exited immediately; see $LOG_DIR/$name.log"
  echo "$pid $start" >"$RUN_DIR/$name.pid"
}

# stop_daemon NAME [GRACE_SECONDS]: SIGTERM, then SIGKILL once the grace period is over.
stop_daemon() {
  local name=$1 grace=${2:-15} pid
  pid=$(daemon_pid "$name") || { rm -f "$RUN_DIR/$name.pid"; return 0; }
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + grace))
  while daemon_running "$name" && [ $SECONDS -lt "$deadline" ]; do sleep 0.2; done
  if daemon_running "$name"; then log "$name did not stop within ${grace}s"; fi
  kill_daemon "$name"
}

# kill_daemon NAME: SIGKILL at once, as a crash would (no shutdown hooks run).
kill_daemon() {
  local name=$1 pid
  pid=$(daemon_pid "$name") || { rm -f "$RUN_DIR/$name.pid"; return 0; }
  log "killing $name (pid $pid)"
  kill -KILL "$pid" 2>/dev/null || true
  while daemon_running "$name"; do sleep 0.1; done
  rm -f "$RUN_DIR/$name.pid"
}

# wait_until DESCRIPTION TIMEOUT_SECONDS LOGFILE CMD...: polls CMD until it succeeds. Fails with a message
# naming the log to read on timeout. If WAIT_DAEMON names a daemon, gives up early once it has died.
wait_until() {
  local what=$1 timeout=$2 logfile=$3; shift 3
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if [ -n "${WAIT_DAEMON:-}" ] && ! daemon_running "$WAIT_DAEMON"; then
      die "$WAIT_DAEMON exited while waiting for $what; read $logfile"
    fi
    [ $SECONDS -lt "$deadline" ] || die "timed out after ${timeout}s waiting for $what; read $logfile"
    sleep 0.5
  done
}
