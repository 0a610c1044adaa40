// `cdc binlog decode`: every event of one or more binlog files as one JSON line, or one summary
// line per file. Streams: BinlogFileReader holds one event, PayloadEventReader one inner event
// of a compressed transaction, rows are rendered straight into an output buffer that is written
// out every 64 KiB. The format is documented in cdc/README.md.
#include "binlog_decode_command.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <variant>

#include "binlog/binlog.h"
#include "binlog/file_reader.h"
#include "common/result.h"
#include "json_out.h"
#include "temporal.h"

namespace cdc {
namespace {

constexpr const char* kUsage =
    "usage: cdc binlog decode [--summary] FILE...\n"
    "  Prints every event of the binlog FILEs (decoded in the order given) as one JSON line:\n"
    "    {\"pos\":4,\"next_pos\":126,\"type\":\"FORMAT_DESCRIPTION_EVENT\",\"type_code\":15,\n"
    "     \"server_id\":1,\"timestamp\":1700000000,...the event's fields}\n"
    "  rows events with \"table\" and \"rows\":[{\"before\":...,\"after\":...}], the events inside\n"
    "  a TRANSACTION_PAYLOAD_EVENT after it with \"payload_pos\".\n"
    "  --summary  one JSON line per FILE instead: {\"file\":...,\"events\":N,\"server_version\":...,\n"
    "             \"checksum\":...,\"by_type\":{...},\"payload_by_type\":{...},\"rows\":{\"db.t\":\n"
    "             {\"insert\":n,\"update\":n,\"delete\":n}}}\n"
    "  Exit status: 0 ok, 1 a FILE is unreadable, truncated or corrupt (the message names the\n"
    "  file and the byte offset; the events before it stay printed), 2 usage error.\n";

constexpr size_t kFlushBytes = size_t{1} << 16;
constexpr size_t kMaxCachedTables = 4096;

using binlog::ColumnType;
using binlog::Value;
using binlog::ValueKind;

struct Args {
  bool summary = false;
  bool help = false;
  std::vector<std::string> files;
};

bool parse_args(const std::vector<std::string>& args, Args& out, std::string& problem) {
  bool options_done = false;
  for (const std::string& a : args) {
    if (!options_done && a == "--") {
      options_done = true;
    } else if (!options_done && a.size() > 1 && a[0] == '-') {
      if (a == "--summary") {
        out.summary = true;
      } else if (a == "-h" || a == "--help") {
        out.help = true;
      } else {
        problem = "unknown option '" + a + "'";
        return false;
      }
    } else {
      out.files.push_back(a);
    }
  }
  if (!out.help && out.files.empty()) {
    problem = "no binlog FILE given";
    return false;
  }
  return true;
}

enum class Flavour : uint8_t { unknown, mysql, mariadb };

// The server's name of a type code. Codes 160 and up are MariaDB's: MySQL reserves them and
// never writes them, so in a MySQL binlog they are unknown events. Before the first
// FORMAT_DESCRIPTION the code alone decides.
const std::string& type_name(uint8_t code, Flavour flavour) {
  static const auto tables = [] {
    std::array<std::array<std::string, 256>, 2> t;
    for (size_t i = 0; i < 256; ++i) {
      t[0][i] = std::string(binlog::event_type_name(static_cast<uint8_t>(i)));
      t[1][i] = i >= 160 ? "UNKNOWN_EVENT_" + std::to_string(i) : t[0][i];
    }
    return t;
  }();
  return tables[flavour == Flavour::mysql ? 1 : 0][code];
}

// ---- text -----------------------------------------------------------------------------------
// Metadata text (names, query text): converted to UTF-8, what cannot be converted becomes U+FFFD.
void append_text_lossy(std::string& out, std::string& scratch, std::string_view bytes,
                       uint16_t collation) {
  scratch.clear();
  binlog::append_utf8(scratch, bytes, collation);
  json::append_escaped(out, scratch);
}

// Column data, losslessly: text of a known charset converted to UTF-8; binary data, and text of
// an unknown charset (old binlogs log none), as text when it is valid UTF-8 without control
// characters other than tab and line breaks; everything else "base64:" + the bytes in base64.
void append_data(std::string& out, std::string& scratch, std::string_view bytes,
                 uint16_t collation, bool binary) {
  scratch.clear();
  bool text = false;
  if (!binary && collation != 0) {
    text = binlog::append_utf8(scratch, bytes, collation);
  } else if (binlog::append_utf8(scratch, bytes, 0)) {
    text = true;
    for (const char ch : bytes) {
      const auto c = static_cast<unsigned char>(ch);
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
        text = false;
        break;
      }
    }
  }
  if (text) {
    json::append_escaped(out, scratch);
    return;
  }
  out += "\"base64:";
  json::append_base64(out, bytes);
  out.push_back('"');
}

// ---- values ---------------------------------------------------------------------------------
template <class Float>
void append_number(std::string& out, Float v) {
  if (std::isnan(v)) {
    out += "\"NaN\"";
  } else if (std::isinf(v)) {
    out += v < 0 ? "\"-Infinity\"" : "\"Infinity\"";
  } else {
    json::append_float(out, v);
  }
}

void append_fraction(std::string& out, uint32_t micros, unsigned fsp) {
  if (fsp == 0) return;
  char buf[16];
  std::snprintf(buf, sizeof buf, ".%06u", micros % 1000000u);
  out.append(buf, 1 + std::min(fsp, 6u));
}

void append_date_time(std::string& out, int64_t year, unsigned month, unsigned day, unsigned hour,
                      unsigned minute, unsigned second, uint32_t micros, unsigned fsp,
                      bool with_time, const char* suffix) {
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "\"%04lld-%02u-%02u", static_cast<long long>(year), month,
                        day);
  out.append(buf, static_cast<size_t>(n));
  if (with_time) {
    n = std::snprintf(buf, sizeof buf, " %02u:%02u:%02u", hour, minute, second);
    out.append(buf, static_cast<size_t>(n));
    append_fraction(out, micros, fsp);
  }
  out += suffix;
  out.push_back('"');
}

