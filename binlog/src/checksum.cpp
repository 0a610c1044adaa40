#include "checksum.h"

#include <zlib.h>

#include "byte_reader.h"

namespace binlog::detail {
namespace {

uLong crc_update(uLong crc, const uint8_t* p, size_t n) {
  // zlib takes uInt lengths; events are < 4 GiB but loop anyway to stay exact.
  while (n > 0) {
    const uInt chunk = n > 0x40000000u ? 0x40000000u : static_cast<uInt>(n);
    crc = crc32(crc, p, chunk);
    p += chunk;
    n -= chunk;
  }
  return crc;
}

}  // namespace

ChecksumCheck check_crc32(std::span<const uint8_t> event, bool clear_in_use_flag) {
  ChecksumCheck result;
  const size_t covered = event.size() - kChecksumLength;
  result.stored = le32(event.data() + covered);
  uLong crc = crc32(0L, Z_NULL, 0);
  constexpr size_t kFlagsOffset = 17;
  if (clear_in_use_flag && covered > kFlagsOffset) {
    crc = crc_update(crc, event.data(), kFlagsOffset);
    const uint8_t flags_low = static_cast<uint8_t>(event[kFlagsOffset] & ~kBinlogInUseFlag);
    crc = crc_update(crc, &flags_low, 1);
    crc = crc_update(crc, event.data() + kFlagsOffset + 1, covered - kFlagsOffset - 1);
  } else {
    crc = crc_update(crc, event.data(), covered);
  }
  result.computed = static_cast<uint32_t>(crc);
  return result;
}

}  // namespace binlog::detail
