#!/usr/bin/env bash
# Builds the local cluster's Kubernetes and etcd as one multi-call binary from the published Go modules
# (see kube/go.mod), caches it outside the repository keyed by version and module sum, and links the
# component names to it. Prints the directory holding the binaries.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/go-build.sh
. "$here/lib/go-build.sh"
KUBE_VERSION=v1.34.10
key=$(cat "$here/kube/go.mod" "$here/kube/go.sum" "$here/kube/main.go" | sha256sum | cut -c1-12)
bin=$ORCA_TOOL_CACHE/kube/$KUBE_VERSION-$key

minor=${KUBE_VERSION#v1.}; minor=${minor%%.*}
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
done
ldflags+=" -X go.etcd.io/etcd/api/v3/version.GitSHA=module"
cached_go_build "$bin" kube "$here/kube" "Kubernetes $KUBE_VERSION" -ldflags "$ldflags" .
for c in etcd kube-apiserver kube-controller-manager kube-scheduler kube-proxy kubelet kubectl; do
  ln -sf kube "$bin/$c"
done
echo "$bin"
