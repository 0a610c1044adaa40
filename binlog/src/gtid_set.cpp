// MySQL GTID sets and MariaDB GTID lists (see binlog/gtid_set.h for the text and binary forms).
#include "binlog/gtid_set.h"

#include <algorithm>
#include <bit>
#include <cctype>
#include <charconv>

#include "binlog/binlog.h"
#include "byte_reader.h"

namespace binlog {
namespace {

constexpr uint8_t kTaggedFormat = 1;

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string quoted(std::string_view s) {
  std::string q = "'";
  q.append(s.substr(0, 80));
  if (s.size() > 80) q += "...";
  q += "'";
  return q;
}

cdc::Error set_error(std::string_view what, std::string_view token, size_t at) {
  return make_error(Errc::malformed, "GTID set: " + std::string(what) + " " + quoted(token) +
                                         " at character " + std::to_string(at));
}

// Decimal number without sign; false on overflow or when there is no digit.
bool parse_u64(std::string_view s, uint64_t& v) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return r.ec == std::errc{} && r.ptr == s.data() + s.size();
}

void put_le(std::vector<uint8_t>& b, uint64_t v, size_t n) {
  for (size_t i = 0; i < n; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

// mysql::serialization variable-length unsigned integer (as in gtid_event.cpp).
bool read_varlen(detail::ByteReader& r, uint64_t& v) {
  if (!r.has(1)) return false;
  const size_t n = 1 + static_cast<size_t>(std::countr_one(r.data()[0]));
  if (!r.has(n)) return false;
  v = n == 9 ? detail::le64(r.data() + 1) : detail::le_n(r.data(), n) >> n;
  return r.skip(n);
}

void put_varlen(std::vector<uint8_t>& b, uint64_t v) {
  // n bytes hold 7n bits (n <= 8); 9 bytes hold 64.
  size_t n = 1;
  while (n < 9 && (v >> (7 * n)) != 0) ++n;
  if (n == 9) {
    b.push_back(0xff);
    put_le(b, v, 8);
    return;
  }
  const uint64_t enc = (v << n) | ((uint64_t{1} << (n - 1)) - 1);
  put_le(b, enc, n);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void append_interval(std::string& out, const GtidInterval& iv) {
  out += std::to_string(iv.first);
  if (iv.last != iv.first) {
    out += '-';
    out += std::to_string(iv.last);
  }
}

}  // namespace

// ---- MysqlGtidSet ------------------------------------------------------------------------------

std::string MysqlGtidSet::uuid_to_string(const Uuid& u) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  s.reserve(36);
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s.push_back('-');
    s.push_back(kHex[u[i] >> 4]);
    s.push_back(kHex[u[i] & 15]);
  }
  return s;
}

bool MysqlGtidSet::parse_uuid(std::string_view text, Uuid& uuid) {
  const bool dashed = text.size() == 36;
  if (!dashed && text.size() != 32) return false;
  size_t k = 0;
  for (size_t i = 0; i < text.size();) {
    if (dashed && (i == 8 || i == 13 || i == 18 || i == 23)) {
      if (text[i] != '-') return false;
      ++i;
      continue;
    }
    const int hi = hex_value(text[i]), lo = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
    if (hi < 0 || lo < 0 || k >= 16) return false;
    uuid[k++] = static_cast<uint8_t>(hi << 4 | lo);
    i += 2;
  }
  return k == 16;
}

bool MysqlGtidSet::valid_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > kMaxTagLength) return false;
  const auto first = static_cast<unsigned char>(tag[0]);
  if (!std::isalpha(first) && first != '_') return false;
  return std::all_of(tag.begin() + 1, tag.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || u == '_';
  });
}

void MysqlGtidSet::insert(std::vector<GtidInterval>& list, GtidInterval iv) {
  // First interval that could touch iv: the first whose last + 1 >= iv.first.
  auto it = std::lower_bound(list.begin(), list.end(), iv.first,
                             [](const GtidInterval& a, int64_t first) { return a.last + 1 < first; });
  auto end = it;
  while (end != list.end() && end->first <= iv.last + 1) {
    iv.first = std::min(iv.first, end->first);
    iv.last = std::max(iv.last, end->last);
    ++end;
  }
  it = list.erase(it, end);
  list.insert(it, iv);
}

cdc::Result<void> MysqlGtidSet::add_interval(const Uuid& uuid, std::string_view tag,
                                             GtidInterval iv) {
  if (!tag.empty() && !valid_tag(tag)) {
    return make_error(Errc::malformed, "GTID set: invalid tag " + quoted(tag));
  }
  if (iv.first < 1 || iv.last > kMaxGno || iv.first > iv.last) {
    return make_error(Errc::malformed, "GTID set: interval " + std::to_string(iv.first) + "-" +
                                           std::to_string(iv.last) + " outside 1-" +
                                           std::to_string(kMaxGno) + " or reversed");
  }
  insert(sets_[Key{uuid, lower(tag)}], iv);
  return {};
}

