#include "gtid_start.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>
#include <map>
#include <set>

namespace binlog::gtid_start {
namespace {

void put_le(std::string& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t begin = 0;
  while (true) {
    size_t at = s.find(sep, begin);
    parts.push_back(s.substr(begin, at == std::string_view::npos ? std::string_view::npos : at - begin));
    if (at == std::string_view::npos) break;
    begin = at + 1;
  }
  return parts;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool parse_uuid(std::string_view s, std::array<uint8_t, 16>& out) {
  std::string hex;
  if (s.size() == 36) {
    for (size_t i = 0; i < s.size(); ++i) {
      const bool dash_here = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash_here != (s[i] == '-')) return false;
      if (!dash_here) hex.push_back(s[i]);
    }
  } else if (s.size() == 32) {
    hex = s;
  } else {
    return false;
  }
  for (size_t i = 0; i < 16; ++i) {
    int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return true;
}

template <class Int>
bool parse_decimal(std::string_view s, Int& out) {
  if (s.empty() || s.front() < '0' || s.front() > '9') return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

cdc::Error invalid(std::string_view what, std::string_view text, std::string reason) {
  std::string shown(text.substr(0, 200));
  if (text.size() > 200) shown += "...";
  return cdc::Error{std::make_error_code(std::errc::invalid_argument),
                    "invalid " + std::string(what) + " '" + shown + "': " + reason};
}

}  // namespace

cdc::Result<DumpGtidSet> parse_mysql_gtid_set(std::string_view text) {
  constexpr std::string_view kWhat = "MySQL GTID set";
  // GNOs are 1 .. 2^63-2: the exclusive end of an interval must still fit an int64.
  constexpr int64_t kMaxGno = std::numeric_limits<int64_t>::max() - 1;
  std::map<std::array<uint8_t, 16>, std::vector<std::pair<int64_t, int64_t>>> by_sid;
  DumpGtidSet set;
  if (trim(text).empty()) return set;
  for (std::string_view element : split(text, ',')) {
    element = trim(element);
    if (element.empty()) return invalid(kWhat, text, "empty element between commas");
    auto parts = split(element, ':');
    std::array<uint8_t, 16> sid{};
    const std::string_view uuid = trim(parts[0]);
    if (!parse_uuid(uuid, sid)) {
      if (uuid.find('-') != std::string_view::npos && uuid.size() < 20 && parts.size() == 1) {
        return invalid(kWhat, text, "'" + std::string(uuid) +
                                        "' looks like a MariaDB GTID (domain-server-sequence), not a MySQL uuid:interval");
      }
      return invalid(kWhat, text, "'" + std::string(uuid) + "' is not a server uuid");
    }
    if (parts.size() < 2) return invalid(kWhat, text, "'" + std::string(element) + "' has no transaction numbers");
    auto& intervals = by_sid[sid];
    for (size_t i = 1; i < parts.size(); ++i) {
      std::string_view iv = trim(parts[i]);
      if (iv.empty()) return invalid(kWhat, text, "empty interval in '" + std::string(element) + "'");
      if (std::isalpha(static_cast<unsigned char>(iv.front())) != 0 || iv.front() == '_') {
        return invalid(kWhat, text, "'" + std::string(iv) +
                                        "' is a GTID tag (MySQL 8.4 tagged GTIDs); positioning by tagged GTID sets "
                                        "is not supported yet");
      }
      int64_t first = 0, last = 0;
      const size_t dash = iv.find('-');
      bool ok = false;
      if (dash == std::string_view::npos) {
        ok = parse_decimal(iv, first);
        last = first;
      } else {
        ok = parse_decimal(trim(iv.substr(0, dash)), first) && parse_decimal(trim(iv.substr(dash + 1)), last);
      }
      if (!ok) return invalid(kWhat, text, "'" + std::string(iv) + "' is not a number or a range n-m");
      if (first < 1 || last < first || last > kMaxGno) {
        return invalid(kWhat, text, "interval '" + std::string(iv) + "' is out of range (need 1 <= n <= m < 2^63-1)");
      }
      intervals.emplace_back(first, last + 1);
    }
  }
  for (auto& [sid, intervals] : by_sid) {
    std::sort(intervals.begin(), intervals.end());
    DumpSidIntervals entry;
    entry.sid = sid;
    for (const auto& iv : intervals) {
      if (!entry.intervals.empty() && iv.first <= entry.intervals.back().second) {
        entry.intervals.back().second = std::max(entry.intervals.back().second, iv.second);
      } else {
        entry.intervals.push_back(iv);
      }
    }
    set.sids.push_back(std::move(entry));
  }
  return set;
}

std::string encode_mysql_gtid_set(const DumpGtidSet& set) {
  std::string out;
  put_le(out, set.sids.size(), 8);
  for (const auto& s : set.sids) {
    out.append(reinterpret_cast<const char*>(s.sid.data()), s.sid.size());
    put_le(out, s.intervals.size(), 8);
    for (const auto& [start, end] : s.intervals) {
      put_le(out, static_cast<uint64_t>(start), 8);
      put_le(out, static_cast<uint64_t>(end), 8);
    }
  }
  return out;
}

std::string to_string(const DumpGtidSet& set) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const auto& s : set.sids) {
    if (!out.empty()) out += ',';
    for (size_t i = 0; i < 16; ++i) {
      if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
      out += kHex[s.sid[i] >> 4];
      out += kHex[s.sid[i] & 0xf];
    }
    for (const auto& [start, end] : s.intervals) {
      out += ':' + std::to_string(start);
      if (end - 1 != start) out += '-' + std::to_string(end - 1);
    }
  }
  return out;
}

std::string com_binlog_dump_gtid_payload(uint32_t server_id, std::string_view file, uint64_t position,
                                         std::string_view encoded_set, uint16_t flags) {
  std::string out;
  put_le(out, flags, 2);
  put_le(out, server_id, 4);
  put_le(out, file.size(), 4);
  out.append(file);
  put_le(out, position, 8);
  if (flags & kBinlogThroughGtid) {
    put_le(out, encoded_set.size(), 4);
    out.append(encoded_set);
  }
  return out;
}

cdc::Result<std::string> normalize_mariadb_gtid_list(std::string_view text) {
  constexpr std::string_view kWhat = "MariaDB GTID position";
  std::string out;
  if (trim(text).empty()) return out;
  std::set<uint32_t> domains;
  for (std::string_view element : split(text, ',')) {
    element = trim(element);
    if (element.empty()) return invalid(kWhat, text, "empty element between commas");
    auto parts = split(element, '-');
    uint32_t domain = 0, server = 0;
    uint64_t sequence = 0;
    if (parts.size() != 3 || !parse_decimal(parts[0], domain) || !parse_decimal(parts[1], server) ||
        !parse_decimal(parts[2], sequence)) {
      if (element.find(':') != std::string_view::npos) {
        return invalid(kWhat, text, "'" + std::string(element) +
                                        "' looks like a MySQL GTID set (uuid:interval), not domain-server-sequence");
      }
      return invalid(kWhat, text, "'" + std::string(element) + "' is not domain-server-sequence (e.g. 0-1-42)");
    }
    if (!domains.insert(domain).second) {
      return invalid(kWhat, text, "domain " + std::to_string(domain) + " appears twice (one position per domain)");
    }
    if (!out.empty()) out += ',';
    out += std::to_string(domain) + '-' + std::to_string(server) + '-' + std::to_string(sequence);
  }
  return out;
}

std::string com_binlog_dump_payload(uint32_t position, uint16_t flags, uint32_t server_id, std::string_view file) {
  std::string out;
  put_le(out, position, 4);
  put_le(out, flags, 2);
  put_le(out, server_id, 4);
  out.append(file);
  return out;
}

}  // namespace binlog::gtid_start
