// Debezium schema-history records: writing them in Debezium's field order and reading them back
// with a RapidJSON SAX reader that keeps the raw parts (source, position, tableChanges) as text.
#include "schema_history/history_record.h"

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <charconv>
#include <cstdio>

#include "schema_history/table_json.h"

namespace schema_history {
namespace {

// ---- error category --------------------------------------------------------------------------

class HistoryCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "schema_history.store"; }
  std::string message(int value) const override {
    switch (static_cast<HistoryErrc>(value)) {
      case HistoryErrc::corrupt_record:
        return "corrupt schema history record";
      case HistoryErrc::io_error:
        return "schema history I/O error";
      case HistoryErrc::kafka_error:
        return "schema history Kafka error";
      case HistoryErrc::invalid_config:
        return "invalid schema history configuration";
      case HistoryErrc::invalid_topic:
        return "schema history topic unusable";
      case HistoryErrc::recovery_incomplete:
        return "schema history recovery incomplete";
      case HistoryErrc::not_started:
        return "schema history store not started";
    }
    return "schema history error " + std::to_string(value);
  }
};

// ---- UTF-8 -----------------------------------------------------------------------------------

// Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlongs, no surrogates, at most
// U+10FFFF), or 0 when the bytes there are not one.
size_t utf8_sequence_length(const unsigned char* p, size_t n) {
  const unsigned char c = p[0];
  if (c < 0x80) return 1;
  auto cont = [&](size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return i < n && p[i] >= lo && p[i] <= hi;
  };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    const unsigned char lo = c == 0xE0 ? 0xA0 : 0x80;
    const unsigned char hi = c == 0xED ? 0x9F : 0xBF;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const unsigned char lo = c == 0xF0 ? 0x90 : 0x80;
    const unsigned char hi = c == 0xF4 ? 0x8F : 0xBF;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

// `s` with every byte that does not start a well-formed UTF-8 sequence replaced by U+FFFD.
std::string to_valid_utf8(std::string s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    const size_t len = utf8_sequence_length(p + i, n - i);
    if (len == 0) break;
    i += len;
  }
  if (i == n) return s;  // the usual case: nothing to replace
  std::string out(s, 0, i);
  out.reserve(n + 16);
  while (i < n) {
    const size_t len = utf8_sequence_length(p + i, n - i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s, i, len);
      i += len;
    }
  }
  return out;
}

bool is_blank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Raw JSON text on one line: line breaks can only be whitespace between tokens in valid JSON.
void append_raw(std::string& out, std::string_view raw, std::string_view if_empty) {
  if (is_blank(raw)) {
    out += if_empty;
    return;
  }
  for (char ch : raw) out.push_back(ch == '\n' || ch == '\r' ? ' ' : ch);
}

// ---- reading ---------------------------------------------------------------------------------

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

enum class JsonKind { null, boolean, number, string, object, array };

const char* kind_name(JsonKind k) {
  switch (k) {
    case JsonKind::null:
      return "null";
    case JsonKind::boolean:
      return "a boolean";
    case JsonKind::number:
      return "a number";
    case JsonKind::string:
      return "a string";
    case JsonKind::object:
      return "an object";
    case JsonKind::array:
      return "an array";
  }
  return "?";
}

enum class Field { other, source, position, ts_ms, database_name, schema_name, ddl, table_changes };

Field field_of(std::string_view key) {
  if (key == "source") return Field::source;
  if (key == "position") return Field::position;
  if (key == "ts_ms") return Field::ts_ms;
  if (key == "databaseName") return Field::database_name;
  if (key == "schemaName") return Field::schema_name;
  if (key == "ddl") return Field::ddl;
  if (key == "tableChanges") return Field::table_changes;
  return Field::other;
}

// SAX handler for one record. Members of the root object are dispatched by name; the values of
// source/position/tableChanges are re-written compactly into `capture_` (numbers verbatim),
// values of unknown members are skipped.
class RecordHandler {
 public:
  HistoryRecord record;
  std::string error;  // set when a handler method returned false
  bool has_source = false;
  bool has_position = false;
  bool has_ddl = false;

