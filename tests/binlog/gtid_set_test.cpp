// MysqlGtidSet and MariadbGtidList: text, binary form, set operations, errors.
#include <gtest/gtest.h>

#include "binlog/binlog.h"
#include "test_support.h"

namespace binlog::test {
namespace {

constexpr const char* kA = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
constexpr const char* kB = "55778904-0299-11f1-b1b8-4ef0c4956feb";

MysqlGtidSet::Uuid uuid(const char* s) {
  MysqlGtidSet::Uuid u{};
  EXPECT_TRUE(MysqlGtidSet::parse_uuid(s, u)) << s;
  return u;
}

MysqlGtidSet parse(std::string_view text) {
  auto r = MysqlGtidSet::parse(text);
  EXPECT_TRUE(r.ok()) << r.error().message;
  return r.ok() ? r.value() : MysqlGtidSet{};
}

std::string parse_error(std::string_view text) {
  auto r = MysqlGtidSet::parse(text);
  EXPECT_FALSE(r.ok()) << text;
  if (r.ok()) return {};
  EXPECT_EQ(r.error().code, make_error_code(Errc::malformed));
  return r.error().message;
}

TEST(MysqlGtidSet, ParsesAndPrintsCanonically) {
  EXPECT_TRUE(parse("").empty());
  EXPECT_TRUE(parse("  \n ").empty());
  EXPECT_EQ(parse(std::string(kA) + ":1-5").to_string(), std::string(kA) + ":1-5");
  // Sorted uuids, merged and sorted intervals, single transactions without "-".
  const std::string text = std::string(kB) + ":7:1-3:4-5,\n" + kA + ":10-20:1-9:22";
  const MysqlGtidSet s = parse(text);
  EXPECT_EQ(s.to_string(), std::string(kA) + ":1-20:22," + kB + ":1-5:7");
  EXPECT_EQ(s.to_string(",\n"), std::string(kA) + ":1-20:22,\n" + kB + ":1-5:7");
  EXPECT_EQ(s.count(), 21u + 6u);
  // What MySQL prints for @@gtid_executed, whitespace anywhere between tokens, upper case,
  // uuid without dashes, empty groups.
  const MysqlGtidSet t = parse(" 3E11FA4771CA11E19E33C80AA9429562 : 1 - 20 : 22 ,\n\t,55778904-0299-11F1-B1B8-4EF0C4956FEB:1-5:7 ");
  EXPECT_EQ(t, s);
}

TEST(MysqlGtidSet, Tags) {
  const MysqlGtidSet s = parse(std::string(kB) + ":1-13:MyTag:1-2:_x:5," + kB + ":mytag:3");
  EXPECT_EQ(s.to_string(), std::string(kB) + ":1-13:_x:5:mytag:1-3");
  EXPECT_TRUE(s.contains(uuid(kB), "", 13));
  EXPECT_TRUE(s.contains(uuid(kB), "mytag", 3));
  EXPECT_TRUE(s.contains(uuid(kB), "MYTAG", 3));
  EXPECT_FALSE(s.contains(uuid(kB), "mytag", 4));
  EXPECT_FALSE(s.contains(uuid(kB), "other", 1));
  const auto entries = s.entries();
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[1].tag, "_x");
  EXPECT_EQ(entries[2].intervals, (std::vector<GtidInterval>{{1, 3}}));
  EXPECT_TRUE(MysqlGtidSet::valid_tag(std::string(32, 'a')));
  EXPECT_FALSE(MysqlGtidSet::valid_tag(std::string(33, 'a')));
  EXPECT_FALSE(MysqlGtidSet::valid_tag("a-b"));
  EXPECT_FALSE(MysqlGtidSet::valid_tag(""));
}

TEST(MysqlGtidSet, MalformedTextNamesTheProblem) {
  std::string e = parse_error("3e11fa47-71ca-11e1-9e33-c80aa942956:1");
  EXPECT_NE(e.find("bad uuid '3e11fa47-71ca-11e1-9e33-c80aa942956' at character 0"),
            std::string::npos) << e;
  e = parse_error(std::string(kA) + ":5-3");
  EXPECT_NE(e.find("interval end before its start in '5-3' at character 37"), std::string::npos) << e;
  e = parse_error(std::string(kA) + ":0");
  EXPECT_NE(e.find("out of range"), std::string::npos) << e;
  e = parse_error(std::string(kA) + ":1-99999999999999999999");
  EXPECT_NE(e.find("bad interval end '99999999999999999999'"), std::string::npos) << e;
  e = parse_error(std::string(kA) + ":1-9223372036854775807");
  EXPECT_NE(e.find("out of range"), std::string::npos) << e;
  e = parse_error(std::string(kA) + ":" + std::string(33, 't') + ":1");
  EXPECT_NE(e.find("bad tag"), std::string::npos) << e;
  e = parse_error(std::string(kA) + ":1x");
  EXPECT_NE(e.find("unexpected 'x' at character 38"), std::string::npos) << e;
  e = parse_error(std::string(kA) + ":-4");
  EXPECT_NE(e.find("expected a transaction number or a tag, found '-4'"), std::string::npos) << e;
  e = parse_error(std::string(kA) + ":1;" + kB + ":2");
  EXPECT_NE(e.find("unexpected"), std::string::npos) << e;
  e = parse_error("garbage");
  EXPECT_NE(e.find("bad uuid 'garbage' at character 0"), std::string::npos) << e;
}

TEST(MysqlGtidSet, AddMergeContains) {
  MysqlGtidSet s;
  ASSERT_TRUE(s.add(uuid(kA), "", 5).ok());
  ASSERT_TRUE(s.add(uuid(kA), "", 3).ok());
  ASSERT_TRUE(s.add(uuid(kA), "", 4).ok());  // joins 3 and 5
  ASSERT_TRUE(s.add(uuid(kA), "", 10).ok());
  EXPECT_EQ(s.to_string(), std::string(kA) + ":3-5:10");
  EXPECT_FALSE(s.add(uuid(kA), "", 0).ok());
  EXPECT_FALSE(s.add(uuid(kA), "bad tag", 1).ok());
  EXPECT_FALSE(s.add_interval(uuid(kA), "", {5, 4}).ok());
  ASSERT_TRUE(s.add_interval(uuid(kA), "", {6, 9}).ok());
  EXPECT_EQ(s.to_string(), std::string(kA) + ":3-10");

  MysqlGtidSet other = parse(std::string(kA) + ":1-2:11-12," + kB + ":1");
  EXPECT_FALSE(s.contains(other));
  s.merge(other);
  EXPECT_EQ(s.to_string(), std::string(kA) + ":1-12," + kB + ":1");
  EXPECT_TRUE(s.contains(other));
  EXPECT_TRUE(s.contains(parse(std::string(kA) + ":4-6")));
  EXPECT_FALSE(s.contains(parse(std::string(kA) + ":12-13")));
  EXPECT_TRUE(s.contains(MysqlGtidSet{}));
  EXPECT_TRUE(s.contains(uuid(kA), "", 12));
  EXPECT_FALSE(s.contains(uuid(kA), "", 13));
  EXPECT_FALSE(s.contains(uuid(kB), "", 2));
  // The largest gno.
  ASSERT_TRUE(s.add(uuid(kB), "", MysqlGtidSet::kMaxGno).ok());
  EXPECT_TRUE(s.contains(uuid(kB), "", MysqlGtidSet::kMaxGno));
}

TEST(MysqlGtidSet, BinaryRoundTrip) {
  const MysqlGtidSet untagged = parse(std::string(kA) + ":1-5:7," + kB + ":1-13");
  const auto bytes = untagged.encode();
  EXPECT_EQ(bytes.size(), 8u + 2 * (16 + 8) + 3 * 16);
  EXPECT_EQ(bytes[7], 0);
  auto back = MysqlGtidSet::decode(bytes);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back.value(), untagged);
  const MysqlGtidSet tagged = parse(std::string(kB) + ":1-13:mytag:1-2");
  const auto tb = tagged.encode();
  EXPECT_EQ(tb[0], 1);
  EXPECT_EQ(tb[7], 1);
  back = MysqlGtidSet::decode(tb);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->to_string(), std::string(kB) + ":1-13:mytag:1-2");
  auto empty = MysqlGtidSet::decode(MysqlGtidSet{}.encode());
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(MysqlGtidSet, BinaryFromMysql96) {
  // The PREVIOUS_GTIDS body of binlog_transaction_with_GTID_TAG.000001 (EXPECTED.md).
  const Bytes body = {
      0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x55, 0x77, 0x89, 0x04, 0x02, 0x99, 0x11,
      0xf1, 0xb1, 0xb8, 0x4e, 0xf0, 0xc4, 0x95, 0x6f, 0xeb, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0e, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x55, 0x77, 0x89, 0x04, 0x02, 0x99, 0x11, 0xf1, 0xb1, 0xb8, 0x4e,
      0xf0, 0xc4, 0x95, 0x6f, 0xeb, 0x0a, 0x6d, 0x79, 0x74, 0x61, 0x67, 0x01, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x00};
  auto s = MysqlGtidSet::decode(body);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->to_string(), std::string(kB) + ":1-13:mytag:1-2");
  EXPECT_EQ(s->encode(), body);
}