// ENUM: the value's name when the binlog carries the names (binlog_row_metadata=FULL), "" for
// index 0 (MySQL's error value), else the 1-based index. SET: the names joined by ',' in
// definition order, else the bitmask.
struct Scratch {
  std::string a, b;
};

void append_enum_or_set(std::string& out, Scratch& s, const binlog::ColumnInfo& col, uint64_t v) {
  const auto& names = col.enum_values;
  if (col.type == ColumnType::ENUM) {
    if (v == 0) {
      out += "\"\"";
    } else if (!names.empty() && v <= names.size()) {
      append_text_lossy(out, s.a, names[static_cast<size_t>(v - 1)], col.collation);
    } else {
      json::append_int(out, v);
    }
    return;
  }
  if (names.empty() || (names.size() < 64 && (v >> names.size()) != 0)) {
    json::append_int(out, v);
    return;
  }
  std::string& joined = s.b;
  joined.clear();
  for (size_t i = 0; i < names.size() && i < 64; ++i) {
    if (((v >> i) & 1) == 0) continue;
    if (!joined.empty()) joined.push_back(',');
    joined += names[i];
  }
  append_text_lossy(out, s.a, joined, col.collation);
}

// A PARTIAL_UPDATE_ROWS JSON diff without the before document to apply it to:
// {"json_diff":[{"op":"replace","path":"$.a","value":"<JSON text>"},...]}.
Result<void> append_json_diff(std::string& out, std::string& scratch, std::string_view diff) {
  auto ops = binlog::decode_json_diff(diff);
  if (!ops) return ops.error();
  out += "{\"json_diff\":[";
  for (size_t i = 0; i < ops->size(); ++i) {
    const binlog::JsonDiff& d = (*ops)[i];
    if (i > 0) out.push_back(',');
    out += "{\"op\":";
    out += d.op == binlog::JsonDiffOp::replace  ? "\"replace\""
           : d.op == binlog::JsonDiffOp::insert ? "\"insert\""
                                                : "\"remove\"";
    out += ",\"path\":";
    append_text_lossy(out, scratch, d.path, 0);
    if (d.op != binlog::JsonDiffOp::remove) {
      scratch.clear();
      auto r = binlog::json_binary_to_text(d.value, scratch, binlog::JsonFormat::mysql);
      if (!r) return r.error();
      out += ",\"value\":";
      json::append_escaped(out, scratch);
    }
    out.push_back('}');
  }
  out += "]}";
  return {};
}

