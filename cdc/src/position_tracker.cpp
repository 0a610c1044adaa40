#include "position_tracker.h"

#include <cctype>
#include <variant>

namespace cdc {
namespace {

constexpr uint16_t kArtificialFlag = 0x20;  // LOG_EVENT_ARTIFICIAL_F

bool iequals_prefix(const std::string& s, const char* word) {
  size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  size_t j = 0;
  for (; word[j] != '\0'; ++j, ++i) {
    if (i >= s.size() || std::toupper(static_cast<unsigned char>(s[i])) != word[j]) return false;
  }
  // the word must end there
  return i == s.size() || !std::isalnum(static_cast<unsigned char>(s[i]));
}

bool is_gtid(uint8_t type) {
  using binlog::EventType;
  return type == static_cast<uint8_t>(EventType::GTID) || type == static_cast<uint8_t>(EventType::ANONYMOUS_GTID) ||
         type == static_cast<uint8_t>(EventType::GTID_TAGGED) || type == static_cast<uint8_t>(EventType::MARIA_GTID);
}

}  // namespace

bool is_begin_query(const std::string& sql) {
  return iequals_prefix(sql, "BEGIN") || iequals_prefix(sql, "XA START");
}

bool is_commit_query(const std::string& sql) {
  return iequals_prefix(sql, "COMMIT") || iequals_prefix(sql, "ROLLBACK") || iequals_prefix(sql, "XA END") ||
         iequals_prefix(sql, "XA COMMIT") || iequals_prefix(sql, "XA ROLLBACK");
}

void PositionTracker::reset(std::string file, uint64_t position) {
  file_ = std::move(file);
  restart_pos_ = position;
  event_pos_ = position;
  event_index_ = 0;
  in_transaction_ = false;
  started_by_gtid_ = false;
  explicit_begin_ = false;
  gtid_.clear();
  thread_id_ = 0;
}

void PositionTracker::begin_transaction(uint64_t at) {
  in_transaction_ = true;
  restart_pos_ = at;
  event_index_ = 0;
  explicit_begin_ = false;
  started_by_gtid_ = false;
  thread_id_ = 0;
  gtid_.clear();
}

bool PositionTracker::before_event(const binlog::Event& event) {
  const auto& h = event.header;
  counted_ = false;
  if (h.next_pos == 0 || (h.flags & kArtificialFlag) != 0 ||
      std::holds_alternative<binlog::HeartbeatEvent>(event.body) ||
      h.type_code == static_cast<uint8_t>(binlog::EventType::HEARTBEAT_V2)) {
    // Fake ROTATE at stream start names the file we are in.
    if (const auto* rotate = std::get_if<binlog::RotateEvent>(&event.body)) {
      if (!rotate->next_file.empty()) file_ = rotate->next_file;
    }
    return false;
  }
  counted_ = true;
  event_pos_ = h.next_pos >= h.event_size ? h.next_pos - h.event_size : 0;
  if (is_gtid(h.type_code)) {
    begin_transaction(event_pos_);
    started_by_gtid_ = true;
    if (const auto* g = std::get_if<binlog::GtidEvent>(&event.body)) {
      if (!g->anonymous) gtid_ = g->to_string(h.server_id);
    }
    return true;
  }
  if (const auto* q = std::get_if<binlog::QueryEvent>(&event.body)) {
    if (is_begin_query(q->query)) {
      if (!(in_transaction_ && started_by_gtid_ && event_index_ == 1)) begin_transaction(event_pos_);
      explicit_begin_ = true;
      thread_id_ = q->thread_id;
      return true;
    }
    if (!in_transaction_) begin_transaction(event_pos_);
    if (thread_id_ == 0) thread_id_ = q->thread_id;
    return true;
  }
  if (!in_transaction_) begin_transaction(event_pos_);
  return true;
}

void PositionTracker::after_event(const binlog::Event& event) {
  if (!counted_) return;
  const auto& h = event.header;
  bool ends = false;
  if (const auto* rotate = std::get_if<binlog::RotateEvent>(&event.body)) {
    file_ = rotate->next_file;
    restart_pos_ = rotate->position;
    in_transaction_ = false;
    event_index_ = 0;
    return;
  }
  if (std::holds_alternative<binlog::XidEvent>(event.body)) {
    ends = true;
  } else if (const auto* q = std::get_if<binlog::QueryEvent>(&event.body)) {
    if (is_commit_query(q->query)) {
      ends = true;
    } else if (!is_begin_query(q->query) && !explicit_begin_) {
      ends = true;  // DDL and other statements outside BEGIN...COMMIT are their own transaction
    }
  } else if (is_gtid(h.type_code)) {
    ends = false;
  } else if (h.type_code == static_cast<uint8_t>(binlog::EventType::XA_PREPARE)) {
    ends = true;
  } else if (!started_by_gtid_ && !explicit_begin_ && !std::holds_alternative<std::shared_ptr<const binlog::TableMap>>(event.body) &&
             !std::holds_alternative<binlog::RowsEvent>(event.body)) {
    ends = true;  // FORMAT_DESCRIPTION, PREVIOUS_GTIDS, heartbeats...: nothing to resume inside
  }
  if (ends) {
    in_transaction_ = false;
    restart_pos_ = h.next_pos;
    event_index_ = 0;
  } else {
    ++event_index_;
  }
}

}  // namespace cdc
