#include "temporal.h"

#include <cstdio>

namespace cdc {

void append_zoned_timestamp(std::string& out, int64_t epoch_seconds, uint32_t micros, unsigned fsp) {
  int64_t days = epoch_seconds / 86400;
  int64_t secs = epoch_seconds % 86400;
  if (secs < 0) {
    secs += 86400;
    --days;
  }
  const CivilDate date = civil_from_days(days);
  char buf[48];
  int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d", static_cast<long long>(date.year),
                        date.month, date.day, static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                        static_cast<int>(secs % 60));
  out.append(buf, static_cast<size_t>(n));
  if (fsp > 0) {
    char frac[16];
    std::snprintf(frac, sizeof frac, "%06u", micros % 1000000);
    out.push_back('.');
    out.append(frac, fsp < 6 ? fsp : 6);
  }
  out.push_back('Z');
}

}  // namespace cdc
