#!/usr/bin/env bash
# Builds the local cluster's cert-manager (controller and CA injector, one multi-call binary) from the published
# Go module github.com/cert-manager/cert-manager (see cert-manager/go.mod), caches it outside the repository
# keyed by version and a hash of the wrapper module, and links the two component names to it. Prints the
# directory holding the binaries.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/go-build.sh
. "$here/lib/go-build.sh"
CERT_MANAGER_VERSION=v1.21.2
key=$(cat "$here/cert-manager/go.mod" "$here/cert-manager/go.sum" "$here"/cert-manager/*.go | sha256sum | cut -c1-12)
bin=$ORCA_TOOL_CACHE/cert-manager/$CERT_MANAGER_VERSION-$key

cached_go_build "$bin" cert-manager "$here/cert-manager" "cert-manager $CERT_MANAGER_VERSION" -ldflags "-s -w" .
for c in cert-manager-controller cert-manager-cainjector; do
  ln -sf cert-manager "$bin/$c"
done
echo "$bin"
