// FORMAT_DESCRIPTION_EVENT (type 15), binlog version 4.
//
// Body layout:
//   2   binlog_version (4)
//   50  server_version, NUL-padded
//   4   create_timestamp
//   1   common header length (19)
//   n   post-header length of each event type, index = type_code - 1
//   1   checksum algorithm (0 NONE, 1 CRC32)    } only servers >= 5.6.1 (MariaDB >= 5.3);
//   4   CRC32 of the event                      } present whatever the algorithm is
// The FDE's own CRC is computed with LOG_EVENT_BINLOG_IN_USE_F (header flag 0x1) cleared,
// because the server clears that flag in place when it closes the file.
#include <string>

#include "byte_reader.h"
#include "checksum.h"
#include "event_context.h"

namespace binlog::detail {

cdc::Result<FormatDescriptionEvent> decode_format_description(const EventHeader& header,
                                                              std::span<const uint8_t> event,
                                                              bool verify_checksum) {
  EventContext ctx;
  ctx.header = header;
  ctx.body = event.subspan(kEventHeaderLength);
  ByteReader r(ctx.body);

  FormatDescriptionEvent fde;
  constexpr size_t kVersionLength = 50;
  std::string_view version;
  if (!r.u16(fde.binlog_version) || !r.str(kVersionLength, version) ||
      !r.u32(fde.create_timestamp) || !r.u8(fde.header_length)) {
    return ctx.overrun("the fixed part of FORMAT_DESCRIPTION");
  }
  if (fde.binlog_version != 4) {
    return ctx.error(Errc::unsupported,
                     "binlog version " + std::to_string(fde.binlog_version) +
                         " is not supported (only version 4, MySQL >= 5.0)");
  }
  fde.server_version.assign(version.substr(0, version.find('\0')));
  if (fde.header_length < kEventHeaderLength) {
    return ctx.error(Errc::malformed,
                     "common header length " + std::to_string(fde.header_length) + " < 19");
  }

  const VersionTriple v = parse_server_version(fde.server_version);
  const bool has_checksum_alg =
      fde.is_mariadb() ? v.at_least(5, 3, 0) : v.at_least(5, 6, 1);
  size_t array_length = r.remaining();
  if (has_checksum_alg) {
    if (array_length < 1 + kChecksumLength) return ctx.overrun("checksum algorithm and CRC");
    array_length -= 1 + kChecksumLength;
    const uint8_t alg = ctx.body[ctx.body.size() - kChecksumLength - 1];
    if (alg == 0) {
      fde.checksum = ChecksumAlg::NONE;
    } else if (alg == 1) {
      fde.checksum = ChecksumAlg::CRC32;
    } else {
      return ctx.error(Errc::unsupported,
                       "checksum algorithm " + std::to_string(alg) + " is not supported");
    }
    if (fde.checksum == ChecksumAlg::CRC32 && verify_checksum) {
      const ChecksumCheck c = check_crc32(event, /*clear_in_use_flag=*/true);
      if (!c.ok()) {
        return ctx.error(Errc::checksum_mismatch,
                         "CRC32 mismatch (stored " + std::to_string(c.stored) + ", computed " +
                             std::to_string(c.computed) + ")");
      }
    }
  } else {
    fde.checksum = ChecksumAlg::NONE;
  }
  std::span<const uint8_t> lengths;
  if (!r.bytes(array_length, lengths)) return ctx.overrun("post-header lengths");
  fde.post_header_lengths.assign(lengths.begin(), lengths.end());
  return fde;
}

}  // namespace binlog::detail
