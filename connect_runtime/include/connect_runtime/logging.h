// spdlog set-up shared by the worker and the binary.
#pragma once

#include <memory>

#include <spdlog/spdlog.h>

namespace connect_runtime {

// Sets one pattern for every logger ("2026-01-01 12:00:00.123 INFO  [connect] message") and the
// level from env CDC_LOG_LEVEL (trace, debug, info, warn, error, critical, off; default info;
// an unknown value logs a warning and uses info). Idempotent; call early in main().
void init_logging();

// The worker's logger, named "connect". Messages about a connector or task start with
// Connect's MDC-style prefix "[<connector>|task-<n>]" or "[<connector>]".
std::shared_ptr<spdlog::logger> logger();

}  // namespace connect_runtime
