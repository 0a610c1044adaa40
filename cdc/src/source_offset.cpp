#include "source_offset.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "json_out.h"

namespace cdc {

std::string source_partition_json(const std::string& topic_prefix) {
  std::string out = "{\"server\":";
  json::append_escaped(out, topic_prefix);
  out += "}";
  return out;
}

std::string SourceOffset::to_json() const {
  std::string out = "{\"ts_sec\":";
  json::append_int(out, ts_sec);
  out += ",\"file\":";
  json::append_escaped(out, file);
  out += ",\"pos\":";
  json::append_int(out, pos);
  if (!gtids.empty()) {
    out += ",\"gtids\":";
    json::append_escaped(out, gtids);
  }
  out += ",\"row\":";
  json::append_int(out, row);
  out += ",\"server_id\":";
  json::append_int(out, server_id);
  out += ",\"event\":";
  json::append_int(out, event);
  if (snapshot) out += ",\"snapshot\":true";
  out += "}";
  return out;
}

Result<SourceOffset> SourceOffset::parse(const std::string& text) {
  auto fail = [&](const std::string& what) {
    return Error{std::make_error_code(std::errc::invalid_argument), "stored offset " + text + ": " + what};
  };
  rapidjson::Document d;
  d.Parse(text.c_str(), text.size());
  if (d.HasParseError()) {
    return fail(std::string("not valid JSON (") + rapidjson::GetParseError_En(d.GetParseError()) + " at byte " +
                std::to_string(d.GetErrorOffset()) + ")");
  }
  if (!d.IsObject()) return fail("not a JSON object");
  SourceOffset o;
  auto file = d.FindMember("file");
  if (file == d.MemberEnd() || !file->value.IsString()) return fail("missing \"file\"");
  o.file = file->value.GetString();
  auto number = [&](const char* key, uint64_t& out, bool required) -> bool {
    auto it = d.FindMember(key);
    if (it == d.MemberEnd()) return !required;
    if (it->value.IsUint64()) {
      out = it->value.GetUint64();
      return true;
    }
    if (it->value.IsString()) {  // older tools wrote numbers as strings
      try {
        out = std::stoull(it->value.GetString());
        return true;
      } catch (...) {
        return false;
      }
    }
    return false;
  };
  uint64_t v = 0;
  if (!number("pos", o.pos, true)) return fail("missing or malformed \"pos\"");
  if (!number("event", v, false)) return fail("malformed \"event\"");
  o.event = static_cast<uint32_t>(v);
  v = 0;
  if (!number("row", v, false)) return fail("malformed \"row\"");
  o.row = static_cast<uint32_t>(v);
  v = 0;
  if (!number("server_id", v, false)) return fail("malformed \"server_id\"");
  o.server_id = static_cast<uint32_t>(v);
  if (!number("ts_sec", o.ts_sec, false)) return fail("malformed \"ts_sec\"");
  auto gtids = d.FindMember("gtids");
  if (gtids != d.MemberEnd() && gtids->value.IsString()) o.gtids = gtids->value.GetString();
  auto snapshot = d.FindMember("snapshot");
  o.snapshot = snapshot != d.MemberEnd() &&
               (snapshot->value.IsTrue() || (snapshot->value.IsString() && std::string(snapshot->value.GetString()) == "true"));
  return o;
}

int compare_positions(const SourceOffset& a, const SourceOffset& b) {
  if (a.file != b.file) {
    // binlog.000009 < binlog.000010: the numeric extension orders files of one server.
    const auto dot_a = a.file.rfind('.'), dot_b = b.file.rfind('.');
    const std::string stem_a = a.file.substr(0, dot_a), stem_b = b.file.substr(0, dot_b);
    if (stem_a == stem_b && dot_a != std::string::npos && dot_b != std::string::npos) {
      const std::string na = a.file.substr(dot_a + 1), nb = b.file.substr(dot_b + 1);
      if (na.size() != nb.size()) return na.size() < nb.size() ? -1 : 1;
      return na < nb ? -1 : 1;
    }
    return a.file < b.file ? -1 : 1;
  }
  if (a.pos != b.pos) return a.pos < b.pos ? -1 : 1;
  if (a.event != b.event) return a.event < b.event ? -1 : 1;
  if (a.row != b.row) return a.row < b.row ? -1 : 1;
  return 0;
}

}  // namespace cdc
