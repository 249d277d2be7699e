#!/usr/bin/env bash
# Builds Helm from its published Go module (see helm/go.mod, whose tool directive names helm.sh/helm/v4/cmd/helm),
# caches it outside the repository keyed by version and module sums, and prints the binary's path.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
HELM_VERSION=v4.3.2
cache=${ORCA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/orca}
key=$(cat "$here/helm/go.mod" "$here/helm/go.sum" | sha256sum | cut -c1-12)
dir=$cache/helm/$HELM_VERSION-$key

if [ ! -x "$dir/helm" ]; then
  command -v go >/dev/null || { echo "Go >= 1.26 is needed to build Helm $HELM_VERSION" >&2; exit 1; }
  mkdir -p "$dir.tmp"
  echo "building Helm $HELM_VERSION into $dir (first time only; takes a few minutes)" >&2
  start=$(date +%s)
  (cd "$here/helm" && GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-trimpath -mod=mod" \
    go build -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=$HELM_VERSION" \
      -o "$dir.tmp/helm" helm.sh/helm/v4/cmd/helm)
  echo "built in $(( $(date +%s) - start ))s" >&2
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
fi
echo "$dir/helm"