// One column value as JSON. `before` is the same column's before-image value when the row has
// one (for PARTIAL_UPDATE_ROWS JSON diffs).
Result<void> append_value(std::string& out, Scratch& s, const binlog::ColumnInfo& col,
                          const Value& v, const Value* before) {
  switch (v.kind) {
    case ValueKind::null:
      out += "null";
      return {};
    case ValueKind::int64:
      json::append_int(out, v.i);
      return {};
    case ValueKind::uint64:
      if (col.type == ColumnType::ENUM || col.type == ColumnType::SET) {
        append_enum_or_set(out, s, col, v.u);
      } else {
        json::append_int(out, v.u);
      }
      return {};
    case ValueKind::float32:
      append_number(out, v.f);
      return {};
    case ValueKind::float64:
      append_number(out, v.d);
      return {};
    case ValueKind::decimal:
      json::append_escaped(out, v.text());
      return {};
    case ValueKind::string:
      append_data(out, s.a, v.bytes, v.collation, false);
      return {};
    case ValueKind::bytes:
      break;
    case ValueKind::date:
      append_date_time(out, v.year, v.month, v.day, 0, 0, 0, 0, 0, false, "");
      return {};
    case ValueKind::time: {
      char buf[48];
      const int n = std::snprintf(buf, sizeof buf, "\"%s%02u:%02u:%02u", v.negative ? "-" : "",
                                  v.hour, unsigned{v.minute}, unsigned{v.second});
      out.append(buf, static_cast<size_t>(n));
      append_fraction(out, v.micros, v.fsp);
      out.push_back('"');
      return {};
    }
    case ValueKind::datetime:
      append_date_time(out, v.year, v.month, v.day, v.hour, v.minute, v.second, v.micros, v.fsp,
                       true, "");
      return {};
    case ValueKind::timestamp: {
      if (v.epoch_seconds == 0 && v.micros == 0) {  // MySQL's zero TIMESTAMP is stored as 0
        append_date_time(out, 0, 0, 0, 0, 0, 0, 0, v.fsp, true, "");
        return {};
      }
      const int64_t days = v.epoch_seconds >= 0 ? v.epoch_seconds / 86400
                                                : -((-v.epoch_seconds + 86399) / 86400);
      const auto secs = static_cast<unsigned>(v.epoch_seconds - days * 86400);
      const CivilDate d = civil_from_days(days);
      append_date_time(out, d.year, d.month, d.day, secs / 3600, secs / 60 % 60, secs % 60,
                       v.micros, v.fsp, true, "Z");
      return {};
    }
  }
  // ValueKind::bytes
  if (col.type == ColumnType::JSON) {
    Result<void> r;
    s.b.clear();
    if (v.json_diff) {
      if (before == nullptr || before->kind != ValueKind::bytes || before->json_diff) {
        return append_json_diff(out, s.a, v.bytes);
      }
      r = binlog::apply_json_diff(before->bytes, v.bytes, s.b, binlog::JsonFormat::mysql);
    } else {
      r = binlog::json_binary_to_text(v.bytes, s.b, binlog::JsonFormat::mysql);
    }
    if (!r) return r.error();
    json::append_escaped(out, s.b);
    return {};
  }
  if (col.type == ColumnType::VECTOR && v.bytes.size() % 4 == 0) {
    out.push_back('[');
    for (size_t i = 0; i < v.bytes.size(); i += 4) {
      float x;
      std::memcpy(&x, v.bytes.data() + i, 4);
      if (i > 0) out.push_back(',');
      append_number(out, x);
    }
    out.push_back(']');
    return {};
  }
  append_data(out, s.a, v.bytes, v.collation, true);
  return {};
}

// ---- tables ---------------------------------------------------------------------------------
// What rows need of a TABLE_MAP, rendered once: the JSON keys of its columns and its name.
struct TableView {
  std::shared_ptr<const binlog::TableMap> map;
  std::string name;                // db.table (UTF-8)
  std::string name_json;           // "db.table" as a JSON string
  std::vector<std::string> keys;   // "column": or "@N": per column
};

void fill_table_view(TableView& view, std::shared_ptr<const binlog::TableMap> map,
                     std::string& scratch) {
  const binlog::TableMap& t = *map;
  view.map = std::move(map);
  view.name.clear();
  binlog::append_utf8(view.name, t.database, 0);
  view.name.push_back('.');
  binlog::append_utf8(view.name, t.table, 0);
  view.name_json.clear();
  json::append_escaped(view.name_json, view.name);
  view.keys.resize(t.columns.size());
  for (size_t i = 0; i < t.columns.size(); ++i) {
    std::string& key = view.keys[i];
    key.clear();
    if (t.has_column_names && !t.columns[i].name.empty()) {
      append_text_lossy(key, scratch, t.columns[i].name, 0);
    } else {
      key = "\"@" + std::to_string(i + 1) + "\"";
    }
    key.push_back(':');
  }
}

// ---- summary --------------------------------------------------------------------------------
struct RowCounts {
  uint64_t insert = 0, update = 0, delete_ = 0;
};

struct FileSummary {
  uint64_t events = 0;
  std::optional<std::string> server_version;
  std::optional<binlog::ChecksumAlg> checksum;
  std::array<uint64_t, 256> by_type{};
  std::array<uint64_t, 256> payload_by_type{};
  std::map<std::string, RowCounts, std::less<>> rows;
};

