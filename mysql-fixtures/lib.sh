#!/usr/bin/env bash
# shellcheck shell=bash
# Shell functions shared by the server scripts in this folder (sourced, not run). Each script
# defines its own log() and die() with its tag before sourcing this file.

# True when $1 is the pid of a live (not zombie) process: a killed server's zombie must not
# look alive, or `start` would wait for it instead of starting a new one.
alive() {
  local state
  [[ ${1:-} =~ ^[1-9][0-9]*$ ]] || return 1
  kill -0 "$1" 2>/dev/null || return 1
  state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null || true)
  [[ $state != Z && $state != X ]]
}

# The first of the names found in PATH or the sbin dirs (mariadbd lives in /usr/sbin).
find_bin() {
  local name dir
  for name in "$@"; do
    if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
    for dir in /usr/sbin /usr/local/sbin /sbin; do
      [[ -x $dir/$name ]] && { echo "$dir/$name"; return 0; }
    done
  done
  return 1
}

# Sets JAVA: $KAFKA_JAVA, Debian's Java 17, or the java in PATH.
find_java() {
  if [[ -n ${KAFKA_JAVA:-} ]]; then JAVA=$KAFKA_JAVA
  elif [[ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]]; then JAVA=/usr/lib/jvm/java-17-openjdk-amd64/bin/java
  elif command -v java >/dev/null 2>&1; then JAVA=$(command -v java)
  else die "java not found; run: bash scripts/install-deps.sh (package openjdk-17-jre-headless)"
  fi
}

# Maven with that Java, quiet and in batch mode; Debian's mvn 3.8.7 prints stray colour resets
# even with -B, which are filtered without hiding mvn's exit status.
run_mvn() {
  local rc
  set +o pipefail
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$JAVA")")") mvn -q -B "$@" 2>&1 |
    sed -u $'s/\e\\[0m//g'
  rc=${PIPESTATUS[0]}
  set -o pipefail
  return "$rc"
}

# Prints curl's error and returns non-zero when the URL (on Maven Central) cannot be fetched.
probe_url() {
  curl -sS -o /dev/null --connect-timeout 10 --max-time 30 -f "$1" 2>&1
}

# After a clean shutdown was requested: wait up to 60 s for pid $1 to exit, then SIGTERM
# (unless $2 is "no-term", when SIGTERM was the request), then SIGKILL as the last resort.
await_exit() {
  local pid=$1 deadline
  deadline=$((SECONDS + 60))
  while alive "$pid" && ((SECONDS < deadline)); do sleep 0.5; done
  if alive "$pid" && [[ ${2:-} != no-term ]]; then
    log "still running after 60s; sending SIGTERM"
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 30))
    while alive "$pid" && ((SECONDS < deadline)); do sleep 0.5; done
  fi
  if alive "$pid"; then
    log "still running; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 1
  fi
}

# ---- MariaDB and MySQL 8 (mariadb.sh, mysql8.sh) ------------------------------------------
# The servers of both scripts are run and checked the same way. The db_* functions use the
# script's variables HOST PORT PORT_VAR SOCKET DIR DATADIR PIDFILE ERRLOG OUTLOG READY_TIMEOUT
# PREFIX VARIANT SERVER_NAME SERVER_COMM (regex for /proc/<pid>/comm) CDC_USER CDC_PASSWORD
# ADMIN_USER ADMIN_PASSWORD, the tools ADMIN and CLIENT, and these functions of the script:
#   need_tools        sets ADMIN, CLIENT (and whatever else the commands need) or dies
#   root_sql ARGS     the client as the server's superuser over the socket
#   answers_socket    true when the superuser can ping the server over the socket
#   request_shutdown  asks for a clean shutdown (logs when it could not)
#   prepare_server    everything before the first launch (binaries, datadir, settings file)
#   launch            starts the server in the background (spawn_server), sets LAUNCHER_PID
#   extra_grants H..  optional: more grants for the cdc account on hosts H.. (after the users)