TEST(MysqlGtidSet, BinaryErrors) {
  auto r = MysqlGtidSet::decode(Bytes{1, 0, 0});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, make_error_code(Errc::truncated));
  // A count far beyond the bytes: refused before allocating.
  Bytes huge = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00};
  r = MysqlGtidSet::decode(huge);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("do not fit"), std::string::npos) << r.error().message;
  // An empty interval.
  Bytes bad;
  put_le(bad, 1, 8);
  for (int k = 0; k < 16; ++k) bad.push_back(0x11);
  put_le(bad, 1, 8);
  put_le(bad, 5, 8);
  put_le(bad, 5, 8);
  r = MysqlGtidSet::decode(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("interval [5, 5)"), std::string::npos) << r.error().message;
  // Trailing bytes; unknown format byte.
  Bytes trailing = MysqlGtidSet{}.encode();
  trailing.push_back(0);
  EXPECT_FALSE(MysqlGtidSet::decode(trailing).ok());
  EXPECT_FALSE(MysqlGtidSet::decode(Bytes{0, 0, 0, 0, 0, 0, 0, 2}).ok());
}

TEST(MariadbGtidList, ParseUpdatePrint) {
  auto r = MariadbGtidList::parse(" 1-2-5 , 0-1-100");
  ASSERT_TRUE(r.ok()) << r.error().message;
  MariadbGtidList l = r.value();
  EXPECT_EQ(l.to_string(), "0-1-100,1-2-5");
  ASSERT_NE(l.find(1), nullptr);
  EXPECT_EQ(l.find(1)->sequence, 5u);
  EXPECT_EQ(l.find(7), nullptr);
  EXPECT_TRUE(l.contains({0, 9, 100}));
  EXPECT_FALSE(l.contains({0, 1, 101}));
  EXPECT_FALSE(l.contains({3, 1, 1}));
  l.update({0, 3, 101});
  l.update({5, 1, 1});
  EXPECT_EQ(l.to_string(), "0-3-101,1-2-5,5-1-1");
  EXPECT_TRUE(MariadbGtidList::parse("")->empty());
  EXPECT_EQ(MariadbGtidList::parse("4294967295-4294967295-18446744073709551615")->to_string(),
            "4294967295-4294967295-18446744073709551615");
  const std::vector<MariadbGtid> state = {{0, 1, 10}, {0, 2, 12}, {1, 1, 3}};
  EXPECT_EQ(MariadbGtidList::from_gtids(state).to_string(), "0-2-12,1-1-3");
}

TEST(MariadbGtidList, MalformedTextNamesTheProblem) {
  auto check = [](std::string_view text, std::string_view want) {
    auto r = MariadbGtidList::parse(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.error().code, make_error_code(Errc::malformed));
    EXPECT_NE(r.error().message.find(want), std::string::npos) << r.error().message;
  };
  check("0-1", "expected domain-server-sequence, found '0-1' at character 0");
  check("0-1-5,x-1-2", "bad domain id in 'x-1-2' at character 6");
  check("0-4294967296-1", "bad server id");
  check("0-1-18446744073709551616", "bad sequence number");
  check("0-1-5,0-2-6", "a second GTID for domain 0");
  check("0-1-5,", "expected domain-server-sequence, found '' at character 6");
  check("0-1--5", "bad sequence number");
}

}  // namespace
}  // namespace binlog::test
