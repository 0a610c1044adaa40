// Follows transaction boundaries in the event stream to know where a restart must begin.
//
// A restart always begins at the first event of a transaction (GTID, or BEGIN without GTID),
// because the rows events inside need the TABLE_MAPs that precede them. The offset therefore
// records that transaction start (`pos`), how many events of the transaction were fully
// emitted (`event`) and how many rows of the next event (`row`), as Debezium's MySQL offsets do.
#pragma once

#include <cstdint>
#include <string>

#include "binlog/binlog.h"

namespace cdc {

class PositionTracker {
 public:
  // Where streaming starts; `position` must be a transaction boundary.
  void reset(std::string file, uint64_t position);

  // Call for every event before acting on it. Returns false for artificial events (the fake
  // ROTATE and FORMAT_DESCRIPTION a server sends when a stream starts), which are not part of
  // the log and are not counted.
  bool before_event(const binlog::Event& event);
  // Call after acting on the event: closes a transaction when the event ends one.
  void after_event(const binlog::Event& event);

  const std::string& file() const { return file_; }
  // Start of the current transaction, or the next event's position between transactions.
  uint64_t restart_position() const { return restart_pos_; }
  // Index of the current event within its transaction (0 = the GTID/BEGIN event).
  uint32_t event_index() const { return event_index_; }
  bool in_transaction() const { return in_transaction_; }
  // Start position of the current event.
  uint64_t event_position() const { return event_pos_; }
  const std::string& gtid() const { return gtid_; }
  uint32_t thread_id() const { return thread_id_; }

 private:
  void begin_transaction(uint64_t at);
  std::string file_;
  uint64_t restart_pos_ = 4;
  uint64_t event_pos_ = 0;
  uint32_t event_index_ = 0;
  bool in_transaction_ = false;
  bool started_by_gtid_ = false;
  bool explicit_begin_ = false;
  std::string gtid_;
  uint32_t thread_id_ = 0;
  bool counted_ = false;
};

// The SQL text of a QUERY event that opens/closes a transaction.
bool is_begin_query(const std::string& sql);
bool is_commit_query(const std::string& sql);

}  // namespace cdc
