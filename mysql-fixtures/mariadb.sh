#!/usr/bin/env bash
# Throwaway MariaDB 10.11 (Debian's mariadbd) for integration tests and the quickstart.
#
# Why: tests need a real server with a ROW/FULL binlog on loopback, started the same way on a
# laptop and in CI, without touching the system MariaDB service or /etc/mysql.
# What: one server in a scratch dir, settings from mysql-fixtures/mariadb.cnf, TCP on
# 127.0.0.1 only plus a socket in the scratch dir; users `cdc` (Debezium's grants) and
# `cdcadmin` (everything, for tests) are (re)created idempotently on every start.
#
# Usage: mysql-fixtures/mariadb.sh start|stop|status|client [mariadb args...]|env|reset
#   start    initialise the datadir if missing, start (or reuse) the server, ensure users
#   stop     clean shutdown (mariadb-admin shutdown), SIGTERM/SIGKILL only as last resort
#   status   exit 0 when the server answers on its TCP port
#   client   run the `mariadb` client as cdcadmin over TCP with the remaining args, e.g.
#            mariadb.sh client -e 'select 1'      mariadb.sh client inventory < file.sql
#   env      print shell exports (eval "$(mysql-fixtures/mariadb.sh env)")
#   reset    stop and delete the scratch dir (fresh datadir and binlogs on next start)
# Environment: CDC_SCRATCH (default /tmp/cdc-scratch), MARIADB_PORT (default 33306),
#   MARIADB_CNF (default mysql-fixtures/mariadb.cnf).
set -euo pipefail

FIXTURES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SCRATCH_ROOT=${CDC_SCRATCH:-/tmp/cdc-scratch}
DIR=$SCRATCH_ROOT/mariadb
DATADIR=$DIR/data
SOCKET=$DIR/mariadb.sock
PIDFILE=$DIR/mariadb.pid
ERRLOG=$DIR/mariadb.err
OUTLOG=$DIR/mariadbd.out
HOST=127.0.0.1
PORT=${MARIADB_PORT:-33306}
CNF=${MARIADB_CNF:-$FIXTURES_DIR/mariadb.cnf}
OS_USER=$(id -un)

CDC_USER=cdc CDC_PASSWORD=cdc
ADMIN_USER=cdcadmin ADMIN_PASSWORD=cdcadmin
READY_TIMEOUT=${MARIADB_READY_TIMEOUT:-60}

log() { printf '[mariadb] %s\n' "$*"; }
die() { printf '[mariadb] ERROR: %s\n' "$*" >&2; exit 1; }
# shellcheck source=mysql-fixtures/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"


need_bins() {
  MARIADBD=$(find_bin mariadbd mysqld) ||
    die "mariadbd not found; install it with: bash scripts/install-deps.sh (package mariadb-server)"
  INSTALL_DB=$(find_bin mariadb-install-db mysql_install_db) ||
    die "mariadb-install-db not found; run: bash scripts/install-deps.sh"
  ADMIN=$(find_bin mariadb-admin mysqladmin) ||
    die "mariadb-admin not found; run: bash scripts/install-deps.sh (package mariadb-client)"
  CLIENT=$(find_bin mariadb mysql) ||
    die "mariadb client not found; run: bash scripts/install-deps.sh (package mariadb-client)"
}

# true when $1 is the pid of a live process (a zombie left by a killed server is not live)

# pid of our server from the pid file, if that process is alive and is a mariadbd
server_pid() {
  local pid
  [[ -s $PIDFILE ]] || return 1
  pid=$(<"$PIDFILE")
  alive "$pid" || return 1
  grep -qE 'mariadbd|mysqld' "/proc/$pid/comm" 2>/dev/null || return 1
  echo "$pid"
}

# true when something speaks the MariaDB protocol on our TCP port. An error packet from the
# server (1045 access denied, 1130 host not allowed: users not created yet) still means it
# answers; only "can't connect" / lost connection / timeout mean it does not.
answers_tcp() {
  local out
  if out=$("$ADMIN" --no-defaults --protocol=TCP -h "$HOST" -P "$PORT" -u "$ADMIN_USER" \
      --connect-timeout=2 ping 2>&1); then
    return 0
  fi
  [[ $out =~ (error\ packet|ERROR\ 1045|ERROR\ 1130|1045\ -|1130\ -|Access\ denied|not\ allowed\ to\ connect) ]]
}