  bool Null() {
    if (capturing()) return writer_.Null();
    return scalar(JsonKind::null, {});
  }
  bool Bool(bool b) {
    if (capturing()) return writer_.Bool(b);
    return scalar(JsonKind::boolean, {});
  }
  // With kParseNumbersAsStringsFlag every number arrives through RawNumber; the typed callbacks
  // exist for the Reader's interface.
  bool Int(int) { return unexpected_number(); }
  bool Uint(unsigned) { return unexpected_number(); }
  bool Int64(int64_t) { return unexpected_number(); }
  bool Uint64(uint64_t) { return unexpected_number(); }
  bool Double(double) { return unexpected_number(); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool) {
    if (capturing()) return writer_.RawValue(s, n, rapidjson::kNumberType);
    return scalar(JsonKind::number, std::string_view(s, n));
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    if (capturing()) return writer_.String(s, n);
    return scalar(JsonKind::string, std::string_view(s, n));
  }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    if (capturing()) return writer_.Key(s, n);
    if (skip_depth_ > 0) return true;
    field_ = field_of(std::string_view(s, n));
    field_name_.assign(s, n);
    return true;
  }
  bool StartObject() { return open(JsonKind::object); }
  bool StartArray() { return open(JsonKind::array); }
  bool EndObject(rapidjson::SizeType n) {
    if (capturing()) return close(writer_.EndObject(n));
    if (skip_depth_ > 0) {
      --skip_depth_;
      return true;
    }
    return true;  // the root object
  }
  bool EndArray(rapidjson::SizeType n) {
    if (capturing()) return close(writer_.EndArray(n));
    if (skip_depth_ > 0) --skip_depth_;
    return true;
  }

 private:
  bool capturing() const { return capture_depth_ > 0; }

  bool fail(std::string message) {
    error = std::move(message);
    return false;
  }

  bool unexpected_number() { return fail("internal error: a number was not read as text"); }

  bool wrong_type(JsonKind got, const char* expected) {
    return fail("\"" + field_name_ + "\" must be " + expected + ", not " + kind_name(got));
  }

  // Start of an object or array.
  bool open(JsonKind kind) {
    if (capturing()) {
      ++capture_depth_;
      return kind == JsonKind::object ? writer_.StartObject() : writer_.StartArray();
    }
    if (skip_depth_ > 0) {
      ++skip_depth_;
      return true;
    }
    if (!in_root_) {
      if (kind != JsonKind::object)
        return fail(std::string("must be a JSON object, not ") + kind_name(kind));
      in_root_ = true;
      return true;
    }
    switch (field_) {
      case Field::source:
      case Field::position:
        if (kind != JsonKind::object) return wrong_type(kind, "an object");
        break;
      case Field::table_changes:
        if (kind != JsonKind::array) return wrong_type(kind, "an array");
        break;
      case Field::other:
        skip_depth_ = 1;
        return true;
      case Field::ts_ms:
        return wrong_type(kind, "an integer");
      case Field::database_name:
      case Field::schema_name:
      case Field::ddl:
        return wrong_type(kind, "a string");
    }
    buffer_.Clear();
    writer_.Reset(buffer_);
    capture_depth_ = 1;
    return kind == JsonKind::object ? writer_.StartObject() : writer_.StartArray();
  }

  // End of an object or array while capturing; stores the captured text when it was the value.
  bool close(bool written) {
    if (!written)
      return fail("internal error: cannot re-write the value of \"" + field_name_ + "\"");
    if (--capture_depth_ > 0) return true;
    std::string text(buffer_.GetString(), buffer_.GetSize());
    switch (field_) {
      case Field::source:
        record.source_json = std::move(text);
        has_source = true;
        break;
      case Field::position:
        record.position_json = std::move(text);
        has_position = true;
        break;
      case Field::table_changes:
        record.table_changes_json = std::move(text);
        break;
      default:
        break;
    }
    return true;
  }

  // A scalar value that is not inside a captured value.
  bool scalar(JsonKind kind, std::string_view text) {
    if (skip_depth_ > 0) return true;
    if (!in_root_) return fail(std::string("must be a JSON object, not ") + kind_name(kind));
    switch (field_) {
      case Field::other:
        return true;
      case Field::source:
      case Field::position:
        return wrong_type(kind, "an object");
      case Field::table_changes:
        if (kind == JsonKind::null) {
          record.table_changes_json = "[]";
          return true;
        }
        return wrong_type(kind, "an array");
      case Field::ts_ms: {
        if (kind == JsonKind::null) {
          record.ts_ms = 0;
          return true;
        }
        if (kind != JsonKind::number) return wrong_type(kind, "an integer");
        int64_t v = 0;
        const char* end = text.data() + text.size();
        auto [ptr, ec] = std::from_chars(text.data(), end, v);
        if (ec != std::errc() || ptr != end) {
          return fail("\"ts_ms\" must be an integer of at most 64 bits, not " + std::string(text));
        }
        record.ts_ms = v;
        return true;
      }
      case Field::database_name:
      case Field::schema_name: {
        if (kind != JsonKind::string && kind != JsonKind::null) return wrong_type(kind, "a string");
        std::string& target =
            field_ == Field::database_name ? record.database_name : record.schema_name;
        target.assign(text);
        return true;
      }
      case Field::ddl:
        if (kind != JsonKind::string) return wrong_type(kind, "a string");
        record.ddl.assign(text);
        has_ddl = true;
        return true;
    }
    return true;
  }

  rapidjson::StringBuffer buffer_;
  Writer writer_{buffer_};
  bool in_root_ = false;
  int capture_depth_ = 0;
  int skip_depth_ = 0;
  Field field_ = Field::other;
  std::string field_name_;
};

