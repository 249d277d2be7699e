#!/usr/bin/env bash
# Builds the local cluster's cert-manager (controller and CA injector, one multi-call binary) from the published
# Go module github.com/cert-manager/cert-manager (see cert-manager/go.mod), caches it outside the repository
# keyed by version and a hash of the wrapper module, and links the two component names to it. Prints the
# directory holding the binaries.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
CERT_MANAGER_VERSION=v1.21.2
cache=${ORCA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/orca}
key=$(cat "$here/cert-manager/go.mod" "$here/cert-manager/go.sum" "$here"/cert-manager/*.go | sha256sum | cut -c1-12)
bin=$cache/cert-manager/$CERT_MANAGER_VERSION-$key

if [ ! -x "$bin/cert-manager" ]; then
  command -v go >/dev/null || { echo "Go >= 1.26 is needed to build cert-manager $CERT_MANAGER_VERSION" >&2; exit 1; }
  mkdir -p "$bin.tmp"
  echo "building cert-manager $CERT_MANAGER_VERSION into $bin (first time only; takes several minutes)" >&2
  start=$(date +%s)
  (cd "$here/cert-manager" && GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-trimpath -mod=mod" \
    go build -ldflags "-s -w" -o "$bin.tmp/cert-manager" .)
  echo "built in $(( $(date +%s) - start ))s" >&2
  rm -rf "$bin" && mv "$bin.tmp" "$bin"
fi
for c in cert-manager-controller cert-manager-cainjector; do
  ln -sf cert-manager "$bin/$c"
done
echo "$bin"