# SQL as the server's superuser over the socket (unix_socket auth for the OS user)
root_sql() {
  "$CLIENT" --no-defaults --protocol=SOCKET --socket="$SOCKET" -u "$OS_USER" --batch "$@"
}

check_socket_path() {
  # sun_path is 108 bytes on Linux
  if ((${#SOCKET} > 100)); then
    die "socket path too long (${#SOCKET} chars): $SOCKET; use a shorter CDC_SCRATCH"
  fi
}

init_datadir() {
  [[ -d $DATADIR/mysql ]] && return 0
  log "initialising datadir $DATADIR with $(basename "$INSTALL_DB")"
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
}

launch() {
  local args=(
    --defaults-file="$CNF"
    --datadir="$DATADIR" --socket="$SOCKET" --port="$PORT" --bind-address="$HOST"
    --pid-file="$PIDFILE" --log-error="$ERRLOG" --tmpdir="$DIR/tmp"
  )
  ((EUID == 0)) && args+=(--user=root)  # mariadbd refuses to run as root without it
  [[ -r $CNF ]] || die "server settings file not readable: $CNF"
  rm -f "$PIDFILE"
  log "starting $("$MARIADBD" --version | sed 's/^.*Ver //') on $HOST:$PORT"
  # setsid: the server outlives the calling shell/job (CI step, ctest, terminal)
  setsid "$MARIADBD" "${args[@]}" </dev/null >>"$OUTLOG" 2>&1 &
  LAUNCHER_PID=$!
}

wait_ready() {
  local deadline=$((SECONDS + READY_TIMEOUT)) pid
  while ((SECONDS < deadline)); do
    if "$ADMIN" --no-defaults --socket="$SOCKET" -u "$OS_USER" --connect-timeout=2 ping \
        >/dev/null 2>&1 && answers_tcp; then
      return 0
    fi
    pid=$(server_pid || true)
    if [[ -z $pid ]] && ! alive "${LAUNCHER_PID:-}" && ((SECONDS > 2)); then
      # give the pid file a moment, then conclude the server died
      sleep 1
      if ! server_pid >/dev/null; then
        log "server exited during start-up; last lines of $ERRLOG:" >&2
        tail -n 30 "$ERRLOG" "$OUTLOG" >&2 2>/dev/null || true
        die "MariaDB failed to start"
      fi
    fi
    sleep 0.5
  done
  tail -n 30 "$ERRLOG" >&2 2>/dev/null || true
  die "MariaDB did not answer within ${READY_TIMEOUT}s (log: $ERRLOG)"
}

ensure_users() {
  local hosts=("%" "localhost" "127.0.0.1") h sql=""
  # sql_log_bin=0: fixture bookkeeping must not show up in the binlog the tests stream.
  sql+="SET SESSION sql_log_bin=0;"
  for h in "${hosts[@]}"; do
    sql+="CREATE USER IF NOT EXISTS '$CDC_USER'@'$h' IDENTIFIED BY '$CDC_PASSWORD';"
    sql+="ALTER USER '$CDC_USER'@'$h' IDENTIFIED BY '$CDC_PASSWORD';"
    # Debezium's documented grants; on 10.11 REPLICATION CLIENT is an alias of BINLOG MONITOR
    sql+="GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '$CDC_USER'@'$h';"
    sql+="CREATE USER IF NOT EXISTS '$ADMIN_USER'@'$h' IDENTIFIED BY '$ADMIN_PASSWORD';"
    sql+="ALTER USER '$ADMIN_USER'@'$h' IDENTIFIED BY '$ADMIN_PASSWORD';"
    sql+="GRANT ALL PRIVILEGES ON *.* TO '$ADMIN_USER'@'$h' WITH GRANT OPTION;"
  done
  root_sql -e "$sql" || die "could not create users cdc/cdcadmin"
  # Explicit BINLOG MONITOR where the server knows it (MariaDB >= 10.5.2); harmless if not.
  for h in "${hosts[@]}"; do
    root_sql -e "SET SESSION sql_log_bin=0; GRANT BINLOG MONITOR ON *.* TO '$CDC_USER'@'$h';" \
      >/dev/null 2>&1 || true
  done
  # prove the accounts work the way tests use them: over TCP
  MYSQL_PWD=$CDC_PASSWORD "$CLIENT" --no-defaults --protocol=TCP -h "$HOST" -P "$PORT" \
    -u "$CDC_USER" -e 'SHOW BINARY LOGS' >/dev/null ||
    die "user $CDC_USER cannot connect over TCP or lacks binlog privileges"
  MYSQL_PWD=$ADMIN_PASSWORD "$CLIENT" --no-defaults --protocol=TCP -h "$HOST" -P "$PORT" \
    -u "$ADMIN_USER" -e 'SELECT 1' >/dev/null ||
    die "user $ADMIN_USER cannot connect over TCP"
  log "users ready: $CDC_USER/$CDC_PASSWORD (replication), $ADMIN_USER/$ADMIN_PASSWORD (admin)"
}

cmd_start() {
  need_bins
  check_socket_path
  mkdir -p "$DIR/tmp"
  local pid
  if pid=$(server_pid); then
    if answers_tcp; then
      log "already running (pid $pid) on $HOST:$PORT"
    else
      log "process $pid exists but does not answer yet; waiting"
      wait_ready
    fi
  else
    if answers_tcp; then
      die "port $PORT on $HOST is already served by another MariaDB/MySQL (not ours: no live pid in $PIDFILE); stop it or set MARIADB_PORT"
    fi
    if command -v nc >/dev/null 2>&1 && nc -z "$HOST" "$PORT" 2>/dev/null; then
      die "port $PORT on $HOST is in use by another program; set MARIADB_PORT"
    fi
    init_datadir
    launch
    wait_ready
    log "started (pid $(server_pid || echo '?')), datadir $DATADIR"
  fi
  ensure_users
}

cmd_stop() {
  need_bins
  local pid
  if ! pid=$(server_pid); then
    log "not running"
    rm -f "$PIDFILE"
    return 0
  fi
  log "stopping pid $pid"
  "$ADMIN" --no-defaults --socket="$SOCKET" -u "$OS_USER" --connect-timeout=5 shutdown \
    >/dev/null 2>&1 || log "mariadb-admin shutdown failed; will signal the process"
  await_exit "$pid"
  rm -f "$PIDFILE"
  log "stopped"
}

cmd_status() {
  need_bins
  local pid
  if answers_tcp; then
    pid=$(server_pid || echo "not ours?")
    local version
    version=$(MYSQL_PWD=$ADMIN_PASSWORD "$CLIENT" --no-defaults --protocol=TCP -h "$HOST" \
      -P "$PORT" -u "$ADMIN_USER" -N -e 'SELECT VERSION()' 2>/dev/null || echo unknown)
    log "running: pid $pid, $HOST:$PORT, socket $SOCKET, version $version"
    return 0
  fi
  log "not answering on $HOST:$PORT"
  return 1
}

cmd_client() {
  need_bins
  MYSQL_PWD=$ADMIN_PASSWORD exec "$CLIENT" --no-defaults --protocol=TCP -h "$HOST" -P "$PORT" \
    -u "$ADMIN_USER" --default-character-set=utf8mb4 "$@"
}

cmd_env() {
  cat <<EOF
export MARIADB_HOST=$HOST
export MARIADB_PORT=$PORT
export MARIADB_SOCKET=$SOCKET
export MARIADB_USER=$CDC_USER
export MARIADB_PASSWORD=$CDC_PASSWORD
export MARIADB_ADMIN_USER=$ADMIN_USER
export MARIADB_ADMIN_PASSWORD=$ADMIN_PASSWORD
export MARIADB_DATADIR=$DATADIR
export CDC_TEST_MARIADB_HOST=$HOST
export CDC_TEST_MARIADB_PORT=$PORT
export CDC_TEST_MARIADB_SOCKET=$SOCKET
export CDC_TEST_MARIADB_USER=$CDC_USER
export CDC_TEST_MARIADB_PASSWORD=$CDC_PASSWORD
export CDC_TEST_MARIADB_ADMIN_USER=$ADMIN_USER
export CDC_TEST_MARIADB_ADMIN_PASSWORD=$ADMIN_PASSWORD
EOF
}

cmd_reset() {
  cmd_stop
  log "deleting $DIR"
  rm -rf "$DIR"
}

usage() {
  sed -n '/^# Usage:/,/^set -euo/{/^set -euo/d;p;}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

cmd=${1:-}
[[ $# -gt 0 ]] && shift
case $cmd in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  client) cmd_client "$@" ;;
  env) cmd_env ;;
  reset) cmd_reset ;;
  *) usage ;;
esac