cdc::Result<void> MysqlGtidSet::add(const Uuid& uuid, std::string_view tag, int64_t gno) {
  return add_interval(uuid, tag, GtidInterval{gno, gno});
}

void MysqlGtidSet::merge(const MysqlGtidSet& other) {
  for (const auto& [key, list] : other.sets_) {
    auto& mine = sets_[key];
    for (const auto& iv : list) insert(mine, iv);
  }
}

bool MysqlGtidSet::contains(const Uuid& uuid, std::string_view tag, int64_t gno) const {
  auto it = sets_.find(Key{uuid, lower(tag)});
  if (it == sets_.end()) return false;
  const auto& list = it->second;
  auto iv = std::lower_bound(list.begin(), list.end(), gno,
                             [](const GtidInterval& a, int64_t g) { return a.last < g; });
  return iv != list.end() && iv->first <= gno;
}

bool MysqlGtidSet::contains(const MysqlGtidSet& other) const {
  for (const auto& [key, list] : other.sets_) {
    auto it = sets_.find(key);
    if (it == sets_.end()) {
      if (list.empty()) continue;
      return false;
    }
    const auto& mine = it->second;
    for (const auto& o : list) {
      auto iv = std::lower_bound(mine.begin(), mine.end(), o.first,
                                 [](const GtidInterval& a, int64_t g) { return a.last < g; });
      if (iv == mine.end() || iv->first > o.first || iv->last < o.last) return false;
    }
  }
  return true;
}

uint64_t MysqlGtidSet::count() const {
  uint64_t n = 0;
  for (const auto& [key, list] : sets_) {
    for (const auto& iv : list) {
      const uint64_t k = static_cast<uint64_t>(iv.last - iv.first) + 1;
      if (n > UINT64_MAX - k) return UINT64_MAX;
      n += k;
    }
  }
  return n;
}

std::vector<MysqlGtidSet::Entry> MysqlGtidSet::entries() const {
  std::vector<Entry> out;
  for (const auto& [key, list] : sets_) {
    if (list.empty()) continue;
    out.push_back(Entry{key.first, key.second, list});
  }
  return out;
}

std::string MysqlGtidSet::to_string(std::string_view separator) const {
  std::string out;
  const Uuid* current = nullptr;
  for (const auto& [key, list] : sets_) {
    if (list.empty()) continue;
    if (current == nullptr || *current != key.first) {
      if (current != nullptr) out.append(separator);
      out += uuid_to_string(key.first);
      current = &key.first;
    }
    if (!key.second.empty()) {
      out += ':';
      out += key.second;
    }
    for (const auto& iv : list) {
      out += ':';
      append_interval(out, iv);
    }
  }
  return out;
}

cdc::Result<MysqlGtidSet> MysqlGtidSet::parse(std::string_view text) {
  MysqlGtidSet set;
  size_t i = 0;
  auto skip_ws = [&] {
    while (i < text.size() && is_ws(text[i])) ++i;
  };
  auto token_end = [&](size_t from) {
    size_t j = from;
    while (j < text.size() && text[j] != ':' && text[j] != ',' && !is_ws(text[j])) ++j;
    return j;
  };
  while (true) {
    skip_ws();
    while (i < text.size() && text[i] == ',') {  // MySQL tolerates empty groups
      ++i;
      skip_ws();
    }
    if (i >= text.size()) break;
    const size_t uuid_at = i;
    const size_t uuid_end = token_end(i);
    Uuid uuid{};
    if (!parse_uuid(text.substr(uuid_at, uuid_end - uuid_at), uuid)) {
      return set_error("bad uuid", text.substr(uuid_at, std::max<size_t>(uuid_end - uuid_at, 1)),
                       uuid_at);
    }
    i = uuid_end;
    skip_ws();
    std::string tag;
    while (i < text.size() && text[i] == ':') {
      ++i;
      skip_ws();
      const size_t at = i;
      if (i < text.size() && (std::isalpha(static_cast<unsigned char>(text[i])) || text[i] == '_')) {
        const size_t end = token_end(i);
        const std::string_view t = text.substr(at, end - at);
        if (!valid_tag(t)) return set_error("bad tag", t, at);
        tag = lower(t);
        i = end;
        skip_ws();
        continue;
      }
      size_t end = i;
      while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
      uint64_t first = 0, last = 0;
      if (!parse_u64(text.substr(at, end - at), first)) {
        return set_error("expected a transaction number or a tag, found",
                         text.substr(at, std::max<size_t>(token_end(at) - at, 1)), at);
      }
      i = end;
      skip_ws();
      last = first;
      if (i < text.size() && text[i] == '-') {
        ++i;
        skip_ws();
        const size_t last_at = i;
        size_t e = i;
        while (e < text.size() && text[e] >= '0' && text[e] <= '9') ++e;
        if (!parse_u64(text.substr(last_at, e - last_at), last)) {
          return set_error("bad interval end",
                           text.substr(last_at, std::max<size_t>(token_end(last_at) - last_at, 1)),
                           last_at);
        }
        i = e;
        skip_ws();
      }
      const std::string_view interval = text.substr(at, i - at);
      if (first < 1 || last > static_cast<uint64_t>(kMaxGno)) {
        return set_error("transaction number out of range 1-" + std::to_string(kMaxGno) + " in",
                         interval, at);
      }
      if (last < first) return set_error("interval end before its start in", interval, at);
      insert(set.sets_[Key{uuid, tag}],
             GtidInterval{static_cast<int64_t>(first), static_cast<int64_t>(last)});
    }
    if (i >= text.size()) break;
    if (text[i] != ',') {
      return set_error("unexpected", text.substr(i, std::max<size_t>(token_end(i) - i, 1)), i);
    }
    ++i;
  }
  return set;
}

