#include "connect_runtime/logging.h"

#include <cstdlib>
#include <mutex>
#include <string>

#include <spdlog/sinks/stdout_color_sinks.h>

namespace connect_runtime {
namespace {
constexpr const char* kPattern = "%Y-%m-%d %H:%M:%S.%e %^%-5l%$ [%n] %v";
}

void init_logging() {
  static std::once_flag once;
  std::call_once(once, [] {
    spdlog::set_pattern(kPattern);
    spdlog::level::level_enum level = spdlog::level::info;
    std::string bad;
    if (const char* env = std::getenv("CDC_LOG_LEVEL"); env != nullptr && *env != '\0') {
      std::string v = env;
      for (auto& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      auto parsed = spdlog::level::from_str(v);
      // from_str maps unknown names to `off`; only accept `off` when it was asked for.
      if (parsed == spdlog::level::off && v != "off") {
        bad = env;
      } else {
        level = parsed;
      }
    }
    spdlog::set_level(level);
    logger();  // make sure "connect" exists with the pattern and level
    spdlog::set_pattern(kPattern);
    spdlog::set_level(level);
    if (!bad.empty()) {
      logger()->warn("CDC_LOG_LEVEL={} is not a level (trace, debug, info, warn, error, critical, "
                     "off); using info", bad);
    }
  });
}

std::shared_ptr<spdlog::logger> logger() {
  static std::shared_ptr<spdlog::logger> log = [] {
    if (auto existing = spdlog::get("connect")) return existing;
    auto l = spdlog::stderr_color_mt("connect");
    l->set_pattern(kPattern);
    return l;
  }();
  return log;
}

}  // namespace connect_runtime
