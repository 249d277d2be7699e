#!/bin/sh
# Builds the kubectl orca plugin and installs it into a directory on PATH (default: ~/.local/bin):
#   cli/install.sh [DIR]
# Then: kubectl orca --help. Needs JDK 17+ and Maven; the plugin runs on any Java 17+ runtime.
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$HOME/.local/bin}
mvn -B -ntp -q -f "$root/pom.xml" -pl cli -am package -DskipTests
mkdir -p "$dir"
cp "$root/cli/target/kubectl-orca.jar" "$dir/kubectl-orca.jar"
cp "$root/cli/kubectl-orca" "$dir/kubectl-orca"
chmod +x "$dir/kubectl-orca"
case ":$PATH:" in
  *":$dir:"*) ;;
  *) echo "install.sh: add $dir to PATH for kubectl to find the plugin" >&2 ;;
esac
echo "installed $dir/kubectl-orca (kubectl orca --help)"