cdc::Result<MysqlGtidSet> MysqlGtidSet::decode(std::span<const uint8_t> bytes) {
  detail::ByteReader r(bytes);
  auto fail = [&](Errc code, std::string_view what) {
    return make_error(code, "GTID set (binary) at byte " + std::to_string(r.position()) + ": " +
                                std::string(what));
  };
  if (!r.has(8)) return fail(Errc::truncated, "the sid count runs past the end");
  const uint8_t* head = r.data();
  const bool tagged = head[7] == kTaggedFormat;
  uint64_t n_sids = 0;
  if (tagged) {
    if (head[0] != kTaggedFormat) return fail(Errc::malformed, "inconsistent format bytes");
    n_sids = detail::le48(head + 1);
  } else {
    if (head[7] != 0) return fail(Errc::malformed, "unknown format " + std::to_string(head[7]));
    n_sids = detail::le64(head);
  }
  r.skip(8);
  const size_t min_entry = tagged ? 16 + 1 + 8 : 16 + 8;
  if (n_sids > r.remaining() / min_entry) {
    return fail(Errc::truncated, std::to_string(n_sids) + " sids do not fit in " +
                                     std::to_string(r.remaining()) + " bytes");
  }
  MysqlGtidSet set;
  for (uint64_t s = 0; s < n_sids; ++s) {
    std::span<const uint8_t> sid;
    if (!r.bytes(16, sid)) return fail(Errc::truncated, "uuid runs past the end");
    Uuid uuid{};
    std::copy(sid.begin(), sid.end(), uuid.begin());
    std::string tag;
    if (tagged) {
      uint64_t len = 0;
      std::string_view t;
      if (!read_varlen(r, len)) return fail(Errc::truncated, "tag length runs past the end");
      if (len > kMaxTagLength) return fail(Errc::malformed, "tag of " + std::to_string(len) + " bytes");
      if (!r.str(static_cast<size_t>(len), t)) return fail(Errc::truncated, "tag runs past the end");
      if (!t.empty() && !valid_tag(t)) return fail(Errc::malformed, "invalid tag " + quoted(t));
      tag = lower(t);
    }
    uint64_t n_intervals = 0;
    if (!r.u64(n_intervals)) return fail(Errc::truncated, "interval count runs past the end");
    if (n_intervals > r.remaining() / 16) {
      return fail(Errc::truncated, std::to_string(n_intervals) + " intervals do not fit in " +
                                       std::to_string(r.remaining()) + " bytes");
    }
    auto& list = set.sets_[Key{uuid, tag}];
    for (uint64_t k = 0; k < n_intervals; ++k) {
      uint64_t start = 0, end = 0;
      r.u64(start);
      r.u64(end);
      if (start < 1 || end <= start || end > static_cast<uint64_t>(INT64_MAX)) {
        return fail(Errc::malformed, "interval [" + std::to_string(start) + ", " +
                                         std::to_string(end) + ") of " + uuid_to_string(uuid));
      }
      insert(list, GtidInterval{static_cast<int64_t>(start), static_cast<int64_t>(end - 1)});
    }
    if (list.empty()) set.sets_.erase(Key{uuid, tag});
  }
  if (!r.empty()) return fail(Errc::malformed, std::to_string(r.remaining()) + " bytes after the set");
  return set;
}

