# Container image of the `cdc` service (used by compose.yaml).
# Stage 1 builds only the `cdc` binary (no tests, no benchmarks) on Debian 12 with the same
# -dev packages as scripts/install-deps.sh; stage 2 is debian:12-slim with the runtime
# libraries only, running as an unprivileged user.
#   docker build -t cdc:local .
#   docker run --rm -p 8083:8083 -v $PWD/worker.properties:/etc/cdc/worker.properties:ro cdc:local

FROM debian:12 AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      g++ cmake ninja-build pkg-config ca-certificates \
      librdkafka-dev libmariadb-dev rapidjson-dev libboost-dev libspdlog-dev libfmt-dev \
      zlib1g-dev libzstd-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake --preset default -DCDC_BUILD_TESTS=OFF -DCDC_BUILD_BENCH=OFF \
 && cmake --build --preset default --target cdc \
 && install -D -m 0755 -s build/default/cdc/cdc /out/cdc

FROM debian:12-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      librdkafka++1 libmariadb3 libspdlog1.10 libfmt9 zlib1g libzstd1 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /var/lib/cdc --shell /usr/sbin/nologin cdc
COPY --from=build /out/cdc /usr/local/bin/cdc
COPY mysql-fixtures/compose-worker.properties /etc/cdc/worker.properties
USER cdc
WORKDIR /var/lib/cdc
EXPOSE 8083
ENTRYPOINT ["/usr/local/bin/cdc"]
CMD ["standalone", "/etc/cdc/worker.properties"]
