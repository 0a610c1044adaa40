#!/usr/bin/env bash
# Quickstart: install, build and run the product against a sample database, end to end.
#
# What it does: installs packages, starts the throwaway Kafka and MariaDB (mysql-fixtures/),
# loads the sample `inventory` database, builds the `cdc` binary, starts
# `cdc standalone <worker.properties>` (Kafka Connect REST API on 127.0.0.1:8083), registers
# a Debezium MySQL connector for `inventory` with the same JSON you would POST to Kafka
# Connect, changes a few rows of inventory.customers and prints the change events from the
# topic dbserver1.inventory.customers with Kafka's console consumer.
#
# Every run starts the demo from scratch: it stops a previous quickstart `cdc`, deletes the
# demo topics (dbserver1*, schema-changes.inventory) and offsets, and reloads inventory.sql.
#
# Usage: sudo bash scripts/quickstart.sh          run the demo (leaves everything running)
#        sudo bash scripts/quickstart.sh --stop   stop cdc, Kafka and MariaDB
# Environment: CDC_SCRATCH, CDC_CACHE, MARIADB_PORT, KAFKA_PORT, KAFKA_CONTROLLER_PORT (see
#   mysql-fixtures/README.md); CDC_REST_PORT (default 8083); CDC_BIN=<path> runs that cdc
#   binary instead of building build/default/cdc/cdc.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"

SCRATCH_ROOT=${CDC_SCRATCH:-/tmp/cdc-scratch}
QS=$SCRATCH_ROOT/quickstart
CDC_BIN=${CDC_BIN:-}  # a prebuilt binary to use instead of building one
PIDFILE=$QS/cdc.pid
CDC_LOG=$QS/cdc.log
WORKER=$QS/worker.properties
REST_PORT=${CDC_REST_PORT:-8083}
REST=http://127.0.0.1:$REST_PORT
MARIADB_PORT=${MARIADB_PORT:-33306}
KAFKA_BOOTSTRAP=127.0.0.1:${KAFKA_PORT:-19092}
CONNECTOR=inventory-connector
TOPIC=dbserver1.inventory.customers

START=$SECONDS
banner() {
  local t=$((SECONDS - START))
  printf '\n=== [%02d:%02d] %s\n' $((t / 60)) $((t % 60)) "$*"
}
log() { printf '[quickstart] %s\n' "$*"; }
die() { printf '[quickstart] ERROR: %s\n' "$*" >&2; exit 1; }

json() {  # pretty-print JSON from stdin when python3 is around
  if command -v python3 >/dev/null 2>&1; then
    python3 -m json.tool 2>/dev/null || true
  else
    cat
  fi
}

# true when $1 is the pid of a live process (a zombie left by a killed server is not live)
alive() {
  local state
  [[ ${1:-} =~ ^[1-9][0-9]*$ ]] || return 1
  kill -0 "$1" 2>/dev/null || return 1
  state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null || true)
  [[ $state != Z && $state != X ]]
}

cdc_pid() {
  local pid
  [[ -s $PIDFILE ]] || return 1
  pid=$(<"$PIDFILE")
  alive "$pid" || return 1
  echo "$pid"
}

stop_cdc() {
  local pid deadline
  if ! pid=$(cdc_pid); then
    rm -f "$PIDFILE"
    return 0
  fi
  log "stopping cdc (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + 30))
  while alive "$pid" && ((SECONDS < deadline)); do sleep 0.5; done
  if alive "$pid"; then
    log "cdc still running after 30s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PIDFILE"
}

case ${1:-} in
  --stop)
    stop_cdc
    bash mysql-fixtures/kafka.sh stop
    bash mysql-fixtures/mariadb.sh stop
    exit 0 ;;
  -h | --help)
    sed -n '/^# Usage:/,/^set -euo/{/^set -euo/d;p;}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 0 ;;
  "") ;;
  *) die "unknown option '$1' (try --help)" ;;
esac

banner "install dependencies"
bash scripts/install-deps.sh

banner "start Kafka and MariaDB"
bash mysql-fixtures/kafka.sh fetch
bash mysql-fixtures/kafka.sh start
bash mysql-fixtures/mariadb.sh start

banner "reset the demo and load mysql-fixtures/inventory.sql"
stop_cdc
bash mysql-fixtures/kafka.sh topics --delete --if-exists --topic 'dbserver1.*' >/dev/null 2>&1 || true
bash mysql-fixtures/kafka.sh topics --delete --if-exists --topic 'schema-changes.inventory' >/dev/null 2>&1 || true
rm -rf "$QS"
mkdir -p "$QS"
bash mysql-fixtures/mariadb.sh client <mysql-fixtures/inventory.sql
bash mysql-fixtures/mariadb.sh client inventory -e 'SELECT * FROM customers'

if [[ -n $CDC_BIN ]]; then
  banner "use prebuilt cdc: $CDC_BIN (CDC_BIN set, no build)"
  [[ -x $CDC_BIN ]] || die "CDC_BIN=$CDC_BIN is not an executable file"
else
  banner "build cdc (preset default)"
  CDC_BIN=$REPO/build/default/cdc/cdc
  cmake --preset default
  cmake --build --preset default -j2 --target cdc
  [[ -x $CDC_BIN ]] || die "build finished but $CDC_BIN does not exist"
