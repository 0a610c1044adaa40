// Helpers shared by the binlog tests: file reading, gunzip, asset paths, and byte builders for
// hand-made events.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "binlog/binlog.h"

namespace binlog::test {

using Bytes = std::vector<uint8_t>;

inline std::filesystem::path assets_dir() {
  // scripts/test.sh exports CDC_TEST_ASSETS; a plain ctest run looks beside the checkout.
  if (const char* env = std::getenv("CDC_TEST_ASSETS"); env != nullptr && *env != '\0') return env;
  return std::filesystem::path(CDC_SOURCE_DIR) / ".." / "shared" / "assets";
}

inline Bytes read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// gzip -> bytes; empty on error.
inline Bytes gunzip(const Bytes& in) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return {};
  Bytes out;
  uint8_t chunk[1 << 16];
  zs.next_in = const_cast<Bytes::value_type*>(in.data());
  zs.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = chunk;
    zs.avail_out = sizeof(chunk);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.insert(out.end(), chunk, chunk + (sizeof(chunk) - zs.avail_out));
  }
  inflateEnd(&zs);
  return rc == Z_STREAM_END ? out : Bytes{};
}

// ---- builders -------------------------------------------------------------------------------
inline void put_le(Bytes& b, uint64_t v, size_t n) {
  for (size_t i = 0; i < n; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
inline void put_be(Bytes& b, uint64_t v, size_t n) {
  for (size_t i = n; i > 0; --i) b.push_back(static_cast<uint8_t>(v >> (8 * (i - 1))));
}
inline void put_str(Bytes& b, std::string_view s) { b.insert(b.end(), s.begin(), s.end()); }
inline void put_bytes(Bytes& b, std::initializer_list<uint8_t> l) { b.insert(b.end(), l); }
inline void put_packed(Bytes& b, uint64_t v) {
  if (v < 251) {
    b.push_back(static_cast<uint8_t>(v));
  } else if (v < 0x10000) {
    b.push_back(252);
    put_le(b, v, 2);
  } else if (v < 0x1000000) {
    b.push_back(253);
    put_le(b, v, 3);
  } else {
    b.push_back(254);
    put_le(b, v, 8);
  }
}

struct EventSpec {
  uint8_t type = 0;
  uint32_t timestamp = 1700000000;
  uint32_t server_id = 1;
  uint32_t position = 4;  // where the event starts; next_pos = position + size (0 = keep 0)
  bool zero_next_pos = false;
  uint16_t flags = 0;
  bool crc = false;
};

// Header + body (+ CRC32 of everything before it).
inline Bytes make_event(const EventSpec& s, const Bytes& body) {
  Bytes e;
  const uint32_t size = static_cast<uint32_t>(19 + body.size() + (s.crc ? 4 : 0));
  put_le(e, s.timestamp, 4);
  e.push_back(s.type);
  put_le(e, s.server_id, 4);
  put_le(e, size, 4);
  put_le(e, s.zero_next_pos ? 0 : s.position + size, 4);
  put_le(e, s.flags, 2);
  e.insert(e.end(), body.begin(), body.end());
  if (s.crc) put_le(e, crc32(0L, e.data(), static_cast<uInt>(e.size())), 4);
  return e;
}

// A binlog v4 FORMAT_DESCRIPTION of `version` with MySQL 8.0's post-header lengths (or
// MariaDB's when the version says MariaDB). `alg` is written when the version is >= 5.6.1.
inline Bytes make_fde(std::string_view version, ChecksumAlg alg, bool with_alg = true,
                      uint16_t flags = 0) {
  Bytes body;
  put_le(body, 4, 2);
  std::string v(version);
  v.resize(50, '\0');
  put_str(body, v);
  put_le(body, 1700000000, 4);
  body.push_back(19);
  // post-header lengths for types 1..42 (MySQL 8.0-ish) or 1..171 for MariaDB
  Bytes phl(42, 0);
  phl[1] = 13;   // QUERY
  phl[3] = 8;    // ROTATE
  phl[14] = 84;  // FDE
  phl[18] = 8;   // TABLE_MAP
  for (int t : {23, 24, 25}) phl[static_cast<size_t>(t - 1)] = 8;
  for (int t : {30, 31, 32, 39}) phl[static_cast<size_t>(t - 1)] = 10;
  phl[32] = 42;  // GTID
  phl[33] = 42;  // ANONYMOUS_GTID
  if (version.find("MariaDB") != std::string_view::npos) {
    phl.resize(171, 0);
    phl[161] = 19;  // MariaDB GTID
    for (int t : {166, 167, 168}) phl[static_cast<size_t>(t - 1)] = 8;
    for (int t : {169, 170, 171}) phl[static_cast<size_t>(t - 1)] = 10;
  }
  body.insert(body.end(), phl.begin(), phl.end());
  EventSpec s;
  s.type = 15;
  s.flags = flags;
  if (with_alg) {
    body.push_back(static_cast<uint8_t>(alg));
    s.crc = true;  // the FDE of a checksum-aware server always carries a CRC
  }
  return make_event(s, body);
}

}  // namespace binlog::test

namespace binlog::test {

// ---- TABLE_MAP / rows builders ---------------------------------------------------------------
struct ColSpec {
  ColumnType type;
  Bytes meta;  // the TABLE_MAP metadata bytes of this column
  bool nullable = true;
};

inline Bytes table_map_body(uint64_t id, std::string_view db, std::string_view table,
                            const std::vector<ColSpec>& cols, const Bytes& optional = {},
                            bool short_id = false) {
  Bytes b;
  put_le(b, id, short_id ? 4 : 6);
  put_le(b, 1, 2);  // flags
  b.push_back(static_cast<uint8_t>(db.size()));
  put_str(b, db);
  b.push_back(0);
  b.push_back(static_cast<uint8_t>(table.size()));
  put_str(b, table);
  b.push_back(0);
  put_packed(b, cols.size());
  for (const auto& c : cols) b.push_back(static_cast<uint8_t>(c.type));
  Bytes meta;
  for (const auto& c : cols) meta.insert(meta.end(), c.meta.begin(), c.meta.end());
  put_packed(b, meta.size());
  b.insert(b.end(), meta.begin(), meta.end());
  Bytes nulls((cols.size() + 7) / 8, 0);
  for (size_t i = 0; i < cols.size(); ++i) {
    if (cols[i].nullable) nulls[i / 8] = static_cast<uint8_t>(nulls[i / 8] | (1u << (i % 8)));
  }
  b.insert(b.end(), nulls.begin(), nulls.end());
  b.insert(b.end(), optional.begin(), optional.end());
  return b;
}

inline void put_tlv(Bytes& b, uint8_t type, const Bytes& value) {
  b.push_back(type);
  put_packed(b, value.size());
  b.insert(b.end(), value.begin(), value.end());
}

inline Bytes all_columns_bitmap(size_t n) {
  Bytes bm((n + 7) / 8, 0);
  for (size_t i = 0; i < n; ++i) bm[i / 8] = static_cast<uint8_t>(bm[i / 8] | (1u << (i % 8)));
  return bm;
}

// Rows event body: post-header (v2: with extra data) + column count + bitmap(s) + rows.
inline Bytes rows_body(uint64_t id, int version, size_t ncols, const Bytes& rows,
                       bool update = false, uint16_t flags = 1, Bytes before = {},
                       Bytes after = {}, const Bytes& extra = {}) {
  Bytes b;
  put_le(b, id, 6);
  put_le(b, flags, 2);
  if (version == 2) {
    put_le(b, 2 + extra.size(), 2);
    b.insert(b.end(), extra.begin(), extra.end());
  }
  put_packed(b, ncols);
  if (before.empty()) before = all_columns_bitmap(ncols);
  b.insert(b.end(), before.begin(), before.end());
  if (update) {
    if (after.empty()) after = all_columns_bitmap(ncols);
    b.insert(b.end(), after.begin(), after.end());
  }
  b.insert(b.end(), rows.begin(), rows.end());
  return b;
}

}  // namespace binlog::test
