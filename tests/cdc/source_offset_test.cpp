#include <gtest/gtest.h>

#include "source_offset.h"

namespace cdc {
namespace {

TEST(SourceOffset, RoundTripsDebeziumKeys) {
  SourceOffset o;
  o.file = "mariadb-bin.000003";
  o.pos = 1234;
  o.event = 3;
  o.row = 1;
  o.server_id = 1;
  o.ts_sec = 1700000000;
  const std::string text = o.to_json();
  EXPECT_EQ(text,
            "{\"ts_sec\":1700000000,\"file\":\"mariadb-bin.000003\",\"pos\":1234,\"row\":1,\"server_id\":1,\"event\":3}");
  auto back = SourceOffset::parse(text);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->file, o.file);
  EXPECT_EQ(back->pos, 1234u);
  EXPECT_EQ(back->event, 3u);
  EXPECT_EQ(back->row, 1u);
}

TEST(SourceOffset, AcceptsDebeziumWrittenOffsetWithoutSkipCounters) {
  auto o = SourceOffset::parse("{\"ts_sec\":1661595997,\"file\":\"mysql-bin.000002\",\"pos\":8592550,"
                               "\"gtids\":\"063c62eb-25e1-11ed-b41c-0242ac160004:37\"}");
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->pos, 8592550u);
  EXPECT_EQ(o->event, 0u);
  EXPECT_EQ(o->gtids, "063c62eb-25e1-11ed-b41c-0242ac160004:37");
}

TEST(SourceOffset, MalformedOffsetsNameTheProblem) {
  auto bad_json = SourceOffset::parse("{\"file\":");
  ASSERT_FALSE(bad_json.ok());
  EXPECT_NE(bad_json.error().message.find("not valid JSON"), std::string::npos);
  auto no_file = SourceOffset::parse("{\"pos\":4}");
  ASSERT_FALSE(no_file.ok());
  EXPECT_NE(no_file.error().message.find("\"file\""), std::string::npos);
  auto bad_pos = SourceOffset::parse("{\"file\":\"f\",\"pos\":\"x\"}");
  ASSERT_FALSE(bad_pos.ok());
  EXPECT_NE(bad_pos.error().message.find("\"pos\""), std::string::npos);
}

TEST(SourceOffset, PartitionIsServerPrefix) {
  EXPECT_EQ(source_partition_json("dbserver1"), "{\"server\":\"dbserver1\"}");
}

}  // namespace
}  // namespace cdc