fi

banner "start cdc standalone"
cat >"$WORKER" <<EOF
# Kafka Connect standalone worker settings, written by scripts/quickstart.sh
bootstrap.servers=$KAFKA_BOOTSTRAP
offset.storage.file.filename=$QS/offsets.json
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
key.converter.schemas.enable=false
value.converter.schemas.enable=false
listeners=http://127.0.0.1:$REST_PORT
EOF
if curl -s -o /dev/null --max-time 2 "$REST/"; then
  die "something already answers on $REST (not the quickstart's cdc); stop it or set CDC_REST_PORT"
fi
log "$CDC_BIN standalone $WORKER  (log: $CDC_LOG)"
# setsid: cdc outlives this script; bash -c records the pid of the exec'd binary
# shellcheck disable=SC2016  # $$, $0 and $@ are for the inner bash
setsid bash -c 'echo $$ >"$0"; exec "$@"' "$PIDFILE" "$CDC_BIN" standalone "$WORKER" \
  </dev/null >>"$CDC_LOG" 2>&1 &
deadline=$((SECONDS + 60))
until curl -sf -o /dev/null --max-time 2 "$REST/"; do
  if ! cdc_pid >/dev/null && ((SECONDS > 1)); then
    sleep 1
    if ! cdc_pid >/dev/null; then
      tail -n 30 "$CDC_LOG" >&2 || true
      die "cdc exited during start-up (log: $CDC_LOG)"
    fi
  fi
  ((SECONDS < deadline)) || die "cdc REST API did not answer on $REST/ within 60s (log: $CDC_LOG)"
  sleep 0.5
done
curl -s "$REST/" | json

banner "register the connector"
# The same JSON as for Debezium on Kafka Connect (Debezium also requires the schema history
# settings, so they are included).
config=$(cat <<EOF
{
  "name": "$CONNECTOR",
  "config": {
    "connector.class": "io.debezium.connector.mysql.MySqlConnector",
    "tasks.max": "1",
    "database.hostname": "127.0.0.1",
    "database.port": "$MARIADB_PORT",
    "database.user": "cdc",
    "database.password": "cdc",
    "database.server.id": "184054",
    "topic.prefix": "dbserver1",
    "database.include.list": "inventory",
    "schema.history.internal.kafka.bootstrap.servers": "$KAFKA_BOOTSTRAP",
    "schema.history.internal.kafka.topic": "schema-changes.inventory"
  }
}
EOF
)
echo "curl -X POST -H 'Content-Type: application/json' $REST/connectors -d '<json below>'"
echo "$config"
code=$(curl -s -o "$QS/register.out" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  "$REST/connectors" -d "$config") || die "POST $REST/connectors failed (log: $CDC_LOG)"
json <"$QS/register.out"
case $code in
  201 | 200) log "registered $CONNECTOR (HTTP $code)" ;;
  409) log "$CONNECTOR already exists (HTTP 409)" ;;
  *) die "registering the connector failed: HTTP $code (log: $CDC_LOG)" ;;
esac

banner "connector status"
deadline=$((SECONDS + 30))
while :; do
  status=$(curl -s "$REST/connectors/$CONNECTOR/status" || true)
  if [[ $status == *'"tasks"'*'"RUNNING"'* ]] || ((SECONDS >= deadline)); then break; fi
  sleep 1
done
echo "$status" | json
[[ $status == *'"FAILED"'* ]] && log "WARNING: the connector or its task FAILED; see $CDC_LOG"

banner "change some rows in inventory.customers"
dml="INSERT INTO customers (first_name, last_name, email) VALUES ('Quinn', 'Harper', 'quinn.harper@example.org');
UPDATE customers SET email = 'quinn.h@example.org' WHERE email = 'quinn.harper@example.org';
DELETE FROM customers WHERE email = 'quinn.h@example.org';"
echo "$dml"
bash mysql-fixtures/mariadb.sh client inventory -e "$dml"

# Streaming starts at the server's current binlog position (initial snapshots are not
# implemented yet), so the topic holds: create, update, delete and the delete's tombstone
# (Debezium's default tombstones.on.delete=true).
expected=4
banner "change events on $TOPIC (expecting $expected: c, u, d, tombstone)"
echo "mysql-fixtures/kafka.sh consume --topic $TOPIC --from-beginning --max-messages $expected --property print.key=true --timeout-ms 60000"
log "(key | value per line; stops after $expected events, or after 60 s without a new one)"
bash mysql-fixtures/kafka.sh consume --topic "$TOPIC" --from-beginning --max-messages "$expected" \
  --property print.key=true --property key.separator=' | ' --timeout-ms 60000 ||
  log "WARNING: the console consumer ended with an error (see above)"

banner "done"
cat <<EOF
cdc is running (pid $(cdc_pid || echo '?'), log $CDC_LOG, REST $REST).
  connectors:       curl -s $REST/connectors
  status:           curl -s $REST/connectors/$CONNECTOR/status
  more changes:     mysql-fixtures/mariadb.sh client inventory -e "UPDATE customers SET first_name='Ann' WHERE id=1001"
  watch the topic:  mysql-fixtures/kafka.sh consume --topic $TOPIC --property print.key=true
  stop everything:  bash scripts/quickstart.sh --stop   (stops cdc, Kafka and MariaDB)
EOF
