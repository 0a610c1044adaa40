// Mutation helpers for the robustness tests: every prefix of a valid event, the event shortened
// with a consistent header (and CRC), and byte flips. The decoder must return (ok or an error),
// never crash or read out of bounds (run under the asan preset to check the latter), and the
// rows of any rows event that still decodes must be readable to their end or to an error.
#pragma once

#include <gtest/gtest.h>
#include <zlib.h>

#include "binlog/binlog.h"
#include "test_support.h"

namespace binlog::test {

struct MutationStats {
  size_t decoded_ok = 0;
  size_t errors = 0;
};

// Decodes `bytes` with a copy of `base`; reads all rows of a rows event. Returns ok-ness.
inline bool decode_and_read(const EventDecoder& base, const Bytes& bytes, MutationStats& st) {
  EventDecoder d = base;
  auto ev = d.decode(bytes);
  if (!ev.ok()) {
    EXPECT_FALSE(ev.error().message.empty());
    ++st.errors;
    return false;
  }
  ++st.decoded_ok;
  if (const auto* rows = std::get_if<RowsEvent>(&ev->body)) {
    auto table = d.table(rows->table_id);
    if (!table) return true;
    RowReader r(*table, *rows);
    Row b, a;
    for (size_t guard = 0; guard < bytes.size() + 2; ++guard) {
      auto more = r.next(b, a);
      if (!more.ok() || !more.value()) return true;
    }
    ADD_FAILURE() << "RowReader did not terminate";
  }
  return true;
}

inline void set_size_and_crc(Bytes& e, bool crc) {
  const uint32_t size = static_cast<uint32_t>(e.size());
  for (int i = 0; i < 4; ++i) e[9 + static_cast<size_t>(i)] = static_cast<uint8_t>(size >> (8 * i));
  if (crc && e.size() >= 23) {
    const uint32_t c = static_cast<uint32_t>(crc32(0L, e.data(), static_cast<uInt>(e.size() - 4)));
    for (int i = 0; i < 4; ++i) e[e.size() - 4 + static_cast<size_t>(i)] = static_cast<uint8_t>(c >> (8 * i));
  }
}

// `base` is the decoder state just before `event`; `crc` whether events carry a CRC32.
inline MutationStats exercise_event(const EventDecoder& base, const Bytes& event, bool crc,
                                    bool flips = true) {
  MutationStats st;
  // 1. every prefix must be an error (the header says more bytes are needed)
  for (size_t n = 0; n < event.size(); ++n) {
    Bytes prefix(event.begin(), event.begin() + static_cast<std::ptrdiff_t>(n));
    EventDecoder d = base;
    auto ev = d.decode(prefix);
    EXPECT_FALSE(ev.ok()) << "prefix " << n << " of " << event.size() << " decoded";
    if (!ev.ok()) {
      EXPECT_EQ(ev.error().code, make_error_code(Errc::truncated)) << ev.error().message;
    }
  }
  // 2. shortened events whose header and CRC agree: inner bounds checks
  const size_t min = crc ? 23 : 19;
  for (size_t n = min; n < event.size(); ++n) {
    Bytes cut(event.begin(), event.begin() + static_cast<std::ptrdiff_t>(n));
    if (crc) cut.resize(n);  // the last 4 bytes become the CRC
    set_size_and_crc(cut, crc);
    decode_and_read(base, cut, st);
  }
  // 3. byte flips (CRC fixed up so the body is parsed)
  if (flips) {
    for (size_t i = 19; i + (crc ? 4 : 0) < event.size(); ++i) {
      for (uint8_t x : {0x01, 0x80, 0xff}) {
        Bytes m = event;
        m[i] ^= x;
        set_size_and_crc(m, crc);
        decode_and_read(base, m, st);
      }
    }
  }
  return st;
}

}  // namespace binlog::test