constexpr const char* kPrefix = "schema history record ";

}  // namespace

const std::error_category& history_error_category() {
  static const HistoryCategory category;
  return category;
}

std::error_code make_error_code(HistoryErrc e) {
  return {static_cast<int>(e), history_error_category()};
}

cdc::Error make_error(HistoryErrc e, std::string message) {
  return cdc::Error{make_error_code(e), std::move(message)};
}

std::string quote_start(std::string_view text, size_t max_bytes) {
  size_t cut = text.size();
  bool shortened = false;
  if (cut > max_bytes) {
    cut = max_bytes;
    // Do not split a multi-byte character.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    shortened = true;
  }
  std::string out;
  out.reserve(cut + 8);
  for (size_t i = 0; i < cut; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(c));
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  if (shortened) out += "...";
  return out;
}

std::string to_json(const HistoryRecord& r) {
  std::string out;
  out.reserve(r.source_json.size() + r.position_json.size() + r.ddl.size() +
              r.table_changes_json.size() + r.database_name.size() + 128);
  out += "{\"source\":";
  append_raw(out, r.source_json, "{}");
  out += ",\"position\":";
  append_raw(out, r.position_json, "{}");
  out += ",\"ts_ms\":";
  out += std::to_string(r.ts_ms);
  out += ",\"databaseName\":";
  append_json_string(out, r.database_name);
  if (!r.schema_name.empty()) {
    out += ",\"schemaName\":";
    append_json_string(out, r.schema_name);
  }
  out += ",\"ddl\":";
  append_json_string(out, r.ddl);
  out += ",\"tableChanges\":";
  append_raw(out, r.table_changes_json, "[]");
  out.push_back('}');
  return to_valid_utf8(std::move(out));
}

cdc::Result<HistoryRecord> parse_history_record(std::string_view json) {
  RecordHandler handler;
  handler.record.table_changes_json = "[]";
  rapidjson::MemoryStream stream(json.data(), json.size());
  rapidjson::Reader reader;
  constexpr unsigned kFlags = rapidjson::kParseNumbersAsStringsFlag |
                              rapidjson::kParseValidateEncodingFlag |
                              rapidjson::kParseIterativeFlag;
  const rapidjson::ParseResult result = reader.Parse<kFlags>(stream, handler);
  if (result.IsError()) {
    if (!handler.error.empty()) {
      return make_error(HistoryErrc::corrupt_record, kPrefix + handler.error);
    }
    return make_error(HistoryErrc::corrupt_record,
                      std::string(kPrefix) +
                          "is not valid JSON: " + rapidjson::GetParseError_En(result.Code()) +
                          " (at byte offset " + std::to_string(result.Offset()) + ")");
  }
  const char* missing = !handler.has_source     ? "source"
                        : !handler.has_position ? "position"
                        : !handler.has_ddl      ? "ddl"
                                                : nullptr;
  if (missing != nullptr) {
    return make_error(HistoryErrc::corrupt_record,
                      std::string(kPrefix) + "has no \"" + missing + "\"");
  }
  return std::move(handler.record);
}

}  // namespace schema_history