# Variant selection: `--variant NAME` / `--variant=NAME` before the command or right after it
# (not after `client`: its arguments are the client's); $1 is the default (the script's
# <NAME>_VARIANT variable, else "default"). Sets VARIANT, CMD and the array CMD_ARGS.
parse_variant_args() {
  VARIANT=$1
  shift
  take_variant_option "$@"
  shift "$TAKEN"
  CMD=${1:-}
  if (($# > 0)); then shift; fi
  if [[ $CMD != client ]]; then
    take_variant_option "$@"
    shift "$TAKEN"
  fi
  # shellcheck disable=SC2034  # read by the sourcing script
  CMD_ARGS=("$@")
}
take_variant_option() {
  TAKEN=0
  case ${1:-} in
    --variant) [[ -n ${2:-} ]] || die "--variant needs a name"; VARIANT=$2; TAKEN=2 ;;
    --variant=*) VARIANT=${1#--variant=}; TAKEN=1 ;;
  esac
}

# Sets PORT_VAR=<PREFIX>_PORT and PORT from it, else $1.
select_port() {
  PORT_VAR=${PREFIX}_PORT
  PORT=${!PORT_VAR:-$1}
  [[ $PORT =~ ^[0-9]+$ ]] || die "$PORT_VAR must be a port number, got '$PORT'"
}

# pid of our server from the pid file, if that process is alive and is the server
db_server_pid() {
  local pid
  [[ -s $PIDFILE ]] || return 1
  pid=$(<"$PIDFILE")
  alive "$pid" || return 1
  grep -qE "$SERVER_COMM" "/proc/$pid/comm" 2>/dev/null || return 1
  echo "$pid"
}

# True when something speaks the MySQL protocol on our TCP port. An error packet from the
# server (1045 access denied, 1130 host not allowed: users not created yet) still means it
# answers; only "can't connect" / lost connection / timeout mean it does not.
db_answers_tcp() {
  local out
  if out=$("$ADMIN" --no-defaults --protocol=TCP -h "$HOST" -P "$PORT" -u "$ADMIN_USER" \
      --connect-timeout=2 ping 2>&1); then
    return 0
  fi
  [[ $out =~ (error\ packet|ERROR\ 1045|ERROR\ 1130|1045\ -|1130\ -|Access\ denied|not\ allowed\ to\ connect) ]]
}

db_check_socket_path() {
  # sun_path is 108 bytes on Linux
  if ((${#SOCKET} > 100)); then
    die "socket path too long (${#SOCKET} chars): $SOCKET; use a shorter CDC_SCRATCH"
  fi
}

# Writes $GEN_CNF: $BASE_CNF followed by $VARIANT_CNF (when set), whose settings win.
db_write_cnf() {
  [[ -r $BASE_CNF ]] || die "server settings file not readable: $BASE_CNF"
  {
    echo "# Generated by mysql-fixtures/$(basename "$0") from $BASE_CNF${VARIANT_CNF:+ and $VARIANT_CNF}; regenerated on every start."
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

# Starts "$@" in the background in its own session (setsid: the server outlives the calling
# shell, CI step, ctest or terminal); LAUNCHER_PID is the launched process.
spawn_server() {
  rm -f "$PIDFILE"
  setsid "$@" </dev/null >>"$OUTLOG" 2>&1 &
  LAUNCHER_PID=$!
}

db_wait_ready() {
  local deadline=$((SECONDS + READY_TIMEOUT)) pid
  while ((SECONDS < deadline)); do
    if answers_socket && db_answers_tcp; then
      return 0
    fi
    pid=$(db_server_pid || true)
    if [[ -z $pid ]] && ! alive "${LAUNCHER_PID:-}" && ((SECONDS > 2)); then
      # give the pid file a moment, then conclude the server died
      sleep 1
      if ! db_server_pid >/dev/null; then
        log "server exited during start-up; last lines of $ERRLOG:" >&2
        tail -n 30 "$ERRLOG" "$OUTLOG" >&2 2>/dev/null || true
        die "$SERVER_NAME failed to start"
      fi
    fi
    sleep 0.5
  done
  tail -n 30 "$ERRLOG" >&2 2>/dev/null || true
  die "$SERVER_NAME did not answer within ${READY_TIMEOUT}s (log: $ERRLOG)"
}

# (Re)creates the accounts the tests use and proves they work over TCP.
db_ensure_users() {
  local hosts=("%" "localhost" "127.0.0.1") h sql=""
  # sql_log_bin=0: fixture bookkeeping must not show up in the binlog the tests stream (nor,
  # on MySQL 8, use up a GTID).
  sql+="SET SESSION sql_log_bin=0;"
  for h in "${hosts[@]}"; do
    sql+="CREATE USER IF NOT EXISTS '$CDC_USER'@'$h' IDENTIFIED BY '$CDC_PASSWORD';"
    sql+="ALTER USER '$CDC_USER'@'$h' IDENTIFIED BY '$CDC_PASSWORD';"
    # Debezium's documented grants
    sql+="GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '$CDC_USER'@'$h';"
    sql+="CREATE USER IF NOT EXISTS '$ADMIN_USER'@'$h' IDENTIFIED BY '$ADMIN_PASSWORD';"
    sql+="ALTER USER '$ADMIN_USER'@'$h' IDENTIFIED BY '$ADMIN_PASSWORD';"
    sql+="GRANT ALL PRIVILEGES ON *.* TO '$ADMIN_USER'@'$h' WITH GRANT OPTION;"
  done
  root_sql -e "$sql" || die "could not create users cdc/cdcadmin"
  if declare -F extra_grants >/dev/null; then extra_grants "${hosts[@]}"; fi
  # prove the accounts work the way tests use them: over TCP
  MYSQL_PWD=$CDC_PASSWORD "$CLIENT" --no-defaults --protocol=TCP -h "$HOST" -P "$PORT" \
    -u "$CDC_USER" -e 'SHOW BINARY LOGS' >/dev/null ||
    die "user $CDC_USER cannot connect over TCP or lacks binlog privileges"
  MYSQL_PWD=$ADMIN_PASSWORD "$CLIENT" --no-defaults --protocol=TCP -h "$HOST" -P "$PORT" \
    -u "$ADMIN_USER" -e 'SELECT 1' >/dev/null ||
    die "user $ADMIN_USER cannot connect over TCP"
  log "users ready: $CDC_USER/$CDC_PASSWORD (replication), $ADMIN_USER/$ADMIN_PASSWORD (admin)"
}

# The `<script> [--variant V]` that names this server in messages.
db_self() { echo "$(basename "$0")${VARIANT_TAG:+ --variant $VARIANT}"; }

db_start() {
  need_tools
  db_check_socket_path
  local pid running_port start
  if pid=$(db_server_pid); then
    running_port=$(root_sql -N -e 'SELECT @@port' 2>/dev/null || true)
    if [[ -n $running_port && $running_port != "$PORT" ]]; then
      die "our server (pid $pid, $DIR) is running on port $running_port, not $PORT; stop it first ($(db_self) stop) or leave $PORT_VAR unset"
    fi
    if db_answers_tcp; then
      log "already running (pid $pid) on $HOST:$PORT"
    else
      log "process $pid exists but does not answer yet; waiting"
      db_wait_ready
    fi
  else
    if db_answers_tcp; then
      die "port $PORT on $HOST is already served by another MariaDB/MySQL (not ours: no live pid in $PIDFILE); stop it or set $PORT_VAR"
    fi
    if command -v nc >/dev/null 2>&1 && nc -z "$HOST" "$PORT" 2>/dev/null; then
      die "port $PORT on $HOST is in use by another program; set $PORT_VAR"
    fi
    prepare_server
    start=$SECONDS
    launch
    db_wait_ready
    log "started (pid $(db_server_pid || echo '?')) in $((SECONDS - start))s, datadir $DATADIR"
  fi
  db_ensure_users
}

db_stop() {
  need_tools
  local pid
  if ! pid=$(db_server_pid); then
    log "not running"
    rm -f "$PIDFILE"
    return 0
  fi
  log "stopping pid $pid"
  request_shutdown
  await_exit "$pid"
  rm -f "$PIDFILE"
  log "stopped"
}

db_status() {
  need_tools
  local pid version
  if db_answers_tcp; then
    pid=$(db_server_pid || echo "not ours?")
    version=$(MYSQL_PWD=$ADMIN_PASSWORD "$CLIENT" --no-defaults --protocol=TCP -h "$HOST" \
      -P "$PORT" -u "$ADMIN_USER" -N -e 'SELECT VERSION()' 2>/dev/null || echo unknown)
    log "running: pid $pid, $HOST:$PORT, socket $SOCKET, version $version"
    return 0
  fi
  log "not answering on $HOST:$PORT"
  return 1
}

db_client() {
  need_tools
  MYSQL_PWD=$ADMIN_PASSWORD exec "$CLIENT" --no-defaults --protocol=TCP -h "$HOST" -P "$PORT" \
    -u "$ADMIN_USER" --default-character-set=utf8mb4 "$@"
}

# <PREFIX>_* for scripts and people, CDC_TEST_<PREFIX>_* for the integration tests.
db_env() {
  cat <<ENV
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
ENV
}

db_reset() {
  db_stop
  log "deleting $DIR"
  rm -rf "$DIR"
}
