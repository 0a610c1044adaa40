#include <algorithm>
#include <numeric>
#include <random>

#include <gtest/gtest.h>

#include "connect_runtime/offset_tracker.h"

using connect_runtime::OffsetTracker;

namespace {

const std::string kP1 = R"({"server":"a"})";
const std::string kP2 = R"({"server":"b"})";

std::string off(int i) { return R"({"pos":)" + std::to_string(i) + "}"; }

TEST(OffsetTracker, SequenceNumbersInProduceOrder) {
  OffsetTracker t;
  EXPECT_EQ(t.track(kP1, off(0)), 0u);
  EXPECT_EQ(t.track(kP1, off(1)), 1u);
  EXPECT_EQ(t.track(kP2, off(2)), 2u);
  EXPECT_EQ(t.next_seq(), 3u);
  EXPECT_EQ(t.pending(), 3u);
  EXPECT_TRUE(t.committable().empty());
  EXPECT_TRUE(t.take_committable().empty());
}

TEST(OffsetTracker, InOrderAcks) {
  OffsetTracker t;
  for (int i = 0; i < 3; ++i) t.track(kP1, off(i));
  t.ack(0);
  auto c = t.take_committable();
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c.at(kP1), off(0));
  EXPECT_TRUE(t.take_committable().empty());  // nothing new
  t.ack(1);
  t.ack(2);
  c = t.take_committable();
  EXPECT_EQ(c.at(kP1), off(2));
  EXPECT_EQ(t.pending(), 0u);
  EXPECT_EQ(t.acked_prefix_end(), 3u);
}

TEST(OffsetTracker, OutOfOrderAcksWaitForTheGap) {
  OffsetTracker t;
  for (int i = 0; i < 5; ++i) t.track(kP1, off(i));
  t.ack(4);
  t.ack(2);
  t.ack(1);
  EXPECT_TRUE(t.take_committable().empty());  // 0 is missing
  EXPECT_EQ(t.acked_prefix_end(), 0u);
  t.ack(0);
  auto c = t.take_committable();
  EXPECT_EQ(c.at(kP1), off(2));  // 3 still missing
  t.ack(3);
  EXPECT_EQ(t.take_committable().at(kP1), off(4));
}

TEST(OffsetTracker, PrefixIsTaskWideAcrossPartitions) {
  OffsetTracker t;
  t.track(kP1, off(0));  // 0
  t.track(kP2, off(10)); // 1
  t.track(kP1, off(1));  // 2
  t.track(kP2, off(11)); // 3
  t.ack(1);
  t.ack(3);
  EXPECT_TRUE(t.take_committable().empty());  // P2's records wait behind P1's seq 0
  t.ack(0);
  auto c = t.take_committable();
  EXPECT_EQ(c.size(), 2u);
  EXPECT_EQ(c.at(kP1), off(0));
  EXPECT_EQ(c.at(kP2), off(10));  // seq 2 (P1) blocks seq 3
  t.ack(2);
  c = t.take_committable();
  EXPECT_EQ(c.at(kP1), off(1));
  EXPECT_EQ(c.at(kP2), off(11));
  EXPECT_EQ(t.committable().size(), 2u);
}

TEST(OffsetTracker, EmptyOffsetsDoNotAdvance) {
  OffsetTracker t;
  t.track(kP1, off(0));
  t.track(kP1, "");  // e.g. a schema-change record without an offset of its own
  t.track(kP1, "");
  t.ack(0);
  t.ack(1);
  t.ack(2);
  auto c = t.take_committable();
  EXPECT_EQ(c.at(kP1), off(0));
  EXPECT_EQ(t.pending(), 0u);

  OffsetTracker only_empty;
  only_empty.track(kP1, "");
  only_empty.ack(0);
  EXPECT_TRUE(only_empty.take_committable().empty());
  EXPECT_TRUE(only_empty.committable().empty());
}

TEST(OffsetTracker, FailureBlocksEverythingAfterIt) {
  OffsetTracker t;
  for (int i = 0; i < 5; ++i) t.track(kP1, off(i));
  t.ack(0);
  t.fail(2, "Broker: Message size too large");
  t.fail(3, "second failure is not the reported one");
  t.ack(1);
  t.ack(4);
  EXPECT_EQ(t.take_committable().at(kP1), off(1));
  ASSERT_TRUE(t.failure());
  EXPECT_EQ(*t.failure(), "Broker: Message size too large");
  t.ack(2);  // a late ack for a failed record changes nothing
  EXPECT_TRUE(t.take_committable().empty());
  EXPECT_EQ(t.committable().at(kP1), off(1));
}

TEST(OffsetTracker, AbandonBlocksWithoutFailure) {
  OffsetTracker t;
  for (int i = 0; i < 3; ++i) t.track(kP1, off(i));
  t.abandon(1);
  t.ack(0);
  t.ack(2);
  EXPECT_EQ(t.take_committable().at(kP1), off(0));
  EXPECT_FALSE(t.failure());
}

TEST(OffsetTracker, IgnoresUnknownAndDuplicateAcks) {
  OffsetTracker t;
  t.ack(0);  // nothing tracked
  t.track(kP1, off(0));
  t.ack(7);  // never issued
  t.ack(0);
  t.ack(0);  // duplicate, and below the base after popping
  t.fail(0, "late");
  EXPECT_FALSE(t.failure());
  EXPECT_EQ(t.take_committable().at(kP1), off(0));
  EXPECT_EQ(t.track(kP1, off(1)), 1u);
}

TEST(OffsetTracker, RandomAckOrderMatchesModel) {
  std::mt19937 rng(12345);
  for (int round = 0; round < 50; ++round) {
    OffsetTracker t;
    const int n = 200;
    std::vector<std::string> partition(n);
    for (int i = 0; i < n; ++i) {
      partition[i] = (rng() % 3 == 0) ? kP2 : kP1;
      t.track(partition[i], (rng() % 5 == 0) ? "" : off(i));
    }
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<bool> acked(n, false);
    for (int k = 0; k < n; ++k) {
      t.ack(static_cast<uint64_t>(order[k]));
      acked[order[k]] = true;
      // model: the prefix of acked records
      int prefix = 0;
      while (prefix < n && acked[prefix]) ++prefix;
      EXPECT_EQ(t.acked_prefix_end(), static_cast<uint64_t>(prefix));
    }
    EXPECT_EQ(t.pending(), 0u);
  }
}

TEST(OffsetTracker, ManyRecordsStayBounded) {
  OffsetTracker t;
  for (int i = 0; i < 100000; ++i) {
    auto seq = t.track(kP1, off(i));
    t.ack(seq);
  }
  EXPECT_EQ(t.pending(), 0u);
  EXPECT_EQ(t.take_committable().at(kP1), off(99999));
}

}  // namespace
