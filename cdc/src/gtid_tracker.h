// The GTIDs of the transactions completed so far, for the `gtids` field of offsets: the set a
// restart would have to exclude, i.e. every transaction before the one being read.
#pragma once

#include <optional>
#include <string>

#include "binlog/binlog.h"
#include "binlog/gtid_set.h"
#include "common/result.h"

namespace cdc {

class GtidTracker {
 public:
  // Starts from the executed set as the server or a stored offset gives it ("" = none yet);
  // an error names the malformed text.
  Result<void> reset(bool mariadb, const std::string& executed);
  // The transaction that starts with this GTID event (anonymous GTIDs are not tracked).
  void begin(const binlog::GtidEvent& gtid, uint32_t header_server_id);
  // The transaction begun last has completed.
  void commit();
  bool enabled() const { return enabled_; }
  // The completed set as MySQL or MariaDB print it; cached between commits.
  const std::string& text() const { return text_; }

 private:
  bool enabled_ = false;
  bool mariadb_ = false;
  binlog::MysqlGtidSet mysql_;
  binlog::MariadbGtidList maria_;
  std::optional<binlog::GtidEvent> pending_;
  uint32_t pending_server_id_ = 0;
  std::string text_;
};

}  // namespace cdc
