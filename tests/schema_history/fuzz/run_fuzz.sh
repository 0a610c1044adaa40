#!/usr/bin/env bash
# Builds seeds from the asset DDL corpora and runs the DDL fuzz target.
#   tests/schema_history/fuzz/run_fuzz.sh <fuzz build dir> [seconds]
# Configure the build dir first:
#   cmake -S . -B build/h-ddl-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang \
#     -DCDC_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
# Crashes land in <build>/fuzz/ddl/crashes; keep each as an inline case in
# tests/schema_history/regression_test.cpp.
set -euo pipefail
build=${1:?usage: run_fuzz.sh <fuzz build dir> [seconds]}
seconds=${2:-600}
src=$(cd "$(dirname "$0")/../../.." && pwd)
assets=${CDC_ASSETS:-$src/../shared/assets}
cmake --build "$build" -j2 --target schema_history_fuzz_seeds schema_history_fuzz_ddl
work=$build/fuzz/ddl
mkdir -p "$work/corpus" "$work/crashes"
seeds=()
if [ -d "$assets" ]; then
  rm -rf "$work/seeds"
  "$build/tests/schema_history/fuzz/schema_history_fuzz_seeds" "$assets" "$work/seeds"
  seeds=("$work/seeds")
fi
echo "== schema_history_fuzz_ddl for ${seconds}s"
"$build/tests/schema_history/fuzz/schema_history_fuzz_ddl" "$work/corpus" "${seeds[@]}" \
  -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=16384 -timeout=10 \
  -artifact_prefix="$work/crashes/" -print_final_stats=1 2>&1 | tee "$work/last_run.log" |
  grep -E '^#[0-9]+.*(INITED|DONE|pulse)|ERROR|SUMMARY|stat::' | tail -n 40 || true