const char* checksum_name(binlog::ChecksumAlg alg) {
  return alg == binlog::ChecksumAlg::CRC32 ? "CRC32" : "NONE";
}

// Where an event stands: a top-level event at its file offset, an event inside a
// TRANSACTION_PAYLOAD at the payload's position (`payload_offset` in the uncompressed payload).
struct EventPlace {
  uint64_t pos = 0;
  uint32_t next_pos = 0;
  bool in_payload = false;
  uint64_t payload_offset = 0;
};

// ---- the command ----------------------------------------------------------------------------
class DecodeSession {
 public:
  DecodeSession(std::ostream& out, std::ostream& err, bool summary)
      : out_(out), err_(err), summary_only_(summary) {
    buf_.reserve(kFlushBytes * 2);
  }

  // Decodes one file; false (after printing the message) when it cannot be read or decoded.
  bool decode_file(const std::string& path);

  // Writes out what is buffered; false when the output stream failed.
  bool flush() {
    write_buffer();
    out_.flush();
    return !out_.fail();
  }

 private:
  void write_buffer() {
    if (!buf_.empty()) out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }
  bool fail(const std::string& path, std::optional<uint64_t> offset, const Error& error);
  Result<void> handle_event(const binlog::Event& ev, const EventPlace& place,
                            binlog::EventDecoder& decoder);
  Result<void> expand_payload(const binlog::Event& ev, uint64_t pos,
                              const binlog::TransactionPayloadEvent& payload,
                              binlog::EventDecoder& decoder);
  const TableView* table_view(const binlog::EventDecoder& decoder, uint64_t table_id);
  void append_body(const binlog::Event& ev);
  void append_table_map(const binlog::TableMap& t);
  Result<void> rows(const binlog::RowsEvent& rows, const TableView* view);
  void write_summary(const std::string& path);

  std::ostream& out_;
  std::ostream& err_;
  const bool summary_only_;
  std::string buf_;
  Scratch scratch_;
  binlog::Row before_, after_;
  std::map<uint64_t, TableView> tables_;
  Flavour flavour_ = Flavour::unknown;
  FileSummary summary_;
};

bool DecodeSession::fail(const std::string& path, std::optional<uint64_t> offset,
                         const Error& error) {
  flush();
  std::string message = error.to_string();
  // The file reader's messages start with the quoted file name, which we print already.
  const std::string quoted = "'" + path + "': ";
  if (message.rfind(quoted, 0) == 0) message.erase(0, quoted.size());
  err_ << "cdc binlog decode: " << path << ": ";
  if (offset) err_ << "at byte offset " << *offset << ": ";
  err_ << message << "\n";
  err_.flush();
  return false;
}

bool DecodeSession::decode_file(const std::string& path) {
  auto opened = binlog::BinlogFileReader::open(path);
  if (!opened) {
    std::optional<uint64_t> offset;
    if (opened.error().code == binlog::make_error_code(binlog::Errc::bad_magic)) offset = 0;
    return fail(path, offset, opened.error());
  }
  binlog::BinlogFileReader& reader = opened.value();
  binlog::EventDecoder decoder;
  flavour_ = Flavour::unknown;
  tables_.clear();
  summary_ = FileSummary{};
  for (;;) {
    const uint64_t at = reader.offset();
    auto next = reader.next();
    if (!next) return fail(path, at, next.error());
    if (!next.value()) break;
    const binlog::RawEvent raw = *next.value();
    auto ev = decoder.decode(raw.bytes);
    if (!ev) return fail(path, raw.offset, ev.error());
    const binlog::EventHeader& h = ev->header;
    ++summary_.events;
    ++summary_.by_type[h.type_code];
    if (const auto* fde = std::get_if<binlog::FormatDescriptionEvent>(&ev->body)) {
      flavour_ = fde->is_mariadb() ? Flavour::mariadb : Flavour::mysql;
      if (!summary_.server_version) {
        summary_.server_version = fde->server_version;
        summary_.checksum = fde->checksum;
      }
    }
    const size_t line_start = buf_.size();
    EventPlace place;
    place.pos = raw.offset;
    place.next_pos = h.next_pos;
    auto handled = handle_event(*ev, place, decoder);
    if (handled) {
      if (const auto* payload = std::get_if<binlog::TransactionPayloadEvent>(&ev->body)) {
        handled = expand_payload(*ev, raw.offset, *payload, decoder);
      }
    }
    if (!handled) {
      buf_.resize(line_start);  // no half-written lines
      return fail(path, raw.offset, handled.error());
    }
    if (buf_.size() >= kFlushBytes) {
      write_buffer();
      if (out_.fail()) {
        err_ << "cdc binlog decode: cannot write the output\n";
        return false;
      }
    }
  }
  if (summary_only_) write_summary(path);
  return true;
}

