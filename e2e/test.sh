#!/usr/bin/env bash
# Runs every test Orca has: the modules' own tests (unit, mock-server, real HTTPS webhook, real plugin jars),
# then the end-to-end suite on the real local cluster (e2e/cluster.sh), which this script brings up if it is
# not running and takes down again afterwards (set ORCA_KEEP_CLUSTER=1 to leave it running).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
CERT_MANAGER_VERSION=v1.21.2

for tool in java mvn go; do
  command -v "$tool" >/dev/null || { echo "test.sh: $tool is required (JDK 17+, Maven 3.8+, Go 1.26+)" >&2; exit 1; }
done

echo "== module tests (mvn install)"
mvn -B -ntp install

started_here=
if ! e2e/cluster.sh status >/dev/null 2>&1; then
  started_here=1
fi
if [ -n "$started_here" ] && [ -z "${ORCA_KEEP_CLUSTER:-}" ]; then
  trap 'echo "== taking the cluster down"; e2e/cluster.sh down' EXIT
fi

echo "== local cluster (logs: ${ORCA_CLUSTER_DIR:-$HOME/.cache/orca/cluster}/logs)"
eval "$(e2e/cluster.sh up | tail -n 1)"
# A cluster that was already up may run older jars: start Orca afresh from this build.
e2e/install-orca.sh stop >/dev/null
e2e/install-orca.sh start
ORCA_KUBECTL="$(e2e/build-kube.sh)/kubectl"
export ORCA_KUBECTL
# Helm, for the chart's checks (HelmChartTest): from its Go module, like Kubernetes.
helm=$(e2e/build-helm.sh)

# Prometheus and promtool, for the shipped monitoring's checks (MonitoringRulesTest, MonitoringE2E): Debian's
# package, installed once.
if ! command -v promtool >/dev/null || ! command -v prometheus >/dev/null; then
  echo "== installing Debian's prometheus package (promtool, prometheus)"
  apt-get update -qq >/dev/null
  # Where an init system starts the package's service (:9090), it is left alone: the suite runs its own Prometheus.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi

# cert-manager's CRDs, for the dry run of deploy/ (DeployManifestsE2E): from its Go module, the version deploy/
# is checked against.
cert_manager=$(go mod download -json "github.com/cert-manager/cert-manager@$CERT_MANAGER_VERSION" \
  | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$cert_manager/deploy/crds" ] || { echo "test.sh: no CRDs in cert-manager $CERT_MANAGER_VERSION's module" >&2; exit 1; }

echo "== end-to-end suite"
mvn -B -ntp -Pe2e -pl e2e verify -Dorca.root="$root" -Dorca.certManagerCrds="$cert_manager/deploy/crds" \
  -Dorca.helm="$helm"
