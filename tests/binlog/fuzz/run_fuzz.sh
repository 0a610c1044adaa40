#!/usr/bin/env bash
# Builds seed corpora from the asset binlogs and runs each binlog fuzz target.
#   tests/binlog/fuzz/run_fuzz.sh <fuzz build dir> [seconds per target] [targets...]
# Configure the build dir first:
#   cmake -S . -B build/h-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang \
#     -DCDC_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
# Crashes land in <build>/fuzz/<target>/crashes; keep each as a regression case in
# tests/binlog/fuzz_regression_test.cpp.
set -euo pipefail
build=${1:?usage: run_fuzz.sh <fuzz build dir> [seconds] [targets...]}
seconds=${2:-300}
shift $(( $# >= 2 ? 2 : 1 ))
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(events json json_diff decimal gtid_set)
src=$(cd "$(dirname "$0")/../../.." && pwd)
assets=${CDC_ASSETS:-$src/../shared/assets}
cmake --build "$build" -j2 --target binlog_fuzz_seeds $(printf 'binlog_fuzz_%s ' "${targets[@]}")
work=$build/fuzz
if [ -d "$assets" ]; then
  rm -rf "$work/seeds"
  "$build/tests/binlog/fuzz/binlog_fuzz_seeds" "$assets" "$work/seeds"
fi
for t in "${targets[@]}"; do
  mkdir -p "$work/$t/corpus" "$work/$t/crashes"
  seeds=()
  [ -d "$work/seeds/$t" ] && seeds=("$work/seeds/$t")
  echo "== binlog_fuzz_$t for ${seconds}s"
  "$build/tests/binlog/fuzz/binlog_fuzz_$t" "$work/$t/corpus" "${seeds[@]}" \
    -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 -timeout=10 \
    -artifact_prefix="$work/$t/crashes/" -print_final_stats=1 2>&1 | tee "$work/$t/last_run.log" |
    grep -E '^#[0-9]+.*(INITED|DONE|REDUCE|NEW)|ERROR|SUMMARY|stat::' | tail -n 25 || true
done
