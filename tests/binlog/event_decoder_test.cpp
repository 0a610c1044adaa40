// EventDecoder on hand-built events: header, FORMAT_DESCRIPTION, checksums, and the control
// events (ROTATE, QUERY, XID, GTIDs, HEARTBEAT, unknown types).
#include <gtest/gtest.h>

#include "binlog/binlog.h"
#include "test_support.h"

namespace binlog::test {
namespace {

Bytes mysql8_fde(ChecksumAlg alg = ChecksumAlg::NONE) { return make_fde("8.0.36", alg); }

EventDecoder decoder_after(const Bytes& fde) {
  EventDecoder d;
  auto r = d.decode(fde);
  EXPECT_TRUE(r.ok()) << r.error().message;
  return d;
}

TEST(EventHeader, ParsesAllFields) {
  EventDecoder d;
  EventSpec s;
  s.type = 4;  // ROTATE is accepted before a FORMAT_DESCRIPTION
  s.timestamp = 0x01020304;
  s.server_id = 77;
  s.position = 1000;
  s.flags = 0x20;
  Bytes body;
  put_le(body, 4, 8);
  put_str(body, "bin.000002");
  auto ev = d.decode(make_event(s, body));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  EXPECT_EQ(ev->header.timestamp, 0x01020304u);
  EXPECT_EQ(ev->header.type_code, 4);
  EXPECT_EQ(ev->header.server_id, 77u);
  EXPECT_EQ(ev->header.event_size, 19u + 18u);
  EXPECT_EQ(ev->header.next_pos, 1000u + 37u);
  EXPECT_EQ(ev->header.flags, 0x20);
}

TEST(EventHeader, SizeMismatchesAreErrors) {
  EventDecoder d;
  const Bytes fde = mysql8_fde();
  Bytes shorter(fde.begin(), fde.end() - 1);
  auto r = d.decode(shorter);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, make_error_code(Errc::truncated));
  Bytes longer = fde;
  longer.push_back(0);
  r = d.decode(longer);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, make_error_code(Errc::malformed));
  Bytes tiny(10, 0);
  r = d.decode(tiny);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, make_error_code(Errc::truncated));
  Bytes small_size = fde;
  small_size[9] = 10;  // event_size 10 < 19
  small_size[10] = small_size[11] = small_size[12] = 0;
  r = d.decode(small_size);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, make_error_code(Errc::malformed));
}

TEST(FormatDescription, Mysql8WithCrc32) {
  EventDecoder d;
  auto ev = d.decode(mysql8_fde(ChecksumAlg::CRC32));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  const auto& fde = std::get<FormatDescriptionEvent>(ev->body);
  EXPECT_EQ(fde.binlog_version, 4);
  EXPECT_EQ(fde.server_version, "8.0.36");
  EXPECT_EQ(fde.header_length, 19);
  EXPECT_EQ(fde.checksum, ChecksumAlg::CRC32);
  EXPECT_EQ(fde.post_header_lengths.size(), 42u);
  EXPECT_EQ(fde.post_header_lengths[1], 13);  // QUERY
  EXPECT_FALSE(fde.is_mariadb());
  EXPECT_EQ(d.format().checksum, ChecksumAlg::CRC32);
}

TEST(FormatDescription, ChecksumNoneStillHasAlgByteAndCrc) {
  EventDecoder d;
  auto ev = d.decode(mysql8_fde(ChecksumAlg::NONE));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  const auto& fde = std::get<FormatDescriptionEvent>(ev->body);
  EXPECT_EQ(fde.checksum, ChecksumAlg::NONE);
  EXPECT_EQ(fde.post_header_lengths.size(), 42u);  // alg byte and CRC are not lengths
}

TEST(FormatDescription, OldServerHasNoAlgByte) {
  EventDecoder d;
  auto ev = d.decode(make_fde("5.5.27-log", ChecksumAlg::NONE, /*with_alg=*/false));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  const auto& fde = std::get<FormatDescriptionEvent>(ev->body);
  EXPECT_EQ(fde.checksum, ChecksumAlg::NONE);
  EXPECT_EQ(fde.post_header_lengths.size(), 42u);
}

