// libFuzzer target: a stream of events -> EventDecoder::decode, every rows event read to its
// end with RowReader (JSON values and diffs rendered), every TRANSACTION_PAYLOAD expanded with
// PayloadEventReader.
// Input: 1 option byte (bit 0: verify checksums, bit 1: CRC32 before the first
// FORMAT_DESCRIPTION), then events back to back, each framed by its own event_size; a bad size
// sends the rest as one event.
#include <cstddef>
#include <cstdint>
#include <string>

#include "binlog/binlog.h"

namespace {

void read_rows(binlog::EventDecoder& d, const binlog::RowsEvent& rows, binlog::Row& before,
               binlog::Row& after, std::string& text) {
  auto table = d.table(rows.table_id);
  if (!table) return;
  binlog::RowReader reader(*table, rows);
  for (size_t guard = 0; guard < rows.rows.size() + 2; ++guard) {
    auto more = reader.next(before, after);
    if (!more.ok() || !more.value()) return;
    for (size_t i = 0; i < after.values.size(); ++i) {
      const binlog::Value& v = after.values[i];
      if (v.type != binlog::ColumnType::JSON || v.kind != binlog::ValueKind::bytes) continue;
      text.clear();
      if (v.json_diff) {
        const std::string_view base = i < before.values.size() ? before.values[i].bytes : "";
        (void)binlog::apply_json_diff(base, v.bytes, text);
      } else {
        (void)binlog::json_binary_to_text(v.bytes, text);
      }
    }
    for (const binlog::Value& v : after.values) {
      if (v.kind == binlog::ValueKind::string) {
        text.clear();
        binlog::append_utf8(text, v.bytes, v.collation);
      }
    }
  }
  __builtin_trap();  // RowReader must end: each row consumes bytes
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  binlog::DecoderOptions options;
  options.verify_checksum = (data[0] & 1) != 0;
  options.initial_checksum = (data[0] & 2) != 0 ? binlog::ChecksumAlg::CRC32 : binlog::ChecksumAlg::NONE;
  options.max_inflated_size = 1u << 22;
  binlog::EventDecoder decoder(options);
  binlog::Row before, after;
  std::string text;
  size_t pos = 1;
  while (pos < size) {
    size_t n = size - pos;
    if (n >= 19) {
      const uint32_t event_size = static_cast<uint32_t>(data[pos + 9]) |
                                  static_cast<uint32_t>(data[pos + 10]) << 8 |
                                  static_cast<uint32_t>(data[pos + 11]) << 16 |
                                  static_cast<uint32_t>(data[pos + 12]) << 24;
      if (event_size >= 19 && event_size <= n) n = event_size;
    }
    auto ev = decoder.decode({data + pos, n});
    pos += n;
    if (!ev.ok()) {
      if (ev.error().message.empty()) __builtin_trap();
      continue;
    }
    if (const auto* rows = std::get_if<binlog::RowsEvent>(&ev->body)) {
      read_rows(decoder, *rows, before, after, text);
    } else if (const auto* p = std::get_if<binlog::TransactionPayloadEvent>(&ev->body)) {
      binlog::PayloadEventReader inner(decoder, *p);
      for (int k = 0; k < 100000; ++k) {
        auto ie = inner.next();
        if (!ie.ok() || !ie.value()) break;
        if (const auto* r = std::get_if<binlog::RowsEvent>(&ie.value()->body)) {
          read_rows(decoder, *r, before, after, text);
        }
      }
    } else if (const auto* g = std::get_if<binlog::PreviousGtidsEvent>(&ev->body)) {
      (void)g->gtids.to_string();
    }
  }
  return 0;
}
