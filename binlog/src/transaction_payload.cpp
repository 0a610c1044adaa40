// TRANSACTION_PAYLOAD_EVENT (40) and the reader of the events inside it.
//
// Body: (packed field type, packed value length, value) fields up to field type 0 (end mark):
//   1 = payload size, 2 = compression type (0 ZSTD, 255 NONE), 3 = uncompressed size; each
//   value is itself a packed integer; unknown fields are skipped by their length. The
//   compressed payload follows: `payload size` bytes up to the end of the event.
// Uncompressed, the payload is a sequence of whole events (common header with event_size,
// body) without checksums, e.g. QUERY(BEGIN) TABLE_MAP WRITE_ROWS... XID.
#include <zstd.h>

#include <algorithm>

#include "byte_reader.h"
#include "event_context.h"

namespace binlog {
namespace detail {

cdc::Result<TransactionPayloadEvent> decode_transaction_payload(const EventContext& ctx) {
  constexpr uint64_t kPayloadSize = 1, kCompressionType = 2, kUncompressedSize = 3;
  ByteReader r(ctx.body);
  TransactionPayloadEvent e;
  bool have_size = false;
  while (true) {
    uint64_t type = 0, len = 0;
    if (!r.packed(type)) return ctx.overrun("payload header field type");
    if (type == 0) break;
    if (!r.packed(len) || len > r.remaining()) return ctx.overrun("payload header field " + std::to_string(type));
    ByteReader field(r.rest().first(static_cast<size_t>(len)));
    r.skip(static_cast<size_t>(len));
    uint64_t value = 0;
    if (type == kPayloadSize || type == kCompressionType || type == kUncompressedSize) {
      if (!field.packed(value)) {
        return ctx.error(Errc::malformed, "payload header field " + std::to_string(type) +
                                              " is not a packed integer");
      }
    }
    if (type == kPayloadSize) {
      e.payload_size = value;
      have_size = true;
    } else if (type == kCompressionType) {
      e.compression_type = value;
    } else if (type == kUncompressedSize) {
      e.uncompressed_size = value;
    }
  }
  if (!have_size) e.payload_size = r.remaining();
  if (e.payload_size != r.remaining()) {
    return ctx.error(Errc::malformed, "payload size " + std::to_string(e.payload_size) +
                                          " but " + std::to_string(r.remaining()) +
                                          " bytes follow the header");
  }
  if (e.compression_type != TransactionPayloadEvent::kZstd &&
      e.compression_type != TransactionPayloadEvent::kNone) {
    return ctx.error(Errc::unsupported,
                     "compression type " + std::to_string(e.compression_type) +
                         " (only ZSTD = 0 and NONE = 255 are known)");
  }
  e.payload = r.rest();
  return e;
}

}  // namespace detail

struct PayloadEventReader::ZstdState {
  ZSTD_DCtx* dctx = nullptr;
  ~ZstdState() { ZSTD_freeDCtx(dctx); }
};

namespace {
constexpr size_t kChunk = 64 * 1024;
}

PayloadEventReader::PayloadEventReader(EventDecoder& decoder, const TransactionPayloadEvent& payload)
    : decoder_(decoder), payload_(payload) {
  if (payload_.compression_type == TransactionPayloadEvent::kZstd) {
    zstd_ = std::make_unique<ZstdState>();
    zstd_->dctx = ZSTD_createDCtx();
    if (zstd_->dctx == nullptr) {
      error_ = make_error(Errc::malformed, "TRANSACTION_PAYLOAD: cannot create a zstd context");
    } else {
      ZSTD_DCtx_setParameter(zstd_->dctx, ZSTD_d_windowLogMax,
                             std::clamp(decoder_.options().max_payload_window_log, 10, 31));
      chunk_.resize(kChunk);
    }
  } else if (payload_.compression_type != TransactionPayloadEvent::kNone) {
    error_ = make_error(Errc::unsupported, "TRANSACTION_PAYLOAD: compression type " +
                                               std::to_string(payload_.compression_type));
  }
}

PayloadEventReader::~PayloadEventReader() = default;

cdc::Result<bool> PayloadEventReader::fill(size_t want) {
  while (want > 0) {
    if (!zstd_) {  // NONE: the payload is the events
      const size_t n = std::min(want, payload_.payload.size() - input_pos_);
      if (n == 0) return false;
      event_.insert(event_.end(), payload_.payload.begin() + static_cast<std::ptrdiff_t>(input_pos_),
                    payload_.payload.begin() + static_cast<std::ptrdiff_t>(input_pos_ + n));
      input_pos_ += n;
      produced_ += n;
      want -= n;
      continue;
    }
    if (chunk_pos_ < chunk_len_) {
      const size_t n = std::min(want, chunk_len_ - chunk_pos_);
      event_.insert(event_.end(), chunk_.begin() + static_cast<std::ptrdiff_t>(chunk_pos_),
                    chunk_.begin() + static_cast<std::ptrdiff_t>(chunk_pos_ + n));
      chunk_pos_ += n;
      produced_ += n;
      want -= n;
      continue;
    }
    if (input_pos_ >= payload_.payload.size() && frame_done_) return false;
    ZSTD_inBuffer in{payload_.payload.data(), payload_.payload.size(), input_pos_};
    ZSTD_outBuffer out{chunk_.data(), chunk_.size(), 0};
    const size_t rc = ZSTD_decompressStream(zstd_->dctx, &out, &in);
    if (ZSTD_isError(rc)) {
      return make_error(Errc::malformed, std::string("TRANSACTION_PAYLOAD: zstd: ") +
                                             ZSTD_getErrorName(rc) + " at compressed byte " +
                                             std::to_string(input_pos_));
    }
    const bool progressed = in.pos != input_pos_ || out.pos != 0;
    input_pos_ = in.pos;
    chunk_pos_ = 0;
    chunk_len_ = out.pos;
    frame_done_ = rc == 0;
    if (!progressed) {
      if (input_pos_ >= payload_.payload.size()) {
        if (frame_done_) return false;
        return make_error(Errc::truncated, "TRANSACTION_PAYLOAD: the zstd stream ends before its frame does");
      }
      return make_error(Errc::malformed, "TRANSACTION_PAYLOAD: zstd makes no progress at compressed byte " +
                                             std::to_string(input_pos_));
    }
  }
  return true;
}

cdc::Result<std::optional<Event>> PayloadEventReader::next() {
  if (error_) return *error_;
  auto fail = [&](cdc::Error e) -> cdc::Result<std::optional<Event>> {
    error_ = std::move(e);
    return *error_;
  };
  event_.clear();
  event_offset_ = produced_;
  auto got = fill(kEventHeaderLength);
  if (!got.ok()) return fail(got.error());
  if (event_.empty() && !got.value()) {
    if (payload_.uncompressed_size != 0 && produced_ != payload_.uncompressed_size) {
      return fail(make_error(Errc::malformed, "TRANSACTION_PAYLOAD: " + std::to_string(produced_) +
                                                  " uncompressed bytes, the header says " +
                                                  std::to_string(payload_.uncompressed_size)));
    }
    return std::optional<Event>{};
  }
  const std::string where = "TRANSACTION_PAYLOAD: inner event at uncompressed offset " +
                            std::to_string(event_offset_);
  if (event_.size() < kEventHeaderLength) {
    return fail(make_error(Errc::truncated, where + ": the payload ends inside the event header"));
  }
  const uint32_t size = detail::le32(event_.data() + 9);
  const uint64_t limit = payload_.uncompressed_size != 0
                             ? payload_.uncompressed_size - std::min(payload_.uncompressed_size, event_offset_)
                             : decoder_.options().max_inflated_size;
  if (size < kEventHeaderLength || size > limit || size > decoder_.options().max_inflated_size) {
    return fail(make_error(Errc::malformed, where + ": event_size " + std::to_string(size) +
                                                " is impossible (at most " +
                                                std::to_string(limit) + " bytes remain)"));
  }
  // The buffer grows with the bytes that arrive, not with the size the header claims.
  got = fill(size - kEventHeaderLength);
  if (!got.ok()) return fail(got.error());
  if (event_.size() != size) {
    return fail(make_error(Errc::truncated, where + ": the payload ends inside the event (" +
                                                std::to_string(event_.size()) + " of " +
                                                std::to_string(size) + " bytes)"));
  }
  auto ev = decoder_.decode_impl(std::span<const uint8_t>(event_.data(), event_.size()), false);
  if (!ev.ok()) {
    return fail(cdc::Error{ev.error().code, where + ": " + ev.error().message});
  }
  return std::optional<Event>(std::move(ev).value());
}

}  // namespace binlog