TEST(FormatDescription, MariadbIsDetected) {
  EventDecoder d;
  auto ev = d.decode(make_fde("10.11.6-MariaDB-log", ChecksumAlg::CRC32));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  const auto& fde = std::get<FormatDescriptionEvent>(ev->body);
  EXPECT_TRUE(fde.is_mariadb());
  EXPECT_EQ(fde.post_header_lengths.size(), 171u);
  // MariaDB 5.5 already has checksums (>= 5.3)
  ev = d.decode(make_fde("5.5.40-MariaDB", ChecksumAlg::CRC32));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  EXPECT_EQ(std::get<FormatDescriptionEvent>(ev->body).checksum, ChecksumAlg::CRC32);
}

TEST(FormatDescription, CrcIsComputedWithInUseFlagCleared) {
  // The server writes the FDE with LOG_EVENT_BINLOG_IN_USE_F set and a CRC computed as if it
  // were clear; our builder computes the CRC with flags 0, then we set the flag.
  Bytes fde = mysql8_fde(ChecksumAlg::CRC32);
  fde[17] |= 1;
  EventDecoder d;
  auto ev = d.decode(fde);
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  EXPECT_EQ(ev->header.flags & 1, 1);
}

TEST(FormatDescription, BadCrcIsReported) {
  Bytes fde = mysql8_fde(ChecksumAlg::CRC32);
  fde[30] ^= 0x55;  // inside the server version
  EventDecoder d;
  auto ev = d.decode(fde);
  ASSERT_FALSE(ev.ok());
  EXPECT_EQ(ev.error().code, make_error_code(Errc::checksum_mismatch));
  EXPECT_NE(ev.error().message.find("FORMAT_DESCRIPTION_EVENT at position 4"), std::string::npos)
      << ev.error().message;
  // With verification off it decodes.
  EventDecoder lenient(DecoderOptions{ChecksumAlg::NONE, false});
  EXPECT_TRUE(lenient.decode(fde).ok());
}

TEST(FormatDescription, UnsupportedVersionAndAlgorithm) {
  Bytes fde = mysql8_fde();
  fde[19] = 3;  // binlog version 3
  EventDecoder d;
  auto ev = d.decode(fde);
  ASSERT_FALSE(ev.ok());
  EXPECT_EQ(ev.error().code, make_error_code(Errc::unsupported));
  EventDecoder d2(DecoderOptions{ChecksumAlg::NONE, false});
  Bytes alg = mysql8_fde();
  alg[alg.size() - 5] = 7;
  ev = d2.decode(alg);
  ASSERT_FALSE(ev.ok());
  EXPECT_EQ(ev.error().code, make_error_code(Errc::unsupported));
}

Bytes query_body(std::string_view db, std::string_view query, const Bytes& status) {
  Bytes b;
  put_le(b, 42, 4);  // thread id
  put_le(b, 3, 4);   // exec time
  b.push_back(static_cast<uint8_t>(db.size()));
  put_le(b, 0, 2);  // error code
  put_le(b, status.size(), 2);
  b.insert(b.end(), status.begin(), status.end());
  put_str(b, db);
  b.push_back(0);
  put_str(b, query);
  return b;
}

TEST(Checksum, MismatchNamesThePosition) {
  EventDecoder d = decoder_after(mysql8_fde(ChecksumAlg::CRC32));
  EventSpec s;
  s.type = 2;
  s.position = 1234;
  s.crc = true;
  Bytes ev = make_event(s, query_body("db", "BEGIN", {}));
  auto ok = d.decode(ev);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(std::get<QueryEvent>(ok->body).query, "BEGIN");  // the CRC is not part of the text
  ev[25] ^= 1;
  auto bad = d.decode(ev);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, make_error_code(Errc::checksum_mismatch));
  EXPECT_NE(bad.error().message.find("QUERY_EVENT at position 1234"), std::string::npos)
      << bad.error().message;
}

