#!/usr/bin/env bash
# Benchmark 2 of docs/benchmarks.md: graph validation (WorkflowRules.checkTask) against namespaces of 1k, 10k and
# 100k Tasks plus a 1,000-Task chain, beside a scan of the whole namespace measured in the same run. About 3 min.
#
#   bench/run-graph.sh            build bench/ if needed, run JMH, print the Markdown table
#   BENCH_JMH_ARGS='-p shortChainTasks=10000' bench/run-graph.sh    extra JMH options (e.g. one size only)
#
# Needs orca-parent, orca-plugin-api and orca-operator in the local Maven repository
# (mvn -q install -DskipTests -pl plugin-api,operator -am).
# Raw results: bench/target/graph/results.json and jmh.log.
set -euo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

jar=$BENCH_JAR
out=$BENCH_DIR/target/graph
mkdir -p "$out"
build_bench
machine_facts | tee "$out/machine.txt"
# -prof gc: bytes allocated per operation, to tell CPU-bound from allocation-bound.
# shellcheck disable=SC2086
java -jar "$jar" GraphValidationBenchmark -prof gc -rf json -rff "$out/results.json" ${BENCH_JMH_ARGS:-} \
  >"$out/jmh.log" 2>&1 || { tail -40 "$out/jmh.log" >&2; exit 1; }
grep -E '^(Benchmark|GraphValidationBenchmark\.[a-zA-Z]+ )' "$out/jmh.log" | grep -v '·' || true
echo
java -cp "$jar" cloud.sirocco.orca.bench.graph.GraphReport "$out/results.json" | tee "$out/table.md"
