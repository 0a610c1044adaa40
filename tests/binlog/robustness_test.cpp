// Robustness on hand-built events: prefixes, shortened events and byte flips never crash.
#include "robustness.h"

namespace binlog::test {
namespace {

using CT = ColumnType;

struct Corpus {
  std::vector<std::pair<EventDecoder, Bytes>> events;  // (state before, event)
};

Corpus build(bool crc, std::string_view version) {
  Corpus c;
  EventDecoder d;
  const Bytes fde = make_fde(version, crc ? ChecksumAlg::CRC32 : ChecksumAlg::NONE);
  c.events.emplace_back(d, fde);
  EXPECT_TRUE(d.decode(fde).ok());
  auto add = [&](uint8_t type, const Bytes& body) {
    EventSpec s;
    s.type = type;
    s.crc = crc;
    const Bytes e = make_event(s, body);
    c.events.emplace_back(d, e);
    auto r = d.decode(e);
    EXPECT_TRUE(r.ok()) << event_type_name(type) << ": " << r.error().message;
  };
  Bytes q;
  put_le(q, 1, 4);
  put_le(q, 0, 4);
  q.push_back(2);
  put_le(q, 0, 2);
  Bytes status = {1, 0, 0, 0, 0, 0, 0, 0, 0, 4, 33, 0, 33, 0, 8, 0, 5, 3, 'U', 'T', 'C'};
  put_le(q, status.size(), 2);
  q.insert(q.end(), status.begin(), status.end());
  put_str(q, std::string_view("db\0BEGIN", 8));
  add(2, q);
  Bytes gtid(42, 0);
  gtid[0] = 1;
  add(33, gtid);
  Bytes mgtid = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0c};
  add(162, mgtid);
  Bytes rot;
  put_le(rot, 4, 8);
  put_str(rot, "bin.000002");
  add(4, rot);
  Bytes opt;
  put_tlv(opt, 1, {0x80});
  put_tlv(opt, 3, {33, 63, 45});
  Bytes names;
  for (const char* n : {"id", "name", "data", "price", "at", "t", "kind", "flags", "b", "j"}) {
    put_packed(names, std::strlen(n));
    put_str(names, n);
  }
  put_tlv(opt, 4, names);
  put_tlv(opt, 8, {0});
  const std::vector<ColSpec> cols = {
      {CT::LONG, {}},          {CT::VARCHAR, {0x2c, 0x01}}, {CT::BLOB, {2}},
      {CT::NEWDECIMAL, {12, 4}}, {CT::DATETIME2, {6}},      {CT::TIME2, {3}},
      {CT::STRING, {0xF7, 1}}, {CT::STRING, {0xF8, 2}},     {CT::STRING, {0xEE, 0x2C}},
      {CT::JSON, {4}}};
  add(19, table_map_body(9, "shop", "items", cols, opt));
  Bytes row;
  row.push_back(0x00);
  row.push_back(0x00);
  put_le(row, 7, 4);
  put_le(row, 3, 2);
  put_str(row, "abc");
  put_le(row, 2, 2);
  put_str(row, "xy");
  put_bytes(row, {0x80, 0x00, 0x00, 0x0C, 0x00, 0x0D, 0x80});  // DECIMAL(12,4)
  put_bytes(row, {0x99, 0xB2, 0x3E, 0x7E, 0x9B, 0x01, 0xE2, 0x40});
  put_bytes(row, {0x80, 0x10, 0x00, 0x00, 0x00});
  row.push_back(2);
  put_le(row, 5, 2);
  put_le(row, 4, 2);
  put_str(row, "char");
  put_le(row, 2, 4);
  put_str(row, "{}");
  Bytes rows = row;
  rows.insert(rows.end(), row.begin(), row.end());
  add(30, rows_body(9, 2, cols.size(), rows));
  add(23, rows_body(9, 1, cols.size(), row));
  Bytes upd = row;
  upd.insert(upd.end(), row.begin(), row.end());
  add(31, rows_body(9, 2, cols.size(), upd, true));
  Bytes xid;
  put_le(xid, 5, 8);
  add(16, xid);
  return c;
}

TEST(Robustness, HandBuiltEventsMysqlCrc32) {
  const Corpus c = build(true, "8.0.36");
  MutationStats total;
  for (const auto& [state, event] : c.events) {
    const MutationStats st = exercise_event(state, event, true);
    total.decoded_ok += st.decoded_ok;
    total.errors += st.errors;
  }
  EXPECT_GT(total.errors, 0u);
  EXPECT_GT(total.decoded_ok, 0u);
}

TEST(Robustness, HandBuiltEventsMariadbNoChecksum) {
  const Corpus c = build(false, "10.11.6-MariaDB-log");
  for (const auto& [state, event] : c.events) exercise_event(state, event, false);
}

TEST(Robustness, CompressedRowsMutations) {
  EventDecoder d;
  ASSERT_TRUE(d.decode(make_fde("10.11.6-MariaDB-log", ChecksumAlg::NONE)).ok());
  EventSpec tm;
  tm.type = 19;
  ASSERT_TRUE(d.decode(make_event(tm, table_map_body(4, "d", "t", {{CT::LONG, {}}, {CT::BLOB, {2}}}))).ok());
  Bytes rows;
  for (int i = 0; i < 20; ++i) {
    put_bytes(rows, {0x00, static_cast<uint8_t>(i), 0, 0, 0, 10, 0});
    put_str(rows, "0123456789");
  }
  uLongf size = compressBound(static_cast<uLong>(rows.size()));
  Bytes z(size);
  ASSERT_EQ(compress(z.data(), &size, rows.data(), static_cast<uLong>(rows.size())), Z_OK);
  z.resize(size);
  Bytes body = {0x81, static_cast<uint8_t>(rows.size())};
  body.insert(body.end(), z.begin(), z.end());
  EventSpec rs;
  rs.type = 166;
  exercise_event(d, make_event(rs, rows_body(4, 1, 2, body)), false);
}

}  // namespace
}  // namespace binlog::test