TEST(Rotate, RegularAndFake) {
  EventDecoder d = decoder_after(mysql8_fde(ChecksumAlg::CRC32));
  Bytes body;
  put_le(body, 4, 8);
  put_str(body, "mysql-bin.000124");
  EventSpec s;
  s.type = 4;
  s.crc = true;
  auto ev = d.decode(make_event(s, body));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  const auto& rot = std::get<RotateEvent>(ev->body);
  EXPECT_EQ(rot.position, 4u);
  EXPECT_EQ(rot.next_file, "mysql-bin.000124");

  // The fake ROTATE that starts a replication stream: timestamp 0, log_pos 0, before any FDE,
  // with a checksum when the connection negotiated one.
  EventDecoder stream(DecoderOptions{ChecksumAlg::CRC32, true});
  Bytes fake_body;
  put_le(fake_body, 154, 8);
  put_str(fake_body, "mysql-bin.000007");
  EventSpec f;
  f.type = 4;
  f.timestamp = 0;
  f.zero_next_pos = true;
  f.flags = 0x20;  // LOG_EVENT_ARTIFICIAL_F
  f.crc = true;
  ev = stream.decode(make_event(f, fake_body));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  EXPECT_EQ(ev->header.next_pos, 0u);
  EXPECT_EQ(std::get<RotateEvent>(ev->body).position, 154u);
  EXPECT_EQ(std::get<RotateEvent>(ev->body).next_file, "mysql-bin.000007");
}

TEST(Query, StatusVariables) {
  EventDecoder d = decoder_after(mysql8_fde());
  Bytes status;
  status.push_back(0);  // Q_FLAGS2_CODE
  put_le(status, 0x00004000, 4);
  status.push_back(1);  // Q_SQL_MODE_CODE
  put_le(status, 0x1234567890ULL, 8);
  status.push_back(6);  // Q_CATALOG_NZ_CODE
  status.push_back(3);
  put_str(status, "std");
  status.push_back(4);  // Q_CHARSET_CODE
  put_le(status, 33, 2);
  put_le(status, 255, 2);
  put_le(status, 8, 2);
  status.push_back(5);  // Q_TIME_ZONE_CODE
  status.push_back(6);
  put_str(status, "+02:00");
  status.push_back(12);  // Q_UPDATED_DB_NAMES
  status.push_back(2);
  put_str(status, std::string_view("db1\0db2\0", 8));
  status.push_back(8);  // Q_CHARSET_DATABASE_CODE
  put_le(status, 45, 2);
  status.push_back(17);  // Q_DDL_LOGGED_WITH_XID
  put_le(status, 99, 8);
  status.push_back(18);  // Q_DEFAULT_COLLATION_FOR_UTF8MB4
  put_le(status, 255, 2);
  EventSpec s;
  s.type = 2;
  auto ev = d.decode(make_event(s, query_body("shop", "CREATE TABLE t (a INT)", status)));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  const auto& q = std::get<QueryEvent>(ev->body);
  EXPECT_EQ(q.thread_id, 42u);
  EXPECT_EQ(q.exec_time, 3u);
  EXPECT_EQ(q.error_code, 0);
  EXPECT_EQ(q.database, "shop");
  EXPECT_EQ(q.query, "CREATE TABLE t (a INT)");
  EXPECT_EQ(q.flags2, std::optional<uint32_t>(0x4000));
  EXPECT_EQ(q.sql_mode, std::optional<uint64_t>(0x1234567890ULL));
  EXPECT_EQ(q.charset_client, std::optional<uint16_t>(33));
  EXPECT_EQ(q.collation_connection, std::optional<uint16_t>(255));
  EXPECT_EQ(q.collation_server, std::optional<uint16_t>(8));
  EXPECT_EQ(q.time_zone, std::optional<std::string>("+02:00"));
  EXPECT_EQ(q.collation_database, std::optional<uint16_t>(45));
  EXPECT_EQ(q.ddl_xid, std::optional<uint64_t>(99));
  EXPECT_EQ(q.default_collation_for_utf8mb4, std::optional<uint16_t>(255));
}

TEST(Query, UnknownStatusVarStopsParsingButKeepsTheQuery) {
  EventDecoder d = decoder_after(mysql8_fde());
  Bytes status;
  status.push_back(1);  // sql_mode
  put_le(status, 7, 8);
  status.push_back(99);  // unknown code with some bytes
  put_bytes(status, {1, 2, 3, 4, 5});
  EventSpec s;
  s.type = 2;
  auto ev = d.decode(make_event(s, query_body("", "COMMIT", status)));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  const auto& q = std::get<QueryEvent>(ev->body);
  EXPECT_EQ(q.sql_mode, std::optional<uint64_t>(7));
  EXPECT_FALSE(q.charset_client.has_value());
  EXPECT_EQ(q.database, "");
  EXPECT_EQ(q.query, "COMMIT");
}

