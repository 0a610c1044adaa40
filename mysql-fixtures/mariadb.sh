#!/usr/bin/env bash
# Throwaway MariaDB 10.11 (Debian's mariadbd) for integration tests and the quickstart.
#
# Why: tests need a real server with a ROW/FULL binlog on loopback, started the same way on a
# laptop and in CI, without touching the system MariaDB service or /etc/mysql.
# What: one server per variant in a scratch dir, settings from mysql-fixtures/mariadb.cnf (+ the
# variant's cnf), TCP on 127.0.0.1 only plus a socket in the scratch dir; users `cdc`
# (Debezium's grants) and `cdcadmin` (everything, for tests) are (re)created idempotently on
# every start.
#
# Usage: mysql-fixtures/mariadb.sh [--variant NAME] start|stop|status|client [mariadb args...]|env|reset
#   start    initialise the datadir if missing, start (or reuse) the server, ensure users
#   stop     clean shutdown (mariadb-admin shutdown), SIGTERM/SIGKILL only as last resort
#   status   exit 0 when the server answers on its TCP port
#   client   run the `mariadb` client as cdcadmin over TCP with the remaining args, e.g.
#            mariadb.sh client -e 'select 1'      mariadb.sh client inventory < file.sql
#   env      print shell exports (eval "$(mysql-fixtures/mariadb.sh env)")
#   reset    stop and delete the variant's scratch dir (fresh datadir and binlogs on next start)
# Variants (--variant NAME, or MARIADB_VARIANT=NAME), each its own server, port, server_id and
# datadir:
#   default           port 33306  server_id 1   mariadb.cnf as is (ROW, FULL image, FULL metadata)
#   metadata_minimal  port 33311  server_id 11  + binlog_row_metadata=MINIMAL   (mariadb-metadata_minimal.cnf)
#   compressed        port 33312  server_id 12  + log_bin_compress=ON, min len 10 (mariadb-compressed.cnf)
# Environment: CDC_SCRATCH (default /tmp/cdc-scratch), MARIADB_VARIANT (default `default`),
#   MARIADB_PORT / MARIADB_METADATA_MINIMAL_PORT / MARIADB_COMPRESSED_PORT,
#   MARIADB_CNF (default mysql-fixtures/mariadb.cnf), MARIADB_READY_TIMEOUT (default 60 s).
set -euo pipefail

FIXTURES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

log() { printf '[mariadb%s] %s\n' "${VARIANT_TAG:-}" "$*"; }
die() { printf '[mariadb%s] ERROR: %s\n' "${VARIANT_TAG:-}" "$*" >&2; exit 1; }
# shellcheck source=mysql-fixtures/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  sed -n '/^# Usage:/,/^set -euo/{/^set -euo/d;p;}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

parse_variant_args "${MARIADB_VARIANT:-default}" "$@"
case $VARIANT in
  default | "") VARIANT=default PREFIX=MARIADB DEFAULT_PORT=33306 DIRNAME=mariadb ;;
  metadata_minimal) PREFIX=MARIADB_METADATA_MINIMAL DEFAULT_PORT=33311 DIRNAME=mariadb-metadata_minimal ;;
  compressed) PREFIX=MARIADB_COMPRESSED DEFAULT_PORT=33312 DIRNAME=mariadb-compressed ;;
  *) die "unknown variant '$VARIANT' (default, metadata_minimal, compressed)" ;;
esac
select_port "$DEFAULT_PORT"

SCRATCH_ROOT=${CDC_SCRATCH:-/tmp/cdc-scratch}
DIR=$SCRATCH_ROOT/$DIRNAME
DATADIR=$DIR/data
SOCKET=$DIR/mariadb.sock
PIDFILE=$DIR/mariadb.pid
ERRLOG=$DIR/mariadb.err
OUTLOG=$DIR/mariadbd.out
HOST=127.0.0.1
BASE_CNF=${MARIADB_CNF:-$FIXTURES_DIR/mariadb.cnf}
if [[ $VARIANT == default ]]; then
  # the settings file is used as it is
  VARIANT_CNF='' GEN_CNF='' CNF=$BASE_CNF
else
  # mariadb.cnf + the variant's file, written into the scratch dir on every start
  VARIANT_CNF=$FIXTURES_DIR/mariadb-$VARIANT.cnf
  VARIANT_TAG=":$VARIANT"
  GEN_CNF=$DIR/my.cnf CNF=$DIR/my.cnf
