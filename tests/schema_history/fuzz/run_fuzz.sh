#!/usr/bin/env bash
# Builds seeds from the asset DDL corpora and runs the DDL fuzz target, then the history-record one.
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

# The schema-history record parser (what recovery reads back from Kafka or a file), seeded with
# one record of every shape the connector writes.
cmake --build "$build" -j2 --target schema_history_fuzz_history_record
hwork=$build/fuzz/history_record
mkdir -p "$hwork/corpus" "$hwork/crashes" "$hwork/seeds"
printf '%s' '{"source":{"server":"s"},"position":{"ts_sec":1,"file":"binlog.000001","pos":4,"snapshot":true},"ts_ms":1,"databaseName":"db","ddl":"CREATE TABLE `t` (\n  `id` int NOT NULL\n)","tableChanges":[{"type":"CREATE","id":"\"db\".\"t\"","table":{"defaultCharsetName":"utf8mb4","primaryKeyColumnNames":["id"],"columns":[{"name":"id","jdbcType":4,"nativeType":null,"typeName":"INT","typeExpression":"INT","charsetName":null,"length":null,"scale":null,"position":1,"optional":false,"autoIncremented":false,"generated":false}]}}]}' \
  >"$hwork/seeds/create"
printf '%s' '{"source":{"server":"s"},"position":{"file":"b.2","pos":99,"gtids":"0-1-5"},"databaseName":"","schemaName":"x","ddl":"DROP TABLE a"}' >"$hwork/seeds/minimal"
echo "== schema_history_fuzz_history_record for ${seconds}s"
"$build/tests/schema_history/fuzz/schema_history_fuzz_history_record" "$hwork/corpus" "$hwork/seeds" \
  -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=8192 -timeout=10 \
  -artifact_prefix="$hwork/crashes/" -print_final_stats=1 2>&1 | tee "$hwork/last_run.log" |
  grep -E '^#[0-9]+.*(INITED|DONE|pulse)|ERROR|SUMMARY|stat::' | tail -n 40 || true