Result<void> DecodeSession::expand_payload(const binlog::Event& ev, uint64_t pos,
                                           const binlog::TransactionPayloadEvent& payload,
                                           binlog::EventDecoder& decoder) {
  binlog::PayloadEventReader inner(decoder, payload);
  for (;;) {
    auto next = inner.next();
    if (!next) {
      return Error{next.error().code, "in the TRANSACTION_PAYLOAD_EVENT: " + next.error().message};
    }
    if (!next.value()) return {};
    const binlog::Event& inner_ev = *next.value();
    ++summary_.payload_by_type[inner_ev.header.type_code];
    EventPlace place;
    place.pos = pos;
    place.next_pos = ev.header.next_pos;
    place.in_payload = true;
    place.payload_offset = inner.offset();
    auto handled = handle_event(inner_ev, place, decoder);
    if (!handled) {
      return Error{handled.error().code,
                   "in the TRANSACTION_PAYLOAD_EVENT, at payload offset " +
                       std::to_string(inner.offset()) + ": " + handled.error().message};
    }
  }
}

const TableView* DecodeSession::table_view(const binlog::EventDecoder& decoder, uint64_t table_id) {
  auto map = decoder.table(table_id);
  if (!map) return nullptr;
  auto it = tables_.find(table_id);
  if (it != tables_.end() && it->second.map == map) return &it->second;
  if (it == tables_.end()) {
    if (tables_.size() >= kMaxCachedTables) tables_.clear();
    it = tables_.emplace(table_id, TableView{}).first;
  }
  fill_table_view(it->second, std::move(map), scratch_.a);
  return &it->second;
}

Result<void> DecodeSession::handle_event(const binlog::Event& ev, const EventPlace& place,
                                         binlog::EventDecoder& decoder) {
  const auto* rows_ev = std::get_if<binlog::RowsEvent>(&ev.body);
  const TableView* view = rows_ev ? table_view(decoder, rows_ev->table_id) : nullptr;
  if (summary_only_) {
    if (rows_ev != nullptr && view != nullptr) return rows(*rows_ev, view);
    return {};
  }
  const binlog::EventHeader& h = ev.header;
  std::string& o = buf_;
  o += "{\"pos\":";
  json::append_int(o, place.pos);
  o += ",\"next_pos\":";
  json::append_int(o, place.next_pos);
  o += ",\"type\":";
  json::append_escaped(o, type_name(h.type_code, flavour_));
  o += ",\"type_code\":";
  json::append_int(o, unsigned{h.type_code});
  o += ",\"server_id\":";
  json::append_int(o, h.server_id);
  o += ",\"timestamp\":";
  json::append_int(o, h.timestamp);
  if (place.in_payload) {
    o += ",\"payload_pos\":";
    json::append_int(o, place.pos);
    o += ",\"payload_offset\":";
    json::append_int(o, place.payload_offset);
  }
  if (rows_ev != nullptr) {
    o += ",\"table_id\":";
    json::append_int(o, rows_ev->table_id);
    o += ",\"table\":";
    o += view ? std::string_view(view->name_json) : std::string_view("null");
    o += ",\"rows\":[";
    if (view != nullptr) CDC_TRY(rows(*rows_ev, view));
    o += "]";
  } else {
    append_body(ev);
  }
  o += "}\n";
  return {};
}

