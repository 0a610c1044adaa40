// Debezium's MySQL source offset: where a restart begins and what it skips there.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/result.h"

namespace cdc {

struct SourceOffset {
  std::string file;
  uint64_t pos = 0;        // start of the transaction to resume in (or a boundary)
  uint32_t event = 0;      // events of that transaction already emitted
  uint32_t row = 0;        // rows of the next event already emitted
  uint32_t server_id = 0;
  uint64_t ts_sec = 0;
  std::string gtids;       // empty when not tracked
  bool snapshot = false;   // written while the initial schema/data was read

  std::string to_json() const;
  // Parses Connect's stored offset JSON; an error names the missing or malformed field.
  static Result<SourceOffset> parse(const std::string& json);
};

std::string source_partition_json(const std::string& topic_prefix);

// Orders two positions of one server's binlog: <0, 0, >0 (file by its numeric extension, then
// pos, event, row).
int compare_positions(const SourceOffset& a, const SourceOffset& b);

}  // namespace cdc
