// Calendar arithmetic for Debezium's temporal types (proleptic Gregorian, UTC).
#pragma once

#include <cstdint>
#include <string>

namespace cdc {

// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm).
constexpr int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct CivilDate {
  int64_t year;
  unsigned month, day;
};

constexpr CivilDate civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

// ISO-8601 UTC text as Debezium's ZonedTimestamp writes a TIMESTAMP(fsp) value: exactly `fsp`
// fraction digits, zeros included ("2018-06-20T13:37:03.120Z" for fsp 3, DBZ-5996), none for
// fsp 0 ("2018-06-20T13:37:03Z").
void append_zoned_timestamp(std::string& out, int64_t epoch_seconds, uint32_t micros, unsigned fsp);

}  // namespace cdc