// The rows of one rows event: counted for the summary, or rendered as
// {"before":{...}|null,"after":{...}|null} objects.
Result<void> DecodeSession::rows(const binlog::RowsEvent& ev, const TableView* view) {
  const binlog::TableMap& t = *view->map;
  binlog::RowReader reader(t, ev);
  RowCounts* counts = nullptr;
  if (summary_only_) {
    auto it = summary_.rows.find(std::string_view(view->name));
    if (it == summary_.rows.end()) it = summary_.rows.emplace(view->name, RowCounts{}).first;
    counts = &it->second;
  }
  const bool has_before = ev.kind != binlog::RowsKind::write;
  const bool has_after = ev.kind != binlog::RowsKind::delete_;
  for (size_t n = 0;; ++n) {
    auto more = reader.next(before_, after_);
    if (!more) return more.error();  // names the table and the place in the rows
    if (!more.value()) return {};
    if (counts != nullptr) {
      uint64_t& c = ev.kind == binlog::RowsKind::write    ? counts->insert
                    : ev.kind == binlog::RowsKind::update ? counts->update
                                                          : counts->delete_;
      ++c;
      continue;
    }
    std::string& o = buf_;
    if (n > 0) o.push_back(',');
    for (int side = 0; side < 2; ++side) {
      const bool is_after = side == 1;
      o += is_after ? ",\"after\":" : "{\"before\":";
      if (is_after ? !has_after : !has_before) {
        o += "null";
        continue;
      }
      const binlog::Row& row = is_after ? after_ : before_;
      o.push_back('{');
      bool first = true;
      for (size_t i = 0; i < t.columns.size() && i < row.values.size(); ++i) {
        if (!row.present[i]) continue;
        if (!first) o.push_back(',');
        first = false;
        o += view->keys[i];
        const Value* before_value = nullptr;
        if (is_after && has_before && i < before_.values.size() && before_.present[i]) {
          before_value = &before_.values[i];
        }
        auto r = append_value(o, scratch_, t.columns[i], row.values[i], before_value);
        if (!r) {
          return Error{r.error().code, "rows of " + view->name + ", row " + std::to_string(n + 1) +
                                           ", column " + view->keys[i].substr(0, view->keys[i].size() - 1) +
                                           ": " + r.error().message};
        }
      }
      o.push_back('}');
    }
    o.push_back('}');
  }
}

void DecodeSession::append_table_map(const binlog::TableMap& t) {
  std::string& o = buf_;
  std::string& s = scratch_.a;
  o += ",\"table_id\":";
  json::append_int(o, t.table_id);
  o += ",\"table\":";
  s.clear();
  binlog::append_utf8(s, t.database, 0);
  s.push_back('.');
  binlog::append_utf8(s, t.table, 0);
  json::append_escaped(o, s);
  o += ",\"columns\":[";
  for (size_t i = 0; i < t.columns.size(); ++i) {
    const binlog::ColumnInfo& c = t.columns[i];
    if (i > 0) o.push_back(',');
    o += "{\"name\":";
    if (t.has_column_names && !c.name.empty()) {
      append_text_lossy(o, s, c.name, 0);
    } else {
      o += "null";
    }
    o += ",\"type\":";
    json::append_escaped(o, binlog::column_type_name(c.type));
    o += ",\"nullable\":";
    o += c.nullable ? "true" : "false";
    if (c.is_unsigned) {
      o += ",\"unsigned\":";
      o += *c.is_unsigned ? "true" : "false";
    }
    if (c.collation != 0 && !binlog::charset_name(c.collation).empty()) {
      o += ",\"charset\":";
      json::append_escaped(o, binlog::charset_name(c.collation));
    }
    if (!c.enum_values.empty()) {
      o += ",\"values\":[";
      for (size_t k = 0; k < c.enum_values.size(); ++k) {
        if (k > 0) o.push_back(',');
        append_text_lossy(o, s, c.enum_values[k], c.collation);
      }
      o.push_back(']');
    }
    if (c.vector_dimensions != 0) {
      o += ",\"dimensions\":";
      json::append_int(o, c.vector_dimensions);
    }
    if (!c.visible) o += ",\"visible\":false";
    o.push_back('}');
  }
  o.push_back(']');
  if (!t.primary_key.empty()) {
    o += ",\"primary_key\":[";
    for (size_t k = 0; k < t.primary_key.size(); ++k) {
      if (k > 0) o.push_back(',');
      const uint32_t col = t.primary_key[k];
      if (t.has_column_names && col < t.columns.size() && !t.columns[col].name.empty()) {
        append_text_lossy(o, s, t.columns[col].name, 0);
      } else {
        o += "\"@" + std::to_string(col + 1) + "\"";
      }
    }
    o.push_back(']');
  }
}

