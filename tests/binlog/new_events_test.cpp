// Event bodies beyond the basics, on hand-built events: TRANSACTION_PAYLOAD and its reader,
// PREVIOUS_GTIDS, GTID_LIST, ROWS_QUERY/ANNOTATE_ROWS, QUERY_COMPRESSED, INTVAR, RAND,
// USER_VAR, INCIDENT, XA_PREPARE, VIEW_CHANGE, BINLOG_CHECKPOINT, full GTID fields.
#include <gtest/gtest.h>
#include <zstd.h>

#include "binlog/binlog.h"
#include "test_support.h"

namespace binlog::test {
namespace {

EventDecoder decoder_for(std::string_view version, ChecksumAlg alg = ChecksumAlg::NONE) {
  EventDecoder d;
  auto r = d.decode(make_fde(version, alg));
  EXPECT_TRUE(r.ok()) << r.error().message;
  return d;
}

template <class T>
T decode_as(EventDecoder& d, uint8_t type, const Bytes& body, bool crc = false) {
  EventSpec s;
  s.type = type;
  s.crc = crc;
  auto ev = d.decode(make_event(s, body));
  EXPECT_TRUE(ev.ok()) << int(type) << ": " << (ev.ok() ? "" : ev.error().message);
  if (!ev.ok()) return T{};
  const T* body_ptr = std::get_if<T>(&ev->body);
  EXPECT_NE(body_ptr, nullptr) << "type " << int(type) << " decoded to alternative "
                               << ev->body.index();
  return body_ptr ? *body_ptr : T{};
}

cdc::Error decode_error(EventDecoder& d, uint8_t type, const Bytes& body) {
  EventSpec s;
  s.type = type;
  s.position = 1000;
  auto ev = d.decode(make_event(s, body));
  EXPECT_FALSE(ev.ok()) << int(type);
  return ev.ok() ? cdc::Error{} : ev.error();
}

TEST(NewEvents, IntvarRandUserVar) {
  EventDecoder d = decoder_for("5.7.30-log");
  Bytes b = {2};
  put_le(b, 539886549, 8);
  auto iv = decode_as<IntvarEvent>(d, 5, b);
  EXPECT_EQ(iv.type, IntvarEvent::kInsertId);
  EXPECT_EQ(iv.value, 539886549u);

  b.clear();
  put_le(b, 93575718, 8);
  put_le(b, 859635654, 8);
  auto rnd = decode_as<RandEvent>(d, 13, b);
  EXPECT_EQ(rnd.seed1, 93575718u);
  EXPECT_EQ(rnd.seed2, 859635654u);

  // INT user variable with the trailing flags byte.
  b.clear();
  put_le(b, 1, 4);
  put_str(b, "x");
  b.push_back(0);
  b.push_back(UserVarEvent::kInt);
  put_le(b, 33, 4);
  put_le(b, 8, 4);
  put_le(b, static_cast<uint64_t>(-4), 8);
  b.push_back(0);
  auto uv = decode_as<UserVarEvent>(d, 14, b);
  EXPECT_EQ(uv.name, "x");
  EXPECT_FALSE(uv.is_null);
  EXPECT_EQ(uv.value_text(), "-4");
  b.back() = 1;  // UNSIGNED
  uv = decode_as<UserVarEvent>(d, 14, b);
  EXPECT_EQ(uv.value_text(), "18446744073709551612");
  // NULL, STRING (no flags byte: MySQL < 5.5), DECIMAL, REAL.
  b.clear();
  put_le(b, 1, 4);
  put_str(b, "2");
  b.push_back(1);
  uv = decode_as<UserVarEvent>(d, 14, b);
  EXPECT_TRUE(uv.is_null);
  EXPECT_EQ(uv.value_text(), "NULL");
  b.clear();
  put_le(b, 3, 4);
  put_str(b, "str");
  b.push_back(0);
  b.push_back(UserVarEvent::kString);
  put_le(b, 8, 4);
  put_le(b, 3, 4);
  put_str(b, "abc");
  uv = decode_as<UserVarEvent>(d, 14, b);
  EXPECT_EQ(uv.collation, 8u);
  EXPECT_EQ(uv.value_text(), "abc");
  b.clear();
  put_le(b, 1, 4);
  put_str(b, "d");
  b.push_back(0);
  b.push_back(UserVarEvent::kDecimal);
  put_le(b, 33, 4);
  put_le(b, 5, 4);
  put_bytes(b, {6, 2, 0x7b, 0x2d, 0xcd});
  uv = decode_as<UserVarEvent>(d, 14, b);
  EXPECT_EQ(uv.value_text(), "-1234.50");
  b.clear();
  put_le(b, 1, 4);
  put_str(b, "r");
  b.push_back(0);
  b.push_back(UserVarEvent::kReal);
  put_le(b, 33, 4);
  put_le(b, 8, 4);
  put_le(b, 0x3ff8000000000000ULL, 8);  // 1.5
  uv = decode_as<UserVarEvent>(d, 14, b);
  EXPECT_EQ(uv.value_text(), "1.5");
  // A name length beyond the event.
  b.clear();
  put_le(b, 1000, 4);
  auto e = decode_error(d, 14, b);
  EXPECT_EQ(e.code, make_error_code(Errc::truncated));
  EXPECT_NE(e.message.find("USER_VAR_EVENT at position 1000"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("variable name"), std::string::npos) << e.message;
  EXPECT_EQ(decode_error(d, 5, Bytes{1, 2, 3}).code, make_error_code(Errc::truncated));
  EXPECT_EQ(decode_error(d, 13, Bytes(15, 0)).code, make_error_code(Errc::truncated));
}

TEST(NewEvents, IncidentXaViewChange) {
  EventDecoder d = decoder_for("8.0.36");
  Bytes b;
  put_le(b, 1, 2);
  b.push_back(11);
  put_str(b, "LOST_EVENTS");
  auto inc = decode_as<IncidentEvent>(d, 26, b);
  EXPECT_EQ(inc.incident, 1);
  EXPECT_EQ(inc.message, "LOST_EVENTS");
  b.back() = 'X';
  b[2] = 50;  // message longer than the event
  EXPECT_EQ(decode_error(d, 26, b).code, make_error_code(Errc::truncated));

  b.clear();
  b.push_back(1);
  put_le(b, 1, 4);
  put_le(b, 3, 4);
  put_le(b, 2, 4);
  put_str(b, "abcde");
  auto xa = decode_as<XaPrepareEvent>(d, 38, b);
  EXPECT_TRUE(xa.one_phase);
  EXPECT_EQ(xa.format_id, 1);
  EXPECT_EQ(xa.gtrid, "abc");
  EXPECT_EQ(xa.bqual, "de");
  b[5] = 65;  // gtrid length 65
  EXPECT_NE(decode_error(d, 38, b).message.find("above 64"), std::string::npos);

  b.clear();
  std::string id = "15904932123456789:1";
  id.resize(40, '\0');
  put_str(b, id);
  put_le(b, 42, 8);
  put_le(b, 2, 4);
  put_le(b, 3, 2);
  put_str(b, "key");
  put_le(b, 5, 4);
  put_str(b, "value");
  put_le(b, 1, 2);
  put_str(b, "k");
  put_le(b, 0, 4);
  auto vc = decode_as<ViewChangeEvent>(d, 37, b);
  EXPECT_EQ(vc.view_id, "15904932123456789:1");
  EXPECT_EQ(vc.seq_number, 42);
  ASSERT_EQ(vc.certification_info.size(), 2u);
  EXPECT_EQ(vc.certification_info[0], (std::pair<std::string, std::string>{"key", "value"}));
  EXPECT_EQ(vc.certification_info[1].first, "k");
  b.resize(b.size() - 3);
  EXPECT_EQ(decode_error(d, 37, b).code, make_error_code(Errc::truncated));
}

TEST(NewEvents, RowsQueryAndAnnotateRows) {
  EventDecoder d = decoder_for("8.0.36");
  Bytes b = {12};
  put_str(b, "INSERT INTO t VALUES (1)");
  EXPECT_EQ(decode_as<RowsQueryEvent>(d, 29, b).query, "INSERT INTO t VALUES (1)");
  EventDecoder m = decoder_for("10.5.15-MariaDB-log");
  b.clear();
  put_str(b, "insert into outbox values (1)");
  EXPECT_EQ(decode_as<RowsQueryEvent>(m, 160, b).query, "insert into outbox values (1)");
}

TEST(NewEvents, MariadbGtidListCheckpointAndCompressedQuery) {
  EventDecoder m = decoder_for("10.11.6-MariaDB-log");
  Bytes b;
  put_le(b, 2, 4);
  put_le(b, 0, 4);
  put_le(b, 10, 4);
  put_le(b, 254512, 8);
  put_le(b, 1, 4);
  put_le(b, 11, 4);
  put_le(b, 7, 8);
  auto gl = decode_as<GtidListEvent>(m, 163, b);
  ASSERT_EQ(gl.gtids.size(), 2u);
  EXPECT_EQ(MariadbGtidList::from_gtids(gl.gtids).to_string(), "0-10-254512,1-11-7");
  b[0] = 200;  // 200 GTIDs announced, 2 present
  EXPECT_EQ(decode_error(m, 163, b).code, make_error_code(Errc::truncated));

  b.clear();
  put_le(b, 18, 4);
  put_str(b, "mariadb-bin.000001");
  EXPECT_EQ(decode_as<BinlogCheckpointEvent>(m, 161, b).log_file, "mariadb-bin.000001");
  b[0] = 19;
  EXPECT_EQ(decode_error(m, 161, b).code, make_error_code(Errc::truncated));

  // QUERY_COMPRESSED: a QUERY whose text is zlib-compressed behind MariaDB's header.
  const std::string sql = "INSERT INTO t1 VALUES (1),(2),(3),(4),(5),(6),(7),(8)";
  uLongf clen = compressBound(static_cast<uLong>(sql.size()));
  Bytes z(clen);
  ASSERT_EQ(compress(z.data(), &clen, reinterpret_cast<const Bytef*>(sql.data()),
                     static_cast<uLong>(sql.size())),
            Z_OK);
  z.resize(clen);
  b.clear();
  put_le(b, 7, 4);   // thread id
  put_le(b, 0, 4);   // exec time
  b.push_back(4);    // db length
  put_le(b, 0, 2);   // error code
  put_le(b, 0, 2);   // status vars length
  put_str(b, "test");
  b.push_back(0);
  b.push_back(0x81);  // zlib, 1-byte length
  b.push_back(static_cast<uint8_t>(sql.size()));
  b.insert(b.end(), z.begin(), z.end());
  auto q = decode_as<QueryEvent>(m, 165, b);
  EXPECT_EQ(q.database, "test");
  EXPECT_EQ(q.query, sql);
  b[b.size() - z.size() - 1] = 200;  // wrong uncompressed length
  EXPECT_EQ(decode_error(m, 165, b).code, make_error_code(Errc::malformed));
}

TEST(NewEvents, PreviousGtids) {
  EventDecoder d = decoder_for("8.0.36", ChecksumAlg::CRC32);
  auto set = MysqlGtidSet::parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7");
  ASSERT_TRUE(set.ok());
  const Bytes body = set->encode();
  auto pg = decode_as<PreviousGtidsEvent>(d, 35, body, true);
  EXPECT_EQ(pg.gtids, set.value());
  Bytes bad = body;
  bad.resize(bad.size() - 4);
  EventSpec s;
  s.type = 35;
  s.crc = true;
  s.position = 126;
  auto ev = d.decode(make_event(s, bad));
  ASSERT_FALSE(ev.ok());
  EXPECT_NE(ev.error().message.find("PREVIOUS_GTIDS_LOG_EVENT at position 126"), std::string::npos)
      << ev.error().message;
}

TEST(NewEvents, MysqlGtidAllFields) {
  EventDecoder d = decoder_for("8.0.36");
  Bytes b = {1};
  for (int k = 0; k < 16; ++k) b.push_back(static_cast<uint8_t>(k));
  put_le(b, 77, 8);                          // gno
  b.push_back(2);                            // logical timestamp type code
  put_le(b, 5, 8);                           // last_committed
  put_le(b, 6, 8);                           // sequence_number
  put_le(b, 1700000000123456ULL | (1ULL << 55), 7);  // immediate, original follows
  put_le(b, 1600000000000001ULL, 7);
  put_packed(b, 1234);                       // transaction length
  put_le(b, 80036u | (1u << 31), 4);         // immediate server version, original follows
  put_le(b, 80031, 4);
  put_le(b, 99, 8);                          // commit group ticket
  auto g = decode_as<GtidEvent>(d, 33, b);
  EXPECT_EQ(g.flags, 1);
  EXPECT_EQ(g.gno, 77);
  EXPECT_EQ(g.last_committed, 5);
  EXPECT_EQ(g.sequence_number, 6);
  EXPECT_EQ(g.immediate_commit_timestamp, 1700000000123456u);
  EXPECT_EQ(g.original_commit_timestamp, 1600000000000001u);
  EXPECT_EQ(g.transaction_length, 1234u);
  EXPECT_EQ(g.immediate_server_version, 80036u);
  EXPECT_EQ(g.original_server_version, 80031u);
  EXPECT_EQ(g.commit_group_ticket, 99u);
  // 8.0.14-style: no original values, no ticket.
  Bytes c(b.begin(), b.begin() + 42);
  put_le(c, 1700000000123456ULL, 7);
  put_packed(c, 300);
  put_le(c, 80020, 4);
  g = decode_as<GtidEvent>(d, 33, c);
  EXPECT_EQ(g.original_commit_timestamp, 1700000000123456u);
  EXPECT_EQ(g.original_server_version, 80020u);
  EXPECT_EQ(g.commit_group_ticket, 0u);
  // 5.6: flags, sid and gno only.
  Bytes old(b.begin(), b.begin() + 25);
  g = decode_as<GtidEvent>(d, 33, old);
  EXPECT_EQ(g.gno, 77);
  EXPECT_EQ(g.last_committed, 0);
}

TEST(NewEvents, TaggedGtidAllFields) {
  // mysql::serialization: varlen unsigned n < 128 is one byte n << 1; signed is zig-zag.
  auto v = [](Bytes& b, uint64_t x) {
    size_t n = 1;
    while (n < 9 && (x >> (7 * n)) != 0) ++n;
    if (n == 9) {
      b.push_back(0xff);
      put_le(b, x, 8);
    } else {
      put_le(b, (x << n) | ((uint64_t{1} << (n - 1)) - 1), n);
    }
  };
  auto zz = [](int64_t x) { return (static_cast<uint64_t>(x) << 1) ^ static_cast<uint64_t>(x >> 63); };
  Bytes fields;
  v(fields, 0); v(fields, 1);                                  // flags
  v(fields, 1); for (int k = 0; k < 16; ++k) v(fields, static_cast<uint64_t>(0xa0 + k));
  v(fields, 2); v(fields, zz(3));                              // gno
  v(fields, 3); v(fields, 5); put_str(fields, "mytag");        // tag
  v(fields, 4); v(fields, zz(10));                             // last_committed
  v(fields, 5); v(fields, zz(11));                             // sequence_number
  v(fields, 6); v(fields, 1770000000000000ULL);                // immediate commit ts
  v(fields, 8); v(fields, 777);                                // transaction length
  v(fields, 9); v(fields, 90600);                              // immediate server version
  Bytes body;
  v(body, 1);                  // format version
  Bytes rest;
  v(rest, 9);                  // last non-ignorable field id
  rest.insert(rest.end(), fields.begin(), fields.end());
  // message size counts the whole message, its own bytes included
  size_t size = 1 + rest.size() + 1;
  Bytes size_bytes;
  v(size_bytes, size);
  if (size_bytes.size() != 1) {
    size += size_bytes.size() - 1;
    size_bytes.clear();
    v(size_bytes, size);
  }
  body.insert(body.end(), size_bytes.begin(), size_bytes.end());
  body.insert(body.end(), rest.begin(), rest.end());
  EventDecoder d = decoder_for("9.6.0");
  auto g = decode_as<GtidEvent>(d, 42, body);
  EXPECT_EQ(g.tag, "mytag");
  EXPECT_EQ(g.gno, 3);
  EXPECT_EQ(g.sid[0], 0xa0);
  EXPECT_EQ(g.last_committed, 10);
  EXPECT_EQ(g.sequence_number, 11);
  EXPECT_EQ(g.immediate_commit_timestamp, 1770000000000000u);
  EXPECT_EQ(g.original_commit_timestamp, 1770000000000000u);
  EXPECT_EQ(g.transaction_length, 777u);
  EXPECT_EQ(g.immediate_server_version, 90600u);
  EXPECT_EQ(g.original_server_version, 90600u);
}

TEST(NewEvents, MariadbGtidCommitId) {
  EventDecoder m = decoder_for("10.11.6-MariaDB-log");
  Bytes b;
  put_le(b, 42, 8);
  put_le(b, 3, 4);
  b.push_back(2);  // FL_GROUP_COMMIT_ID
  put_le(b, 9001, 8);
  auto g = decode_as<GtidEvent>(m, 162, b);
  EXPECT_EQ(g.commit_id, 9001u);
  b.resize(b.size() - 2);
  EXPECT_EQ(decode_error(m, 162, b).code, make_error_code(Errc::truncated));
}

TEST(Checksum, Crc32MatchesZlibForEveryLength) {
  // ROTATE events of every body length from 8 to 600 bytes with zlib-computed CRCs; one bit
  // flipped anywhere must be caught.
  EventDecoder d = decoder_for("8.0.36", ChecksumAlg::CRC32);
  for (size_t n = 0; n < 600; ++n) {
    Bytes body;
    put_le(body, 4, 8);
    for (size_t k = 0; k < n; ++k) body.push_back(static_cast<uint8_t>('a' + (k * 7 + n) % 26));
    EventSpec s;
    s.type = 4;
    s.crc = true;
    Bytes e = make_event(s, body);
    ASSERT_TRUE(d.decode(e).ok()) << n;
    e[19 + (n * 13) % (body.size())] ^= 0x10;
    auto bad = d.decode(e);
    ASSERT_FALSE(bad.ok()) << n;
    ASSERT_EQ(bad.error().code, make_error_code(Errc::checksum_mismatch));
  }
}

TEST(NewEvents, UnknownTypeWithoutIgnorableFlagNamesTypeAndPosition) {
  EventDecoder d = decoder_for("8.0.36");
  auto e = decode_error(d, 77, Bytes(4, 0));
  EXPECT_EQ(e.code, make_error_code(Errc::unsupported));
  EXPECT_NE(e.message.find("unknown event type 77"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("position 1000"), std::string::npos) << e.message;
}

// ---- TRANSACTION_PAYLOAD ------------------------------------------------------------------------

struct Payload {
  Bytes inner;        // uncompressed events
  Bytes event_bytes;  // the TRANSACTION_PAYLOAD event
};

// Inner events of one transaction with `rows` single-row WRITE_ROWS events (no checksums).
Bytes inner_events(size_t rows, size_t pad = 0) {
  Bytes out;
  auto add = [&](uint8_t type, const Bytes& body) {
    EventSpec s;
    s.type = type;
    s.zero_next_pos = true;
    const Bytes e = make_event(s, body);
    out.insert(out.end(), e.begin(), e.end());
  };
  Bytes q;
  put_le(q, 1, 4);
  put_le(q, 0, 4);
  q.push_back(4);
  put_le(q, 0, 2);
  put_le(q, 0, 2);
  put_str(q, "test");
  q.push_back(0);
  put_str(q, "BEGIN");
  add(2, q);
  add(19, table_map_body(7, "test", "t", {{ColumnType::LONG, {}}, {ColumnType::VARCHAR, {0x40, 0x01}}}));
  for (size_t k = 0; k < rows; ++k) {
    Bytes row = {0};  // null bitmap
    put_le(row, k, 4);
    const std::string text = "row-" + std::to_string(k) + std::string(pad, 'p');
    put_le(row, text.size(), 2);
    put_str(row, text);
    add(30, rows_body(7, 2, 2, row));
  }
  Bytes x;
  put_le(x, 99, 8);
  add(16, x);
  return out;
}

Bytes payload_event(const Bytes& compressed, uint64_t type, uint64_t uncompressed, bool crc,
                    bool with_size = true) {
  Bytes body;
  auto field = [&](uint64_t id, uint64_t value) {
    Bytes v;
    put_packed(v, value);
    put_packed(body, id);
    put_packed(body, v.size());
    body.insert(body.end(), v.begin(), v.end());
  };
  field(2, type);
  if (uncompressed != 0) field(3, uncompressed);
  if (with_size) field(1, compressed.size());
  body.push_back(0);
  body.insert(body.end(), compressed.begin(), compressed.end());
  EventSpec s;
  s.type = 40;
  s.crc = crc;
  s.position = 500;
  return make_event(s, body);
}

Bytes zstd(const Bytes& in, int level = 3) {
  Bytes out(ZSTD_compressBound(in.size()));
  const size_t n = ZSTD_compress(out.data(), out.size(), in.data(), in.size(), level);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

struct InnerSummary {
  std::vector<uint8_t> types;
  std::vector<int64_t> ids;
  std::vector<std::string> texts;
  std::string error;
};

InnerSummary read_all(EventDecoder& d, const TransactionPayloadEvent& p) {
  InnerSummary s;
  PayloadEventReader reader(d, p);
  Row before, after;
  while (true) {
    auto ev = reader.next();
    if (!ev.ok()) {
      s.error = ev.error().message;
      return s;
    }
    if (!ev.value()) return s;
    s.types.push_back(ev.value()->header.type_code);
    if (const auto* rows = std::get_if<RowsEvent>(&ev.value()->body)) {
      auto table = d.table(rows->table_id);
      EXPECT_NE(table, nullptr);
      if (!table) continue;
      RowReader rr(*table, *rows);
      while (true) {
        auto more = rr.next(before, after);
        EXPECT_TRUE(more.ok());
        if (!more.ok() || !more.value()) break;
        s.ids.push_back(after.values[0].i);
        s.texts.emplace_back(after.values[1].bytes);
      }
    }
  }
}

TransactionPayloadEvent decode_payload(EventDecoder& d, const Bytes& event) {
  auto ev = d.decode(event);
  EXPECT_TRUE(ev.ok()) << ev.error().message;
  if (!ev.ok()) return {};
  return std::get<TransactionPayloadEvent>(ev->body);
}

TEST(TransactionPayload, HeaderFields) {
  EventDecoder d = decoder_for("8.0.36", ChecksumAlg::CRC32);
  const Bytes inner = inner_events(1);
  const Bytes z = zstd(inner);
  const Bytes event = payload_event(z, 0, inner.size(), true);
  const auto p = decode_payload(d, event);
  EXPECT_EQ(p.compression_type, TransactionPayloadEvent::kZstd);
  EXPECT_EQ(p.payload_size, z.size());
  EXPECT_EQ(p.uncompressed_size, inner.size());
  EXPECT_EQ(Bytes(p.payload.begin(), p.payload.end()), z);
  // Unknown compression type, size mismatch.
  auto ev = d.decode(payload_event(z, 7, inner.size(), true));
  ASSERT_FALSE(ev.ok());
  EXPECT_EQ(ev.error().code, make_error_code(Errc::unsupported));
  Bytes cut = payload_event(z, 0, inner.size(), false);
  EventDecoder n = decoder_for("8.0.36");
  cut.resize(cut.size() - 1);
  cut[9] = static_cast<uint8_t>(cut.size());  // keep event_size consistent
  auto ev2 = n.decode(cut);
  ASSERT_FALSE(ev2.ok());
  EXPECT_NE(ev2.error().message.find("payload size"), std::string::npos) << ev2.error().message;
}

TEST(TransactionPayload, ReadsInnerEventsStreaming) {
  EventDecoder d = decoder_for("8.0.36", ChecksumAlg::CRC32);
  // ~3000 events, several 64 KiB output chunks.
  const Bytes inner = inner_events(3000, 40);
  ASSERT_GT(inner.size(), 3u * 64 * 1024);
  const Bytes event = payload_event(zstd(inner), 0, inner.size(), true);
  const auto p = decode_payload(d, event);
  const InnerSummary s = read_all(d, p);
  ASSERT_TRUE(s.error.empty()) << s.error;
  ASSERT_EQ(s.types.size(), 3003u);
  EXPECT_EQ(s.types.front(), 2);
  EXPECT_EQ(s.types[1], 19);
  EXPECT_EQ(s.types.back(), 16);
  ASSERT_EQ(s.ids.size(), 3000u);
  for (size_t k = 0; k < s.ids.size(); ++k) {
    ASSERT_EQ(s.ids[k], static_cast<int64_t>(k));
    ASSERT_EQ(s.texts[k], "row-" + std::to_string(k) + std::string(40, 'p'));
  }
  // Uncompressed (NONE) payloads, and a payload without the optional size fields.
  const Bytes none_event = payload_event(inner, 255, 0, true, false);
  const auto none = decode_payload(d, none_event);
  const InnerSummary t = read_all(d, none);
  ASSERT_TRUE(t.error.empty()) << t.error;
  EXPECT_EQ(t.types.size(), 3003u);
}

TEST(TransactionPayload, CorruptPayloadsFailCleanly) {
  EventDecoder d = decoder_for("8.0.36");
  const Bytes inner = inner_events(20);
  const Bytes z = zstd(inner);
  // Truncated zstd frame.
  {
    Bytes cut(z.begin(), z.end() - 5);
    const Bytes p_event = payload_event(cut, 0, inner.size(), false);
    const auto p = decode_payload(d, p_event);
    const InnerSummary s = read_all(d, p);
    EXPECT_NE(s.error.find("TRANSACTION_PAYLOAD"), std::string::npos) << s.error;
  }
  // Garbage instead of zstd.
  {
    const Bytes p_event = payload_event(Bytes(100, 0x42), 0, inner.size(), false);
    const auto p = decode_payload(d, p_event);
    const InnerSummary s = read_all(d, p);
    EXPECT_NE(s.error.find("zstd"), std::string::npos) << s.error;
  }
  // Uncompressed size in the header disagrees with the data.
  {
    const Bytes p_event = payload_event(z, 0, inner.size() + 10, false);
    const auto p = decode_payload(d, p_event);
    const InnerSummary s = read_all(d, p);
    EXPECT_NE(s.error.find("uncompressed bytes, the header says"), std::string::npos) << s.error;
  }
  // An inner event that claims to be huge: refused before reading it.
  {
    Bytes bad = inner;
    bad[9] = 0xff;
    bad[10] = 0xff;
    bad[11] = 0xff;
    bad[12] = 0x7f;
    const Bytes p_event = payload_event(zstd(bad), 0, bad.size(), false);
    const auto p = decode_payload(d, p_event);
    const InnerSummary s = read_all(d, p);
    EXPECT_NE(s.error.find("inner event at uncompressed offset 0: event_size 2147483647"),
              std::string::npos) << s.error;
  }
  // The payload ends inside an inner event.
  {
    Bytes bad(inner.begin(), inner.end() - 3);
    const Bytes p_event = payload_event(zstd(bad), 0, 0, false);
    const auto p = decode_payload(d, p_event);
    const InnerSummary s = read_all(d, p);
    EXPECT_NE(s.error.find("ends inside the event"), std::string::npos) << s.error;
  }
  // A corrupt inner event: the error names its offset in the payload.
  {
    Bytes bad = inner;
    const size_t second = inner[9] | (inner[10] << 8);  // event_size of the first event
    bad[second + 4] = 77;  // unknown type without the ignorable flag
    const Bytes p_event = payload_event(zstd(bad), 0, bad.size(), false);
    const auto p = decode_payload(d, p_event);
    const InnerSummary s = read_all(d, p);
    EXPECT_NE(s.error.find("offset " + std::to_string(second)), std::string::npos) << s.error;
    EXPECT_NE(s.error.find("unknown event type 77"), std::string::npos) << s.error;
  }
}

}  // namespace
}  // namespace binlog::test
