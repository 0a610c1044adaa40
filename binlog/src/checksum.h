// CRC32 (zlib polynomial, as MySQL's binlog_checksum=CRC32) of binlog events.
#pragma once

#include <cstdint>
#include <span>

namespace binlog::detail {

constexpr uint32_t kChecksumLength = 4;
constexpr uint16_t kBinlogInUseFlag = 0x1;  // LOG_EVENT_BINLOG_IN_USE_F

struct ChecksumCheck {
  uint32_t stored = 0;
  uint32_t computed = 0;
  bool ok() const { return stored == computed; }
};

// Checks the last 4 bytes of `event` (>= 23 bytes) against the CRC32 of the bytes before.
// With `clear_in_use_flag` the CRC is computed as if LOG_EVENT_BINLOG_IN_USE_F were clear: the
// server computes a FORMAT_DESCRIPTION's checksum that way and sets/clears the flag in place
// without updating the checksum.
ChecksumCheck check_crc32(std::span<const uint8_t> event, bool clear_in_use_flag);

// CRC-32 of `bytes` (same value as zlib's crc32(0, bytes, n)).
uint32_t crc32_ieee(std::span<const uint8_t> bytes);

}  // namespace binlog::detail
