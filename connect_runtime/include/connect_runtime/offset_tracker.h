// Which source offsets are safe to store. Every record a task hands to the producer gets a
// sequence number in produce order; delivery reports ack (or fail) sequence numbers in any order.
// The committable offset of a source partition is the source_offset_json of the highest-sequence
// record such that it and every record produced before it (by that task, any partition) are
// acknowledged. Records with an empty source_offset_json never advance an offset. A failed or
// abandoned record blocks the prefix forever: nothing produced after it is ever committed.
//
// Not thread-safe: the owner (WorkerTask) serialises access.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace connect_runtime {

class OffsetTracker {
 public:
  // Registers the next record; returns its sequence number (0, 1, 2, ...).
  uint64_t track(std::string_view partition_json, std::string offset_json);

  // Delivery succeeded. Unknown, already-settled or out-of-range sequence numbers are ignored.
  void ack(uint64_t seq);
  // Delivery failed permanently; the first failure's message is kept.
  void fail(uint64_t seq, std::string error);
  // The record was never sent (the task is stopping): blocks the prefix without being a failure.
  void abandon(uint64_t seq);

  // Partitions whose committable offset changed since the previous call, with that offset.
  std::map<std::string, std::string> take_committable();
  // The current committable offset of every partition seen so far that has one.
  const std::map<std::string, std::string>& committable() const { return committable_; }

  const std::optional<std::string>& failure() const { return failure_; }
  // Records tracked but not yet part of the acknowledged prefix.
  size_t pending() const { return entries_.size(); }
  uint64_t next_seq() const { return base_seq_ + entries_.size(); }
  // Sequence number of the first record that is not yet acknowledged (== next_seq() when none).
  uint64_t acked_prefix_end() const { return base_seq_; }

 private:
  enum class State : uint8_t { pending, acked, failed, abandoned };
  struct Entry {
    uint32_t partition;
    State state;
    std::string offset;
  };
  uint32_t intern(std::string_view partition_json);
  void advance();

  std::deque<Entry> entries_;
  uint64_t base_seq_ = 0;  // sequence number of entries_.front()
  std::vector<std::string> partitions_;
  std::map<std::string, uint32_t, std::less<>> partition_ids_;
  uint32_t last_partition_ = UINT32_MAX;
  std::map<std::string, std::string> committable_;
  std::vector<bool> changed_;  // by partition id
  std::optional<std::string> failure_;
};

}  // namespace connect_runtime
