// libFuzzer target: MySQL binary JSON -> text (every layout) and -> DOM (apply_json_diff with
// no diffs). The text and the DOM rendering must agree; all layouts accept the same documents.
#include <cstddef>
#include <cstdint>
#include <string>

#include "binlog/binlog.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view doc(reinterpret_cast<const char*>(data), size);
  std::string text, mysql, dom, dbz;
  const bool ok = binlog::json_binary_to_text(doc, text).ok();
  const bool ok2 = binlog::json_binary_to_text(doc, mysql, binlog::JsonFormat::mysql).ok();
  const bool ok4 = binlog::json_binary_to_text(doc, dbz, binlog::JsonFormat::debezium).ok();
  if (ok != ok4) __builtin_trap();
  const bool ok3 = binlog::apply_json_diff(doc, "", dom).ok();
  if (ok != ok2) __builtin_trap();
  if (ok && ok3 && dom != text) __builtin_trap();
  return 0;
}
