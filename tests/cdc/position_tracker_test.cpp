#include <gtest/gtest.h>

#include "position_tracker.h"

namespace cdc {
namespace {

binlog::Event ev(binlog::EventType type, uint32_t pos, uint32_t size, binlog::EventBody body) {
  binlog::Event e;
  e.header.type_code = static_cast<uint8_t>(type);
  e.header.next_pos = pos + size;
  e.header.event_size = size;
  e.body = std::move(body);
  return e;
}

binlog::QueryEvent query(const char* sql) {
  binlog::QueryEvent q;
  q.query = sql;
  q.thread_id = 7;
  return q;
}

void feed(PositionTracker& t, const binlog::Event& e) {
  t.before_event(e);
  t.after_event(e);
}

TEST(PositionTracker, MySqlTransactionRestartsAtGtid) {
  PositionTracker t;
  t.reset("mysql-bin.000001", 100);
  binlog::GtidEvent g;
  auto gtid = ev(binlog::EventType::GTID, 100, 50, g);
  EXPECT_TRUE(t.before_event(gtid));
  t.after_event(gtid);
  EXPECT_TRUE(t.in_transaction());
  EXPECT_EQ(t.restart_position(), 100u);
  feed(t, ev(binlog::EventType::QUERY, 150, 30, query("BEGIN")));
  EXPECT_EQ(t.restart_position(), 100u);  // BEGIN after GTID belongs to the same transaction
  EXPECT_EQ(t.thread_id(), 7u);
  auto tm = ev(binlog::EventType::TABLE_MAP, 180, 40, std::make_shared<const binlog::TableMap>());
  feed(t, tm);
  auto rows = ev(binlog::EventType::WRITE_ROWS, 220, 60, binlog::RowsEvent{});
  t.before_event(rows);
  EXPECT_EQ(t.event_index(), 3u);
  EXPECT_EQ(t.event_position(), 220u);
  t.after_event(rows);
  feed(t, ev(binlog::EventType::XID, 280, 31, binlog::XidEvent{}));
  EXPECT_FALSE(t.in_transaction());
  EXPECT_EQ(t.restart_position(), 311u);
}

TEST(PositionTracker, MariaDbGtidWithoutBeginAndStandaloneDdl) {
  PositionTracker t;
  t.reset("mariadb-bin.000001", 4);
  binlog::GtidEvent g;
  g.mariadb = true;
  feed(t, ev(binlog::EventType::MARIA_GTID, 400, 40, g));
  feed(t, ev(binlog::EventType::TABLE_MAP, 440, 40, std::make_shared<const binlog::TableMap>()));
  feed(t, ev(binlog::EventType::WRITE_ROWS_V1, 480, 40, binlog::RowsEvent{}));
  EXPECT_TRUE(t.in_transaction());
  EXPECT_EQ(t.restart_position(), 400u);
  feed(t, ev(binlog::EventType::XID, 520, 31, binlog::XidEvent{}));
  EXPECT_EQ(t.restart_position(), 551u);
  // DDL: GTID then the statement, no COMMIT.
  feed(t, ev(binlog::EventType::MARIA_GTID, 551, 40, g));
  feed(t, ev(binlog::EventType::QUERY, 591, 80, query("CREATE TABLE t (id INT)")));
  EXPECT_FALSE(t.in_transaction());
  EXPECT_EQ(t.restart_position(), 671u);
}

TEST(PositionTracker, ArtificialEventsAreNotCountedButNameTheFile) {
  PositionTracker t;
  t.reset("old", 4);
  binlog::RotateEvent r;
  r.next_file = "mariadb-bin.000007";
  r.position = 4;
  binlog::Event fake;
  fake.header.type_code = static_cast<uint8_t>(binlog::EventType::ROTATE);
  fake.header.next_pos = 0;
  fake.body = r;
  EXPECT_FALSE(t.before_event(fake));
  t.after_event(fake);
  EXPECT_EQ(t.file(), "mariadb-bin.000007");
  EXPECT_EQ(t.restart_position(), 4u);
}

TEST(PositionTracker, RealRotateMovesToTheNextFile) {
  PositionTracker t;
  t.reset("a.000001", 4);
  binlog::RotateEvent r;
  r.next_file = "a.000002";
  r.position = 4;
  feed(t, ev(binlog::EventType::ROTATE, 900, 40, r));
  EXPECT_EQ(t.file(), "a.000002");
  EXPECT_EQ(t.restart_position(), 4u);
}

TEST(PositionTracker, RecognisesTransactionStatements) {
  EXPECT_TRUE(is_begin_query("BEGIN"));
  EXPECT_TRUE(is_begin_query("  begin"));
  EXPECT_FALSE(is_begin_query("BEGINNING"));
  EXPECT_TRUE(is_commit_query("COMMIT"));
  EXPECT_TRUE(is_commit_query("ROLLBACK"));
  EXPECT_FALSE(is_commit_query("CREATE TABLE commit_log (id int)"));
}

}  // namespace
}  // namespace cdc
