# The tools the local cluster builds from published Go modules (Kubernetes, cert-manager, Helm), each in a wrapper
# module of this repository and cached outside it.
# shellcheck shell=bash

ORCA_TOOL_CACHE=${ORCA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/orca}

# cached_go_build DIR BINARY MODULE WHAT GO_BUILD_ARGS...: unless DIR/BINARY exists, runs `go build -o BINARY
# GO_BUILD_ARGS...` in the wrapper module MODULE (static, -trimpath, the local toolchain), into DIR.tmp renamed to
# DIR at the end, so that an interrupted build leaves nothing that looks finished.
cached_go_build() {
  local dir=$1 binary=$2 module=$3 what=$4 start
  shift 4
  [ -x "$dir/$binary" ] && return 0
  command -v go >/dev/null || { echo "Go >= 1.26 is needed to build $what (Debian bookworm's is too old)" >&2; exit 1; }
  rm -rf "$dir.tmp"
  mkdir -p "$dir.tmp"
  echo "building $what into $dir (first time only; takes several minutes)" >&2
  start=$(date +%s)
  (cd "$module" && GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-trimpath -mod=mod" go build -o "$dir.tmp/$binary" "$@")
  echo "built in $(( $(date +%s) - start ))s" >&2
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
}
