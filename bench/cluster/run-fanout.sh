#!/usr/bin/env bash
# Benchmark 4 of docs/benchmarks-cluster.md: one Ignitor starting 500 Tasks beside 500 Jobs created at once.
#   bench/cluster/run-fanout.sh [500]
exec "$(dirname "$0")/run.sh" fanout "$@"
