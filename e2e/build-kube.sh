#!/usr/bin/env bash
# Builds the local cluster's Kubernetes and etcd as one multi-call binary from the published Go modules
# (see kube/go.mod), caches it outside the repository keyed by version and module sum, and links the
# component names to it. Prints the directory holding the binaries.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
KUBE_VERSION=v1.34.10
cache=${ORCA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/orca}
key=$(cat "$here/kube/go.mod" "$here/kube/go.sum" "$here/kube/main.go" | sha256sum | cut -c1-12)
bin=$cache/kube/$KUBE_VERSION-$key

if [ ! -x "$bin/kube" ]; then
  command -v go >/dev/null || { echo "Go >= 1.24 is needed to build Kubernetes (Debian bookworm's golang, 1.19, is too old)" >&2; exit 1; }
  mkdir -p "$bin.tmp"
  minor=${KUBE_VERSION#v1.}; minor=${minor%%.*}
  ldflags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
  done
  ldflags+=" -X go.etcd.io/etcd/api/v3/version.GitSHA=module"
  echo "building Kubernetes $KUBE_VERSION into $bin (first time only; takes several minutes)" >&2
  start=$(date +%s)
  (cd "$here/kube" && GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-trimpath -mod=mod" \
    go build -ldflags "$ldflags" -o "$bin.tmp/kube" .)
  echo "built in $(( $(date +%s) - start ))s" >&2
  rm -rf "$bin" && mv "$bin.tmp" "$bin"
fi
for c in etcd kube-apiserver kube-controller-manager kube-scheduler kube-proxy kubelet kubectl; do
  ln -sf kube "$bin/$c"
done
echo "$bin"
