#include "gtid_tracker.h"

#include <algorithm>

namespace cdc {

Result<void> GtidTracker::reset(bool mariadb, const std::string& executed) {
  mariadb_ = mariadb;
  enabled_ = true;
  pending_.reset();
  if (mariadb) {
    auto list = binlog::MariadbGtidList::parse(executed);
    if (!list) return list.error();
    maria_ = std::move(*list);
    text_ = maria_.to_string();
  } else {
    auto set = binlog::MysqlGtidSet::parse(executed);
    if (!set) return set.error();
    mysql_ = std::move(*set);
    text_ = mysql_.to_string();
  }
  return {};
}

void GtidTracker::begin(const binlog::GtidEvent& gtid, uint32_t header_server_id) {
  if (!enabled_ || gtid.anonymous) {
    pending_.reset();
    return;
  }
  pending_ = gtid;
  pending_server_id_ = header_server_id;
}

void GtidTracker::commit() {
  if (!enabled_ || !pending_) return;
  if (mariadb_) {
    maria_.update(binlog::MariadbGtid{pending_->domain_id, pending_server_id_, pending_->sequence});
    text_ = maria_.to_string();
  } else {
    binlog::MysqlGtidSet::Uuid uuid;
    std::copy(std::begin(pending_->sid), std::end(pending_->sid), uuid.begin());
    if (mysql_.add(uuid, pending_->tag, pending_->gno)) text_ = mysql_.to_string();
  }
  pending_.reset();
}

}  // namespace cdc
