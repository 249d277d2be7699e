#!/usr/bin/env bash
# Benchmark 3 of docs/benchmarks-cluster.md: trigger latency of a 100-Task chain beside the Job controller.
#   bench/cluster/run-trigger-latency.sh [100]
exec "$(dirname "$0")/run.sh" trigger "$@"
