// JSON helpers on RapidJSON (private to connect_runtime).
#pragma once

#include <string>
#include <string_view>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "common/result.h"
#include "connect_runtime/connector.h"

namespace connect_runtime::json {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// Re-serialises JSON text compactly, keeping member order and the exact text of numbers.
// Error message: "<what> is not valid JSON: <reason> at byte offset N".
cdc::Result<std::string> canonical(std::string_view text, std::string_view what);

// "Missing a name for object member. (at byte offset 12)"-style description of a parse failure.
std::string describe_parse_error(rapidjson::ParseErrorCode code, size_t offset);

// Parses `text` into `doc` with numbers kept as their source text (as strings) and UTF-8
// validated; error message names the problem and byte offset.
cdc::Result<void> parse_numbers_as_strings(std::string_view text, rapidjson::Document& doc);

// A JSON string literal (with quotes) for `s`.
std::string quote(std::string_view s);

inline void write_string(Writer& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}
inline void write_key(Writer& w, std::string_view s) {
  w.Key(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}
// Raw JSON text (already valid) as a value.
inline void write_raw(Writer& w, std::string_view json_text) {
  w.RawValue(json_text.data(), json_text.size(), rapidjson::kObjectType);
}
void write_config(Writer& w, const ConfigMap& config);

}  // namespace connect_runtime::json