// The fields of every event other than rows events, after the common ones.
void DecodeSession::append_body(const binlog::Event& ev) {
  std::string& o = buf_;
  std::string& s = scratch_.a;
  auto key = [&o](const char* name) {
    o += ",\"";
    o += name;
    o += "\":";
  };
  auto num = [&](const char* name, auto v) {
    key(name);
    json::append_int(o, v);
  };
  auto str = [&](const char* name, std::string_view v) {
    key(name);
    append_text_lossy(o, s, v, 0);
  };
  auto flag = [&](const char* name, bool v) {
    key(name);
    o += v ? "true" : "false";
  };
  const binlog::EventBody& body = ev.body;
  if (std::get_if<binlog::UnknownEvent>(&body) != nullptr) {
    flag("skipped", true);
  } else if (const auto* fde = std::get_if<binlog::FormatDescriptionEvent>(&body)) {
    num("binlog_version", fde->binlog_version);
    str("server_version", fde->server_version);
    num("create_timestamp", fde->create_timestamp);
    num("header_length", unsigned{fde->header_length});
    key("checksum");
    json::append_escaped(o, checksum_name(fde->checksum));
  } else if (const auto* rotate = std::get_if<binlog::RotateEvent>(&body)) {
    str("next_file", rotate->next_file);
    num("position", rotate->position);
  } else if (const auto* q = std::get_if<binlog::QueryEvent>(&body)) {
    num("thread_id", q->thread_id);
    num("exec_time", q->exec_time);
    num("error_code", q->error_code);
    str("database", q->database);
    key("query");
    append_text_lossy(o, s, q->query, q->charset_client.value_or(0));
    if (q->sql_mode) num("sql_mode", *q->sql_mode);
    if (q->time_zone) str("time_zone", *q->time_zone);
    if (q->charset_client) num("charset_client", *q->charset_client);
    if (q->collation_connection) num("collation_connection", *q->collation_connection);
    if (q->collation_server) num("collation_server", *q->collation_server);
    if (q->ddl_xid) num("ddl_xid", *q->ddl_xid);
  } else if (const auto* xid = std::get_if<binlog::XidEvent>(&body)) {
    num("xid", xid->xid);
  } else if (const auto* g = std::get_if<binlog::GtidEvent>(&body)) {
    str("gtid", g->to_string(ev.header.server_id));
    if (g->mariadb) {
      num("domain_id", g->domain_id);
      num("sequence", g->sequence);
      num("flags", unsigned{g->maria_flags});
      flag("standalone", g->standalone());
      if (g->commit_id != 0) num("commit_id", g->commit_id);
    } else {
      // The first byte of the body: MySQL 5.6's commit flag, FLAG_MAY_HAVE_SBR from 5.7 on.
      num("flags", unsigned{g->flags});
      flag("commit", (g->flags & 1) != 0);
      if (!g->tag.empty()) str("tag", g->tag);
      num("last_committed", g->last_committed);
      num("sequence_number", g->sequence_number);
      if (g->immediate_commit_timestamp != 0) {
        num("immediate_commit_timestamp", g->immediate_commit_timestamp);
        num("original_commit_timestamp", g->original_commit_timestamp);
      }
      if (g->transaction_length != 0) num("transaction_length", g->transaction_length);
      if (g->immediate_server_version != 0) {
        num("immediate_server_version", g->immediate_server_version);
        num("original_server_version", g->original_server_version);
      }
      if (g->commit_group_ticket != 0) num("commit_group_ticket", g->commit_group_ticket);
    }
  } else if (const auto* hb = std::get_if<binlog::HeartbeatEvent>(&body)) {
    str("log_file", hb->log_file);
    num("position", hb->position);
  } else if (const auto* tm = std::get_if<std::shared_ptr<const binlog::TableMap>>(&body)) {
    append_table_map(**tm);
  } else if (const auto* p = std::get_if<binlog::TransactionPayloadEvent>(&body)) {
    key("compression");
    o += p->compression_type == binlog::TransactionPayloadEvent::kZstd   ? "\"ZSTD\""
         : p->compression_type == binlog::TransactionPayloadEvent::kNone ? "\"NONE\""
                                                                        : "null";
    num("payload_size", p->payload_size);
    num("uncompressed_size", p->uncompressed_size);
  } else if (const auto* prev = std::get_if<binlog::PreviousGtidsEvent>(&body)) {
    str("gtids", prev->gtids.to_string());
  } else if (const auto* list = std::get_if<binlog::GtidListEvent>(&body)) {
    s.clear();
    for (size_t i = 0; i < list->gtids.size(); ++i) {
      if (i > 0) s.push_back(',');
      s += list->gtids[i].to_string();
    }
    key("gtids");
    json::append_escaped(o, s);
    num("flags", unsigned{list->flags});
  } else if (const auto* rq = std::get_if<binlog::RowsQueryEvent>(&body)) {
    str("query", rq->query);
  } else if (const auto* iv = std::get_if<binlog::IntvarEvent>(&body)) {
    key("intvar_type");
    o += iv->type == binlog::IntvarEvent::kLastInsertId ? "\"LAST_INSERT_ID\""
         : iv->type == binlog::IntvarEvent::kInsertId   ? "\"INSERT_ID\""
                                                        : "null";
    num("value", iv->value);
  } else if (const auto* rand = std::get_if<binlog::RandEvent>(&body)) {
    num("seed1", rand->seed1);
    num("seed2", rand->seed2);
  } else if (const auto* uv = std::get_if<binlog::UserVarEvent>(&body)) {
    str("name", uv->name);
    static constexpr const char* kTypes[] = {"STRING", "REAL", "INT", "ROW", "DECIMAL"};
    key("value_type");
    if (uv->type < 5) {
      json::append_escaped(o, kTypes[uv->type]);
    } else {
      o += "null";
    }
    key("value");
    if (uv->is_null) {
      o += "null";
    } else if (uv->type == binlog::UserVarEvent::kString) {
      append_data(o, s, uv->value, static_cast<uint16_t>(uv->collation), false);
    } else {
      const std::string text = uv->value_text();
      if (uv->type == binlog::UserVarEvent::kInt && !text.empty()) {
        o += text;
      } else {
        json::append_escaped(o, text);
      }
    }
    if (uv->type == binlog::UserVarEvent::kInt) flag("unsigned", uv->is_unsigned());
  } else if (const auto* inc = std::get_if<binlog::IncidentEvent>(&body)) {
    num("incident", inc->incident);
    str("message", inc->message);
  } else if (const auto* xa = std::get_if<binlog::XaPrepareEvent>(&body)) {
    flag("one_phase", xa->one_phase);
    num("format_id", xa->format_id);
    key("gtrid");
    append_data(o, s, xa->gtrid, 0, true);
    key("bqual");
    append_data(o, s, xa->bqual, 0, true);
  } else if (const auto* vc = std::get_if<binlog::ViewChangeEvent>(&body)) {
    str("view_id", vc->view_id);
    num("seq_number", vc->seq_number);
    key("certification_info");
    o.push_back('{');
    for (size_t i = 0; i < vc->certification_info.size(); ++i) {
      if (i > 0) o.push_back(',');
      append_text_lossy(o, s, vc->certification_info[i].first, 0);
      o.push_back(':');
      append_data(o, s, vc->certification_info[i].second, 0, true);
    }
    o.push_back('}');
  } else if (const auto* cp = std::get_if<binlog::BinlogCheckpointEvent>(&body)) {
    str("file", cp->log_file);
  }
  // OtherEvent (STOP, LOAD DATA events, IGNORABLE, TRANSACTION_CONTEXT...): the common fields.
}