fi
OS_USER=$(id -un)
SERVER_NAME=MariaDB
SERVER_COMM='mariadbd|mysqld'

CDC_USER=cdc CDC_PASSWORD=cdc
ADMIN_USER=cdcadmin ADMIN_PASSWORD=cdcadmin
READY_TIMEOUT=${MARIADB_READY_TIMEOUT:-60}

need_tools() {
  MARIADBD=$(find_bin mariadbd mysqld) ||
    die "mariadbd not found; install it with: bash scripts/install-deps.sh (package mariadb-server)"
  INSTALL_DB=$(find_bin mariadb-install-db mysql_install_db) ||
    die "mariadb-install-db not found; run: bash scripts/install-deps.sh"
  ADMIN=$(find_bin mariadb-admin mysqladmin) ||
    die "mariadb-admin not found; run: bash scripts/install-deps.sh (package mariadb-client)"
  CLIENT=$(find_bin mariadb mysql) ||
    die "mariadb client not found; run: bash scripts/install-deps.sh (package mariadb-client)"
}

# SQL as the server's superuser over the socket (unix_socket auth for the OS user)
root_sql() {
  "$CLIENT" --no-defaults --protocol=SOCKET --socket="$SOCKET" -u "$OS_USER" --batch "$@"
}

answers_socket() {
  "$ADMIN" --no-defaults --socket="$SOCKET" -u "$OS_USER" --connect-timeout=2 ping >/dev/null 2>&1
}

request_shutdown() {
  "$ADMIN" --no-defaults --socket="$SOCKET" -u "$OS_USER" --connect-timeout=5 shutdown \
    >/dev/null 2>&1 || log "mariadb-admin shutdown failed; will signal the process"
}

# Explicit BINLOG MONITOR where the server knows it (MariaDB >= 10.5.2; on 10.11 REPLICATION
# CLIENT is an alias of it); harmless if not.
extra_grants() {
  local h
  for h in "$@"; do
    root_sql -e "SET SESSION sql_log_bin=0; GRANT BINLOG MONITOR ON *.* TO '$CDC_USER'@'$h';" \
      >/dev/null 2>&1 || true
  done
}

init_datadir() {
  [[ -d $DATADIR/mysql ]] && return 0
  log "initialising datadir $DATADIR with $(basename "$INSTALL_DB")"
  local start=$SECONDS
  rm -rf "$DATADIR.tmp"
  mkdir -p "$DATADIR.tmp"
  # --no-defaults: the bootstrap must not write our binlog or read /etc/mysql.
  if ! "$INSTALL_DB" --no-defaults --datadir="$DATADIR.tmp" --user="$OS_USER" \
      --auth-root-authentication-method=socket --auth-root-socket-user="$OS_USER" \
      --skip-test-db --skip-name-resolve >"$DIR/install-db.log" 2>&1; then
    cat "$DIR/install-db.log" >&2
    die "mariadb-install-db failed (log: $DIR/install-db.log)"
  fi
  mv "$DATADIR.tmp" "$DATADIR"
  log "initialised in $((SECONDS - start))s"
}

prepare_server() {
  init_datadir
  if [[ -n $GEN_CNF ]]; then db_write_cnf; fi
}

launch() {
  local args=(
    --defaults-file="$CNF"
    --datadir="$DATADIR" --socket="$SOCKET" --port="$PORT" --bind-address="$HOST"
    --pid-file="$PIDFILE" --log-error="$ERRLOG" --tmpdir="$DIR/tmp"
  )
  ((EUID == 0)) && args+=(--user=root)  # mariadbd refuses to run as root without it
  [[ -r $CNF ]] || die "server settings file not readable: $CNF"
  log "starting $("$MARIADBD" --version | sed 's/^.*Ver //') on $HOST:$PORT"
  spawn_server "$MARIADBD" "${args[@]}"
}

cmd_start() {
  mkdir -p "$DIR/tmp"
  db_start
}

case $CMD in
  start) cmd_start ;;
  stop) db_stop ;;
  status) db_status ;;
  client) db_client "${CMD_ARGS[@]}" ;;
  env) db_env ;;
  reset) db_reset ;;
  *) usage ;;
esac
