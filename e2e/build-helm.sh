#!/usr/bin/env bash
# Builds Helm from its published Go module (see helm/go.mod, whose tool directive names helm.sh/helm/v4/cmd/helm),
# caches it outside the repository keyed by version and module sums, and prints the binary's path.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/go-build.sh
. "$here/lib/go-build.sh"
HELM_VERSION=v4.3.2
key=$(cat "$here/helm/go.mod" "$here/helm/go.sum" | sha256sum | cut -c1-12)
dir=$ORCA_TOOL_CACHE/helm/$HELM_VERSION-$key

cached_go_build "$dir" helm "$here/helm" "Helm $HELM_VERSION" \
  -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=$HELM_VERSION" helm.sh/helm/v4/cmd/helm
echo "$dir/helm"