std::vector<uint8_t> MysqlGtidSet::encode() const {
  std::vector<uint8_t> b;
  bool tagged = false;
  uint64_t n = 0;
  for (const auto& [key, list] : sets_) {
    if (list.empty()) continue;
    tagged |= !key.second.empty();
    ++n;
  }
  if (tagged) {
    b.push_back(kTaggedFormat);
    put_le(b, n, 6);
    b.push_back(kTaggedFormat);
  } else {
    put_le(b, n, 8);
  }
  for (const auto& [key, list] : sets_) {
    if (list.empty()) continue;
    b.insert(b.end(), key.first.begin(), key.first.end());
    if (tagged) {
      put_varlen(b, key.second.size());
      b.insert(b.end(), key.second.begin(), key.second.end());
    }
    put_le(b, list.size(), 8);
    for (const auto& iv : list) {
      put_le(b, static_cast<uint64_t>(iv.first), 8);
      put_le(b, static_cast<uint64_t>(iv.last) + 1, 8);
    }
  }
  return b;
}

// ---- MariaDB ------------------------------------------------------------------------------------

std::string MariadbGtid::to_string() const {
  return std::to_string(domain_id) + "-" + std::to_string(server_id) + "-" +
         std::to_string(sequence);
}

cdc::Result<MariadbGtidList> MariadbGtidList::parse(std::string_view text) {
  MariadbGtidList list;
  size_t i = 0;
  auto skip_ws = [&] {
    while (i < text.size() && is_ws(text[i])) ++i;
  };
  skip_ws();
  if (i >= text.size()) return list;
  while (true) {
    skip_ws();
    const size_t at = i;
    size_t end = i;
    while (end < text.size() && text[end] != ',') ++end;
    size_t token_end = end;
    while (token_end > at && is_ws(text[token_end - 1])) --token_end;
    const std::string_view token = text.substr(at, token_end - at);
    auto fail = [&](std::string_view what) {
      return make_error(Errc::malformed, "MariaDB GTID list: " + std::string(what) + " " +
                                             quoted(token) + " at character " +
                                             std::to_string(at));
    };
    const size_t d1 = token.find('-');
    const size_t d2 = d1 == std::string_view::npos ? d1 : token.find('-', d1 + 1);
    if (d2 == std::string_view::npos) return fail("expected domain-server-sequence, found");
    uint64_t domain = 0, server = 0, seq = 0;
    if (!parse_u64(token.substr(0, d1), domain) || domain > UINT32_MAX) {
      return fail("bad domain id in");
    }
    if (!parse_u64(token.substr(d1 + 1, d2 - d1 - 1), server) || server > UINT32_MAX) {
      return fail("bad server id in");
    }
    if (!parse_u64(token.substr(d2 + 1), seq)) return fail("bad sequence number in");
    if (list.find(static_cast<uint32_t>(domain)) != nullptr) {
      return fail("a second GTID for domain " + std::to_string(domain) + ":");
    }
    list.update(MariadbGtid{static_cast<uint32_t>(domain), static_cast<uint32_t>(server), seq});
    if (end >= text.size()) break;
    i = end + 1;
  }
  return list;
}

MariadbGtidList MariadbGtidList::from_gtids(std::span<const MariadbGtid> gtids) {
  MariadbGtidList list;
  for (const auto& g : gtids) list.update(g);
  return list;
}

std::string MariadbGtidList::to_string() const {
  std::string out;
  for (size_t i = 0; i < gtids_.size(); ++i) {
    if (i > 0) out += ',';
    out += gtids_[i].to_string();
  }
  return out;
}

void MariadbGtidList::update(const MariadbGtid& gtid) {
  auto it = std::lower_bound(gtids_.begin(), gtids_.end(), gtid.domain_id,
                             [](const MariadbGtid& g, uint32_t d) { return g.domain_id < d; });
  if (it != gtids_.end() && it->domain_id == gtid.domain_id) {
    *it = gtid;
  } else {
    gtids_.insert(it, gtid);
  }
}

const MariadbGtid* MariadbGtidList::find(uint32_t domain_id) const {
  auto it = std::lower_bound(gtids_.begin(), gtids_.end(), domain_id,
                             [](const MariadbGtid& g, uint32_t d) { return g.domain_id < d; });
  return it != gtids_.end() && it->domain_id == domain_id ? &*it : nullptr;
}

bool MariadbGtidList::contains(const MariadbGtid& gtid) const {
  const MariadbGtid* pos = find(gtid.domain_id);
  return pos != nullptr && gtid.sequence <= pos->sequence;
}

}  // namespace binlog