TEST(Query, TruncatedStatusVarValueStopsQuietly) {
  EventDecoder d = decoder_after(mysql8_fde());
  Bytes status;
  status.push_back(4);  // charset needs 6 bytes, give 2
  put_le(status, 33, 2);
  EventSpec s;
  s.type = 2;
  auto ev = d.decode(make_event(s, query_body("x", "SELECT 1", status)));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  EXPECT_FALSE(std::get<QueryEvent>(ev->body).charset_client.has_value());
  EXPECT_EQ(std::get<QueryEvent>(ev->body).query, "SELECT 1");
}

TEST(Query, StatusLengthBeyondTheEventIsAnError) {
  EventDecoder d = decoder_after(mysql8_fde());
  Bytes body = query_body("x", "q", {});
  body[11] = 0xff;  // status_vars_len
  EventSpec s;
  s.type = 2;
  auto ev = d.decode(make_event(s, body));
  ASSERT_FALSE(ev.ok());
  EXPECT_EQ(ev.error().code, make_error_code(Errc::truncated));
}

TEST(Xid, EightBytes) {
  EventDecoder d = decoder_after(mysql8_fde(ChecksumAlg::CRC32));
  Bytes body;
  put_le(body, 0x1122334455667788ULL, 8);
  EventSpec s;
  s.type = 16;
  s.crc = true;
  auto ev = d.decode(make_event(s, body));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  EXPECT_EQ(std::get<XidEvent>(ev->body).xid, 0x1122334455667788ULL);
  body.push_back(0);
  ev = d.decode(make_event(s, body));
  ASSERT_FALSE(ev.ok());
  EXPECT_EQ(ev.error().code, make_error_code(Errc::malformed));
}

TEST(Gtid, MysqlAndAnonymous) {
  EventDecoder d = decoder_after(mysql8_fde());
  Bytes body;
  body.push_back(1);  // flags
  const uint8_t sid[16] = {0x3e, 0x11, 0xfa, 0x47, 0x71, 0xca, 0x11, 0xe1,
                           0x9e, 0x33, 0xc8, 0x0a, 0xa9, 0x42, 0x95, 0x62};
  body.insert(body.end(), sid, sid + 16);
  put_le(body, 23, 8);
  body.push_back(2);  // lt type + logical clock (not read)
  put_le(body, 5, 8);
  put_le(body, 6, 8);
  EventSpec s;
  s.type = 33;
  auto ev = d.decode(make_event(s, body));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  const auto& g = std::get<GtidEvent>(ev->body);
  EXPECT_FALSE(g.mariadb);
  EXPECT_FALSE(g.anonymous);
  EXPECT_EQ(g.gno, 23);
  EXPECT_EQ(g.to_string(1), "3e11fa47-71ca-11e1-9e33-c80aa9429562:23");
  EXPECT_FALSE(g.standalone());
  s.type = 34;
  ev = d.decode(make_event(s, body));
  ASSERT_TRUE(ev.ok());
  EXPECT_TRUE(std::get<GtidEvent>(ev->body).anonymous);
  EXPECT_EQ(std::get<GtidEvent>(ev->body).to_string(1), "ANONYMOUS");
  Bytes short_body(body.begin(), body.begin() + 20);
  s.type = 33;
  ev = d.decode(make_event(s, short_body));
  ASSERT_FALSE(ev.ok());
  EXPECT_EQ(ev.error().code, make_error_code(Errc::truncated));
}

TEST(Gtid, Mariadb) {
  EventDecoder d = decoder_after(make_fde("10.11.6-MariaDB-log", ChecksumAlg::CRC32));
  Bytes body;
  put_le(body, 250080, 8);  // seq_no
  put_le(body, 7, 4);       // domain
  body.push_back(1);        // FL_STANDALONE
  put_bytes(body, {0, 0, 0, 0, 0, 0});
  EventSpec s;
  s.type = 162;
  s.server_id = 10;
  s.crc = true;
  auto ev = d.decode(make_event(s, body));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  const auto& g = std::get<GtidEvent>(ev->body);
  EXPECT_TRUE(g.mariadb);
  EXPECT_EQ(g.sequence, 250080u);
  EXPECT_EQ(g.domain_id, 7u);
  EXPECT_TRUE(g.standalone());
  EXPECT_EQ(g.to_string(ev->header.server_id), "7-10-250080");
  body[12] = 0x0c;  // transactional
  ev = d.decode(make_event(s, body));
  ASSERT_TRUE(ev.ok());
  EXPECT_FALSE(std::get<GtidEvent>(ev->body).standalone());
}

