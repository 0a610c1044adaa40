#include "temporal.h"

#include "byte_reader.h"

namespace binlog::detail {
namespace {

constexpr int64_t kTimeIntOffset = 0x800000;
constexpr int64_t kTimeOffset = 0x800000000000LL;
constexpr int64_t kDatetimeIntOffset = 0x8000000000LL;
constexpr int64_t kFracUnit = int64_t{1} << 24;
constexpr uint32_t kMaxMicros = 999999;

// Unsigned fraction in microseconds for DATETIME2/TIMESTAMP2.
uint32_t fraction_micros(const uint8_t* p, unsigned fsp) {
  switch (fraction_bytes(fsp)) {
    case 1: return static_cast<uint32_t>(p[0]) * 10000;
    case 2: return static_cast<uint32_t>(be_n(p, 2)) * 100;
    case 3: return static_cast<uint32_t>(be_n(p, 3));
    default: return 0;
  }
}

}  // namespace

void decode_date(const uint8_t* p, Value& v) {
  const uint32_t x = le24(p);
  v.kind = ValueKind::date;
  v.day = static_cast<uint8_t>(x & 31);
  v.month = static_cast<uint8_t>((x >> 5) & 15);
  v.year = static_cast<uint16_t>(x >> 9);
}

void decode_time(const uint8_t* p, Value& v) {
  int32_t x = static_cast<int32_t>(le24(p));
  if (x & 0x800000) x -= 0x1000000;
  v.kind = ValueKind::time;
  v.negative = x < 0;
  const uint32_t a = static_cast<uint32_t>(x < 0 ? -x : x);
  v.hour = a / 10000;
  v.minute = static_cast<uint8_t>(a / 100 % 100);
  v.second = static_cast<uint8_t>(a % 100);
  v.micros = 0;
}

void decode_datetime(const uint8_t* p, Value& v) {
  const uint64_t x = le64(p);
  const uint64_t date = x / 1000000, time = x % 1000000;
  v.kind = ValueKind::datetime;
  v.year = static_cast<uint16_t>(date / 10000 % 10000);
  v.month = static_cast<uint8_t>(date / 100 % 100);
  v.day = static_cast<uint8_t>(date % 100);
  v.hour = static_cast<uint32_t>(time / 10000);
  v.minute = static_cast<uint8_t>(time / 100 % 100);
  v.second = static_cast<uint8_t>(time % 100);
  v.micros = 0;
}

bool decode_time2(const uint8_t* p, unsigned fsp, Value& v) {
  int64_t packed = 0;
  const int64_t intpart = static_cast<int64_t>(be_n(p, 3)) - kTimeIntOffset;
  switch (fraction_bytes(fsp)) {
    case 0:
      packed = intpart * kFracUnit;
      break;
    case 1: {
      int64_t ip = intpart;
      int64_t frac = p[3];
      if (ip < 0 && frac != 0) {
        ++ip;
        frac -= 0x100;
      }
      packed = ip * kFracUnit + frac * 10000;
      break;
    }
    case 2: {
      int64_t ip = intpart;
      int64_t frac = static_cast<int64_t>(be_n(p + 3, 2));
      if (ip < 0 && frac != 0) {
        ++ip;
        frac -= 0x10000;
      }
      packed = ip * kFracUnit + frac * 100;
      break;
    }
    default:
      packed = static_cast<int64_t>(be_n(p, 6)) - kTimeOffset;
      break;
  }
  v.kind = ValueKind::time;
  v.fsp = static_cast<uint8_t>(fsp);
  v.negative = packed < 0;
  const uint64_t a = static_cast<uint64_t>(packed < 0 ? -packed : packed);
  const uint64_t hms = a >> 24;
  v.micros = static_cast<uint32_t>(a % static_cast<uint64_t>(kFracUnit));
  v.hour = static_cast<uint32_t>((hms >> 12) % 1024);
  v.minute = static_cast<uint8_t>((hms >> 6) % 64);
  v.second = static_cast<uint8_t>(hms % 64);
  return v.micros <= kMaxMicros;
}

bool decode_datetime2(const uint8_t* p, unsigned fsp, Value& v) {
  const int64_t intpart = static_cast<int64_t>(be_n(p, 5)) - kDatetimeIntOffset;
  const uint32_t micros = fraction_micros(p + 5, fsp);
  v.kind = ValueKind::datetime;
  v.fsp = static_cast<uint8_t>(fsp);
  v.micros = micros;
  if (intpart < 0) return false;  // DATETIME is never negative
  const uint64_t ymdhms = static_cast<uint64_t>(intpart);
  const uint64_t ymd = ymdhms >> 17, hms = ymdhms & ((1u << 17) - 1);
  const uint64_t ym = ymd >> 5;
  v.day = static_cast<uint8_t>(ymd & 31);
  v.month = static_cast<uint8_t>(ym % 13);
  v.year = static_cast<uint16_t>(ym / 13);
  v.second = static_cast<uint8_t>(hms & 63);
  v.minute = static_cast<uint8_t>((hms >> 6) & 63);
  v.hour = static_cast<uint32_t>(hms >> 12);
  return micros <= kMaxMicros && ym / 13 <= 9999;
}

bool decode_timestamp2(const uint8_t* p, unsigned fsp, Value& v) {
  v.kind = ValueKind::timestamp;
  v.fsp = static_cast<uint8_t>(fsp);
  v.epoch_seconds = static_cast<int64_t>(be_n(p, 4));
  v.micros = fraction_micros(p + 4, fsp);
  return v.micros <= kMaxMicros;
}

}  // namespace binlog::detail
