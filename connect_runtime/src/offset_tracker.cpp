#include "connect_runtime/offset_tracker.h"

namespace connect_runtime {

uint32_t OffsetTracker::intern(std::string_view partition_json) {
  if (last_partition_ != UINT32_MAX && partitions_[last_partition_] == partition_json) {
    return last_partition_;
  }
  auto it = partition_ids_.find(partition_json);
  uint32_t id;
  if (it != partition_ids_.end()) {
    id = it->second;
  } else {
    id = static_cast<uint32_t>(partitions_.size());
    partitions_.emplace_back(partition_json);
    partition_ids_.emplace(std::string(partition_json), id);
    changed_.push_back(false);
  }
  last_partition_ = id;
  return id;
}

uint64_t OffsetTracker::track(std::string_view partition_json, std::string offset_json) {
  uint32_t p = intern(partition_json);
  entries_.push_back(Entry{p, State::pending, std::move(offset_json)});
  return base_seq_ + entries_.size() - 1;
}

void OffsetTracker::ack(uint64_t seq) {
  if (seq < base_seq_ || seq >= base_seq_ + entries_.size()) return;
  Entry& e = entries_[seq - base_seq_];
  if (e.state != State::pending) return;
  e.state = State::acked;
  advance();
}

void OffsetTracker::fail(uint64_t seq, std::string error) {
  if (seq < base_seq_ || seq >= base_seq_ + entries_.size()) return;
  Entry& e = entries_[seq - base_seq_];
  if (e.state != State::pending) return;
  e.state = State::failed;
  if (!failure_) failure_ = std::move(error);
}

void OffsetTracker::abandon(uint64_t seq) {
  if (seq < base_seq_ || seq >= base_seq_ + entries_.size()) return;
  Entry& e = entries_[seq - base_seq_];
  if (e.state != State::pending) return;
  e.state = State::abandoned;
}

void OffsetTracker::advance() {
  while (!entries_.empty() && entries_.front().state == State::acked) {
    Entry& e = entries_.front();
    if (!e.offset.empty()) {
      committable_[partitions_[e.partition]] = std::move(e.offset);
      changed_[e.partition] = true;
    }
    entries_.pop_front();
    ++base_seq_;
  }
}

std::map<std::string, std::string> OffsetTracker::take_committable() {
  std::map<std::string, std::string> out;
  for (uint32_t p = 0; p < changed_.size(); ++p) {
    if (!changed_[p]) continue;
    changed_[p] = false;
    const std::string& name = partitions_[p];
    out.emplace(name, committable_.at(name));
  }
  return out;
}

}  // namespace connect_runtime
