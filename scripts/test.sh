#!/usr/bin/env bash
# The project's test command (CI runs it through .ci/run in a clean clone, as root).
#
# What it does, in order:
#   1. installs the Debian packages (scripts/install-deps.sh; fast no-op when present)
#   2. fetches Kafka 3.9.1 and MySQL 8.0.31 from Maven Central (cached) and starts the
#      throwaway MariaDB (default, metadata_minimal and compressed variants), MySQL 8 (default,
#      compressed, partial_json and metadata_minimal variants) and Kafka servers on loopback
#      (mysql-fixtures/), loads mysql-fixtures/inventory.sql into the default MariaDB. MySQL 8 is
#      optional: when it cannot be fetched or started the run goes on, says why, and the
#      MySQL 8 tests skip with that reason
#   3. exports where the servers are (CDC_TEST_* variables) for the integration tests
#   4. builds the `default` preset and runs every ctest suite (unit, conformance, integration)
#   5. builds the `asan` preset (ASan+UBSan) and runs its unit and conformance suites
# Exits non-zero if any build step or any test fails; the last output is ctest's summary
# (repeated for every preset at the end when something failed).
#
# Usage: sudo bash scripts/test.sh [--no-asan|--quick] [--stop]
#   --no-asan, --quick  skip the sanitizer build and run (phase 5)
#   --stop              stop every MariaDB and MySQL 8 variant and Kafka after the tests
#                       (default: leave them running so reruns and debugging are fast; stop
#                       later with mysql-fixtures/mariadb.sh [--variant V] stop,
#                       mysql-fixtures/mysql8.sh [--variant V] stop, mysql-fixtures/kafka.sh stop)
# Environment: CDC_SCRATCH, CDC_CACHE, MARIADB_PORT, MARIADB_METADATA_MINIMAL_PORT,
#   MARIADB_COMPRESSED_PORT, MYSQL8_PORT, MYSQL8_<VARIANT>_PORT, KAFKA_PORT,
#   KAFKA_CONTROLLER_PORT (see mysql-fixtures/README.md); CDC_TEST_TIMEOUT per-test timeout in
#   seconds (default 900); CTEST_PARALLEL_LEVEL as usual for ctest; CDC_TEST_ASSETS to override
#   the assets path; CDC_TEST_SKIP_MYSQL8=1 to not start MySQL 8 (its tests then skip).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"

RUN_ASAN=1
STOP_AFTER=0
for arg in "$@"; do
  case $arg in
    --no-asan | --quick) RUN_ASAN=0 ;;
    --stop) STOP_AFTER=1 ;;
    -h | --help)
      sed -n '/^# Usage:/,/^set -euo/{/^set -euo/d;p;}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0 ;;
    *) echo "scripts/test.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

START=$SECONDS
banner() {
  local t=$((SECONDS - START))
  printf '\n=== [%02d:%02d] %s\n' $((t / 60)) $((t % 60)) "$*"
}

banner "install dependencies"
bash scripts/install-deps.sh

banner "fetch Kafka"
bash mysql-fixtures/kafka.sh fetch

banner "start MariaDB"
bash mysql-fixtures/mariadb.sh start
bash mysql-fixtures/mariadb.sh client <mysql-fixtures/inventory.sql
echo "[test] loaded mysql-fixtures/inventory.sql"
# Variants for what only they exercise: TABLE_MAPs with minimal metadata, and zlib-compressed
# query and rows events (log_bin_compress). Required like the default server: Debian's
# mariadbd is always there, so a failure here is a real problem.
MARIADB_VARIANTS=(metadata_minimal compressed)
for variant in "${MARIADB_VARIANTS[@]}"; do
  bash mysql-fixtures/mariadb.sh --variant "$variant" start
done

banner "start MySQL 8"
# Optional: a failure here must not stop the run, but must not go unnoticed either. The tests
# find MySQL 8 through CDC_TEST_MYSQL8_*; without them they skip, giving
# CDC_TEST_MYSQL8_UNAVAILABLE as the reason.
unset CDC_TEST_MYSQL8_HOST CDC_TEST_MYSQL8_PORT CDC_TEST_MYSQL8_UNAVAILABLE
MYSQL8_LOG=${CDC_SCRATCH:-/tmp/cdc-scratch}/mysql8-start.log
mkdir -p "$(dirname "$MYSQL8_LOG")"
if [[ ${CDC_TEST_SKIP_MYSQL8:-0} == 1 ]]; then
  export CDC_TEST_MYSQL8_UNAVAILABLE="not started (CDC_TEST_SKIP_MYSQL8=1)"
else
  # fetch (~50 MB, once) + initialise (once) + start take ~10 s; 5 minutes is a hang
  set +e
  timeout -k 10 300 bash mysql-fixtures/mysql8.sh --variant default start 2>&1 | tee "$MYSQL8_LOG"
  rc=${PIPESTATUS[0]}
  set -e
  if ((rc == 0)); then
    eval "$(bash mysql-fixtures/mysql8.sh --variant default env)"
  else
    reason=$(grep -m1 'ERROR' "$MYSQL8_LOG" | sed 's/^\[mysql8[^]]*\] ERROR: //' || true)
    if ((rc == 124)); then reason="timed out after 300 s${reason:+; $reason}"; fi
    export CDC_TEST_MYSQL8_UNAVAILABLE="mysql-fixtures/mysql8.sh start failed (exit $rc): ${reason:-see $MYSQL8_LOG}"
  fi