void DecodeSession::write_summary(const std::string& path) {
  std::string& o = buf_;
  std::string& s = scratch_.a;
  o += "{\"file\":";
  append_text_lossy(o, s, path, 0);
  o += ",\"events\":";
  json::append_int(o, summary_.events);
  o += ",\"server_version\":";
  if (summary_.server_version) {
    append_text_lossy(o, s, *summary_.server_version, 0);
  } else {
    o += "null";
  }
  o += ",\"checksum\":";
  if (summary_.checksum) {
    json::append_escaped(o, checksum_name(*summary_.checksum));
  } else {
    o += "null";
  }
  // Counts by type name, in type-code order.
  auto by_type = [&](const char* name, const std::array<uint64_t, 256>& counts) {
    o += ",\"";
    o += name;
    o += "\":{";
    bool first = true;
    for (size_t code = 0; code < counts.size(); ++code) {
      if (counts[code] == 0) continue;
      if (!first) o.push_back(',');
      first = false;
      json::append_escaped(o, type_name(static_cast<uint8_t>(code), flavour_));
      o.push_back(':');
      json::append_int(o, counts[code]);
    }
    o.push_back('}');
  };
  by_type("by_type", summary_.by_type);
  by_type("payload_by_type", summary_.payload_by_type);
  o += ",\"rows\":{";
  bool first = true;
  for (const auto& [table, c] : summary_.rows) {
    if (!first) o.push_back(',');
    first = false;
    json::append_escaped(o, table);
    o += ":{\"insert\":";
    json::append_int(o, c.insert);
    o += ",\"update\":";
    json::append_int(o, c.update);
    o += ",\"delete\":";
    json::append_int(o, c.delete_);
    o.push_back('}');
  }
  o += "}}\n";
}

}  // namespace

int run_binlog_decode_command(const std::vector<std::string>& args, std::ostream& out,
                              std::ostream& err) {
  Args a;
  std::string problem;
  if (!parse_args(args, a, problem)) {
    err << "cdc binlog decode: " << problem << "\n" << kUsage;
    return 2;
  }
  if (a.help) {
    out << kUsage;
    return 0;
  }
  DecodeSession session(out, err, a.summary);
  for (const std::string& file : a.files) {
    if (!session.decode_file(file)) return 1;
  }
  if (!session.flush()) {
    err << "cdc binlog decode: cannot write the output\n";
    return 1;
  }
  return 0;
}

}  // namespace cdc
