// libFuzzer target: PARTIAL_JSON diffs. Input: 2-byte little-endian length of the before
// document, the before document (binary JSON), then the diff list.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "binlog/binlog.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const size_t n = std::min<size_t>(data[0] | (data[1] << 8), size - 2);
  const std::string_view before(reinterpret_cast<const char*>(data + 2), n);
  const std::string_view diff(reinterpret_cast<const char*>(data + 2 + n), size - 2 - n);
  auto ops = binlog::decode_json_diff(diff);
  if (ops.ok()) {
    std::string v;
    for (const auto& op : ops.value()) {
      v.clear();
      (void)binlog::json_binary_to_text(op.value, v);
    }
  }
  std::string after;
  auto r = binlog::apply_json_diff(before, diff, after);
  if (r.ok() && !ops.ok()) __builtin_trap();
  if (r.ok()) {
    std::string mysql;
    (void)binlog::apply_json_diff(before, diff, mysql, binlog::JsonFormat::mysql);
    if (mysql.size() < after.size()) __builtin_trap();
  }
  return 0;
}
