#include "json_util.h"

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <fmt/format.h>

#include "connect_runtime/errors.h"

namespace connect_runtime::json {
namespace {

// Forwards SAX events to a Writer, writing numbers verbatim (RapidJSON 1.1's Writer::RawNumber
// would quote them).
struct CopyHandler {
  Writer& w;
  bool Null() { return w.Null(); }
  bool Bool(bool b) { return w.Bool(b); }
  bool Int(int i) { return w.Int(i); }
  bool Uint(unsigned u) { return w.Uint(u); }
  bool Int64(int64_t i) { return w.Int64(i); }
  bool Uint64(uint64_t u) { return w.Uint64(u); }
  bool Double(double d) { return w.Double(d); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool) {
    return w.RawValue(s, n, rapidjson::kNumberType);
  }
  bool String(const char* s, rapidjson::SizeType n, bool) { return w.String(s, n); }
  bool StartObject() { return w.StartObject(); }
  bool Key(const char* s, rapidjson::SizeType n, bool) { return w.Key(s, n); }
  bool EndObject(rapidjson::SizeType n) { return w.EndObject(n); }
  bool StartArray() { return w.StartArray(); }
  bool EndArray(rapidjson::SizeType n) { return w.EndArray(n); }
};

}  // namespace

std::string describe_parse_error(rapidjson::ParseErrorCode code, size_t offset) {
  return fmt::format("{} (at byte offset {})", rapidjson::GetParseError_En(code), offset);
}

cdc::Result<std::string> canonical(std::string_view text, std::string_view what) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  CopyHandler h{w};
  rapidjson::MemoryStream ms(text.data(), text.size());
  rapidjson::Reader reader;
  auto r = reader.Parse<rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseValidateEncodingFlag>(ms, h);
  if (r.IsError()) {
    return make_error(ConnectErrc::bad_request,
                      fmt::format("{} is not valid JSON: {}", what,
                                  describe_parse_error(r.Code(), r.Offset())));
  }
  return std::string(buf.GetString(), buf.GetSize());
}

cdc::Result<void> parse_numbers_as_strings(std::string_view text, rapidjson::Document& doc) {
  rapidjson::MemoryStream ms(text.data(), text.size());
  doc.ParseStream<rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseValidateEncodingFlag>(ms);
  if (doc.HasParseError()) {
    return make_error(ConnectErrc::bad_request,
                      describe_parse_error(doc.GetParseError(), doc.GetErrorOffset()));
  }
  return cdc::ok();
}

std::string quote(std::string_view s) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  write_string(w, s);
  return std::string(buf.GetString(), buf.GetSize());
}

void write_config(Writer& w, const ConfigMap& config) {
  w.StartObject();
  for (const auto& [k, v] : config) {
    write_key(w, k);
    write_string(w, v);
  }
  w.EndObject();
}

}  // namespace connect_runtime::json