TEST(Gtid, TaggedSerialization) {
  EventDecoder d = decoder_after(make_fde("9.6.0", ChecksumAlg::NONE));
  // The body of a real GTID_TAGGED_LOG_EVENT (9.6.0): uuid 55778904-0299-11f1-b1b8-4ef0c4956feb,
  // tag "mytag", gno 3.
  const Bytes body = {0x02, 0x78, 0x00, 0x00, 0x02, 0x02, 0xaa, 0xee, 0x25, 0x02, 0x08, 0x04,
                      0x65, 0x02, 0x22, 0xc5, 0x03, 0xc5, 0x02, 0xe1, 0x02, 0x9c, 0xc1, 0x03,
                      0x11, 0x03, 0x55, 0x02, 0xde, 0xad, 0x03, 0x04, 0x0c, 0x06, 0x0a, 0x6d,
                      0x79, 0x74, 0x61, 0x67, 0x08, 0x00, 0x0a, 0x04, 0x0c, 0x7f, 0x1c, 0xf3,
                      0xb8, 0x14, 0x24, 0x4a, 0x06, 0x10, 0xa1, 0x04, 0x12, 0x43, 0x0f, 0x0b};
  EventSpec s;
  s.type = 42;
  auto ev = d.decode(make_event(s, body));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  const auto& g = std::get<GtidEvent>(ev->body);
  EXPECT_EQ(g.tag, "mytag");
  EXPECT_EQ(g.gno, 3);
  EXPECT_EQ(g.to_string(0), "55778904-0299-11f1-b1b8-4ef0c4956feb:mytag:3");
}

TEST(Heartbeat, LogFileFromBody) {
  EventDecoder d = decoder_after(mysql8_fde(ChecksumAlg::CRC32));
  EventSpec s;
  s.type = 27;
  s.timestamp = 0;
  s.position = 1000;
  s.crc = true;
  Bytes body;
  put_str(body, "binlog.000003");
  auto ev = d.decode(make_event(s, body));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  const auto& hb = std::get<HeartbeatEvent>(ev->body);
  EXPECT_EQ(hb.log_file, "binlog.000003");
  EXPECT_EQ(hb.position, ev->header.next_pos);
}

TEST(Heartbeat, V2Fields) {
  EventDecoder d = decoder_after(mysql8_fde(ChecksumAlg::CRC32));
  Bytes body;
  put_packed(body, 1);
  put_packed(body, 13);
  put_str(body, "binlog.000041");
  put_packed(body, 9);  // unknown field: skipped
  put_packed(body, 2);
  put_bytes(body, {7, 7});
  Bytes pos;
  put_packed(pos, 123456789);
  put_packed(body, 2);
  put_packed(body, pos.size());
  body.insert(body.end(), pos.begin(), pos.end());
  put_packed(body, 0);
  EventSpec s;
  s.type = 41;
  s.zero_next_pos = true;
  s.crc = true;
  auto ev = d.decode(make_event(s, body));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  const auto& hb = std::get<HeartbeatEvent>(ev->body);
  EXPECT_EQ(hb.log_file, "binlog.000041");
  EXPECT_EQ(hb.position, 123456789u);
}

TEST(UnknownTypes, IgnorableAuroraAndUnsupported) {
  EventDecoder d = decoder_after(mysql8_fde());
  EventSpec s;
  s.type = 120;
  s.flags = 0x80;  // LOG_EVENT_IGNORABLE_F
  s.position = 4000;
  auto ev = d.decode(make_event(s, Bytes(10, 0)));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  EXPECT_EQ(std::get<UnknownEvent>(ev->body).type_code, 120);
  s.type = 100;  // Aurora padding
  s.flags = 0;
  ev = d.decode(make_event(s, Bytes(900, 0)));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  EXPECT_TRUE(std::holds_alternative<UnknownEvent>(ev->body));
  s.type = 121;
  ev = d.decode(make_event(s, Bytes(10, 0)));
  ASSERT_FALSE(ev.ok());
  EXPECT_EQ(ev.error().code, make_error_code(Errc::unsupported));
  EXPECT_NE(ev.error().message.find("121"), std::string::npos);
  EXPECT_NE(ev.error().message.find("position 4000"), std::string::npos) << ev.error().message;
}

