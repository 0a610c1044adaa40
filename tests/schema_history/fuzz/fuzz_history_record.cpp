// libFuzzer target: bytes read back from a schema-history topic or file -> parse_history_record.
// Property: any input is parsed or rejected with an error (no crash, no hang), and a record that
// parses survives to_json -> parse unchanged (what recovery reads is what was written).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "schema_history/history_record.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto record = schema_history::parse_history_record(text);
  if (!record) return 0;
  const std::string json = schema_history::to_json(*record);
  auto again = schema_history::parse_history_record(json);
  if (!again) std::abort();  // our own output must read back
  if (schema_history::to_json(*again) != json) std::abort();  // and be stable
  return 0;
}
