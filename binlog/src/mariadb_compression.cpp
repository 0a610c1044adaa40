#include "mariadb_compression.h"

#include <zlib.h>

#include <string>

#include "byte_reader.h"

namespace binlog::detail {
namespace {

// zlib's worst case expansion is about 1032:1; anything above cannot be a valid stream.
constexpr uint64_t kMaxDeflateRatio = 1032;

}  // namespace

cdc::Result<std::shared_ptr<std::vector<uint8_t>>> mariadb_uncompress(
    const EventContext& ctx, std::span<const uint8_t> data, uint32_t max_size,
    std::string_view what) {
  const std::string part(what);
  ByteReader r(data);
  uint8_t head = 0;
  if (!r.u8(head)) return ctx.overrun("compressed " + part + " header");
  const uint8_t lenlen = head & 0x07;
  if ((head & 0x80) == 0 || lenlen < 1 || lenlen > 4) {
    return ctx.error(Errc::malformed,
                     "bad compressed " + part + " header byte " + std::to_string(head));
  }
  if ((head & 0x70) != 0) {
    return ctx.error(Errc::unsupported, "compression algorithm " +
                                            std::to_string((head & 0x70) >> 4) +
                                            " (only zlib = 0 is known)");
  }
  if (!r.has(lenlen)) return ctx.overrun("uncompressed " + part + " size");
  const uint64_t size = be_n(r.data(), lenlen);
  r.skip(lenlen);
  const auto stream = r.rest();
  if (size > max_size || size > stream.size() * kMaxDeflateRatio + 64) {
    return ctx.error(Errc::malformed, "uncompressed " + part + " size " + std::to_string(size) +
                                          " is not plausible for " +
                                          std::to_string(stream.size()) +
                                          " compressed bytes (limit " +
                                          std::to_string(max_size) + ")");
  }
  auto out = std::make_shared<std::vector<uint8_t>>(static_cast<size_t>(size));
  uLongf produced = static_cast<uLongf>(size);
  // uncompress() needs a non-null destination even for an empty result.
  uint8_t dummy = 0;
  const int rc = uncompress(out->empty() ? &dummy : out->data(), &produced, stream.data(),
                            static_cast<uLong>(stream.size()));
  if (rc != Z_OK || produced != size) {
    return ctx.error(Errc::malformed, "zlib stream of the " + part + " does not inflate to " +
                                          std::to_string(size) + " bytes (zlib code " +
                                          std::to_string(rc) + ")");
  }
  return out;
}

}  // namespace binlog::detail