TEST(KnownTypes, OthersStayOpaque) {
  EventDecoder d = decoder_after(mysql8_fde());
  // STOP, LOAD DATA events, pre-GA rows events, IGNORABLE, TRANSACTION_CONTEXT.
  for (uint8_t t : {3, 6, 7, 8, 9, 10, 11, 12, 17, 18, 20, 21, 22, 28, 36}) {
    EventSpec s;
    s.type = t;
    auto ev = d.decode(make_event(s, Bytes(12, 0)));
    ASSERT_TRUE(ev.ok()) << int(t) << ev.error().message;
    EXPECT_EQ(std::get<OtherEvent>(ev->body).type_code, t);
  }
}

TEST(KnownTypes, EncryptedBinlog) {
  EventDecoder d = decoder_after(make_fde("10.11.6-MariaDB-log", ChecksumAlg::NONE));
  EventSpec s;
  s.type = 164;
  auto ev = d.decode(make_event(s, Bytes(17, 0)));
  ASSERT_FALSE(ev.ok());
  EXPECT_EQ(ev.error().code, make_error_code(Errc::encrypted));
}

TEST(KnownTypes, RowsBeforeFormatDescriptionAreRejected) {
  EventDecoder d;
  EventSpec s;
  s.type = 19;
  auto ev = d.decode(make_event(s, table_map_body(1, "d", "t", {{ColumnType::LONG, {}}})));
  ASSERT_FALSE(ev.ok());
  EXPECT_NE(ev.error().message.find("FORMAT_DESCRIPTION"), std::string::npos);
}

TEST(EventTypeName, ServerNames) {
  EXPECT_EQ(event_type_name(23), "WRITE_ROWS_EVENT_V1");
  EXPECT_EQ(event_type_name(30), "WRITE_ROWS_EVENT");
  EXPECT_EQ(event_type_name(24), "UPDATE_ROWS_EVENT_V1");
  EXPECT_EQ(event_type_name(32), "DELETE_ROWS_EVENT");
  EXPECT_EQ(event_type_name(33), "GTID_LOG_EVENT");
  EXPECT_EQ(event_type_name(34), "ANONYMOUS_GTID_LOG_EVENT");
  EXPECT_EQ(event_type_name(35), "PREVIOUS_GTIDS_LOG_EVENT");
  EXPECT_EQ(event_type_name(19), "TABLE_MAP_EVENT");
  EXPECT_EQ(event_type_name(15), "FORMAT_DESCRIPTION_EVENT");
  EXPECT_EQ(event_type_name(2), "QUERY_EVENT");
  EXPECT_EQ(event_type_name(16), "XID_EVENT");
  EXPECT_EQ(event_type_name(4), "ROTATE_EVENT");
  EXPECT_EQ(event_type_name(162), "GTID_EVENT");
  EXPECT_EQ(event_type_name(163), "GTID_LIST_EVENT");
  EXPECT_EQ(event_type_name(160), "ANNOTATE_ROWS_EVENT");
  EXPECT_EQ(event_type_name(161), "BINLOG_CHECKPOINT_EVENT");
  EXPECT_EQ(event_type_name(40), "TRANSACTION_PAYLOAD_EVENT");
  EXPECT_EQ(event_type_name(42), "GTID_TAGGED_LOG_EVENT");
  EXPECT_EQ(event_type_name(171), "DELETE_ROWS_COMPRESSED_EVENT");
  EXPECT_EQ(event_type_name(100), "UNKNOWN_EVENT_100");
  EXPECT_EQ(column_type_name(ColumnType::NEWDECIMAL), "NEWDECIMAL");
}

TEST(Errors, CategoryAndMessages) {
  const auto ec = make_error_code(Errc::checksum_mismatch);
  EXPECT_STREQ(ec.category().name(), "binlog");
  EXPECT_FALSE(ec.message().empty());
  std::error_code converted = Errc::truncated;  // is_error_code_enum
  EXPECT_EQ(converted, make_error_code(Errc::truncated));
}

}  // namespace
}  // namespace binlog::test
