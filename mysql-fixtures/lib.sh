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
