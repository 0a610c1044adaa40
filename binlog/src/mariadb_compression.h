// MariaDB's compressed event payloads (log_bin_compress): the row images of the compressed rows
// events and the query text of QUERY_COMPRESSED_EVENT.
//
// Layout: 1 header byte 0x80 | length-of-length (1-4; bits 4-6 = algorithm, 0 = zlib), the
// uncompressed size in that many bytes, big-endian, then a zlib stream.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "event_context.h"

namespace binlog::detail {

// Inflates `data` (header included). `what` names the part in errors ("rows", "query").
cdc::Result<std::shared_ptr<std::vector<uint8_t>>> mariadb_uncompress(
    const EventContext& ctx, std::span<const uint8_t> data, uint32_t max_size,
    std::string_view what);

}  // namespace binlog::detail