fi
if [[ -n ${CDC_TEST_MYSQL8_UNAVAILABLE:-} ]]; then
  echo "[test] WARNING: MySQL 8 is not available; its integration tests will be SKIPPED."
  echo "[test] WARNING: reason: $CDC_TEST_MYSQL8_UNAVAILABLE"
fi
# Variants for the features only they exercise: compressed transaction payloads, partial JSON
# updates and TABLE_MAPs with minimal metadata. Each is optional in the same way (its tests
# skip with the reason).
MYSQL8_VARIANTS=(compressed partial_json metadata_minimal)
for variant in "${MYSQL8_VARIANTS[@]}"; do
  VAR=$(echo "$variant" | tr '[:lower:]' '[:upper:]')
  unset "CDC_TEST_MYSQL8_${VAR}_PORT" "CDC_TEST_MYSQL8_${VAR}_UNAVAILABLE"
  if [[ -n ${CDC_TEST_MYSQL8_UNAVAILABLE:-} ]]; then
    export "CDC_TEST_MYSQL8_${VAR}_UNAVAILABLE=$CDC_TEST_MYSQL8_UNAVAILABLE"
    continue
  fi
  set +e
  timeout -k 10 300 bash mysql-fixtures/mysql8.sh --variant "$variant" start >"$MYSQL8_LOG.$variant" 2>&1
  rc=$?
  set -e
  if ((rc == 0)); then
    eval "$(bash mysql-fixtures/mysql8.sh --variant "$variant" env)"
    echo "[test] MySQL 8 variant $variant is up"
  else
    export "CDC_TEST_MYSQL8_${VAR}_UNAVAILABLE=mysql-fixtures/mysql8.sh --variant $variant start failed (exit $rc); see $MYSQL8_LOG.$variant"
    echo "[test] WARNING: MySQL 8 variant $variant is not available; its tests will be SKIPPED"
  fi
done

banner "start Kafka"
bash mysql-fixtures/kafka.sh start

# Where the tests find the servers and the shared conformance data.
eval "$(bash mysql-fixtures/mariadb.sh env)"
for variant in "${MARIADB_VARIANTS[@]}"; do
  eval "$(bash mysql-fixtures/mariadb.sh --variant "$variant" env)"
done
eval "$(bash mysql-fixtures/kafka.sh env)"
if [[ -z ${CDC_TEST_ASSETS:-} ]]; then
  # The conformance data lives beside the checkout (../shared/assets); a clone made elsewhere
  # on the same machine still finds the workspace's copy.
  CDC_TEST_ASSETS=$REPO/../shared/assets  # absent: conformance tests skip with a message
  for candidate in "$REPO/../shared/assets" "$REPO/../../shared/assets" /work/shared/assets; do
    if [[ -d $candidate ]]; then
      CDC_TEST_ASSETS=$(cd "$candidate" && pwd)
      break
    fi
  done
fi
echo "[test] conformance data: $CDC_TEST_ASSETS"
export CDC_TEST_ASSETS
export CDC_TEST_FIXTURES=$REPO/mysql-fixtures
export CDC_TEST_SCRATCH=${CDC_SCRATCH:-/tmp/cdc-scratch}
# Sanitizer runtime options (used by the asan preset; harmless otherwise).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
env | grep -E '^CDC_TEST_' | sort | sed 's/^/[test] /'

TIMEOUT=${CDC_TEST_TIMEOUT:-900}
FAILED=()
SUMMARIES=()

# run_ctest <preset> [ctest args...]: runs ctest, keeps its summary, records a failure
run_ctest() {
  local preset=$1 log rc
  shift
  log=build/ctest-$preset.log
  set +e
  ctest --preset "$preset" --output-on-failure --timeout "$TIMEOUT" "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  SUMMARIES+=("$preset|$log")
  if ((rc != 0)); then FAILED+=("$preset"); fi
}

banner "configure + build (preset default)"
# -DCDC_BUILD_TESTS=ON guards against a cache left by a tests-off build (quickstart/Docker)
cmake --preset default -DCDC_BUILD_TESTS=ON
cmake --build --preset default -j2

banner "ctest (preset default: unit + conformance + integration)"
run_ctest default

if ((RUN_ASAN)); then
  banner "configure + build (preset asan)"
  if cmake --preset asan -DCDC_BUILD_TESTS=ON && cmake --build --preset asan -j2; then
    banner "ctest (preset asan: unit + conformance)"
    run_ctest asan -L 'unit|conformance'
  else
    FAILED+=("asan(build)")
  fi
fi

if ((STOP_AFTER)); then
  {
    bash mysql-fixtures/kafka.sh stop || true
    for variant in default "${MYSQL8_VARIANTS[@]}"; do
      bash mysql-fixtures/mysql8.sh --variant "$variant" stop || true
    done
    for variant in default "${MARIADB_VARIANTS[@]}"; do
      bash mysql-fixtures/mariadb.sh --variant "$variant" stop || true
    done
  } >"${CDC_SCRATCH:-/tmp/cdc-scratch}/test-stop.log" 2>&1
fi

if ((${#FAILED[@]} > 0)); then
  # Something failed: repeat ctest's summary of every run so the output ends with the
  # verdicts (the last run alone could be a pass hiding an earlier failure).
  t=$((SECONDS - START))
  printf '\n=== [%02d:%02d] FAILED: %s\n' $((t / 60)) $((t % 60)) "${FAILED[*]}"
  for entry in "${SUMMARIES[@]}"; do
    preset=${entry%%|*} log=${entry#*|}
    echo "--- ctest summary, preset $preset:"
    sed -n '/tests passed\|No tests were found/,$p' "$log"
  done
  exit 1
fi
