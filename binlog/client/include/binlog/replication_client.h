// Registers as a replica and reads raw binlog events (COM_REGISTER_SLAVE + COM_BINLOG_DUMP, or
// positioned by GTID: COM_BINLOG_DUMP_GTID on MySQL, @slave_connect_state on MariaDB).
// It does not decode anything: every byte of every event goes to binlog::EventDecoder, so one
// decoder serves live streams, files and tests alike.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "binlog/sql_connection.h"
#include "common/result.h"

namespace binlog {

struct ReplicaStart {
  uint32_t server_id = 0;      // our replica id; must differ from every other replica's
  std::string file;            // binlog file name to start in
  uint64_t position = 4;       // byte position in that file
  unsigned heartbeat_period_ms = 1000;  // the server sends a heartbeat when idle this long

  // Positioning by GTID instead of file/position (unset: file/position, the default). The
  // server sends every transaction that is not in this state, oldest binlog first:
  //   MySQL: a GTID set as @@gtid_executed prints it, "uuid:1-5:11-18,uuid2:1-3" (the
  //     transactions we already have; gaps are allowed). Sent with COM_BINLOG_DUMP_GTID; with
  //     `file` empty (recommended) the server finds the first binlog holding a missing
  //     transaction, else it starts at file/position and skips what the set contains. Tagged
  //     GTIDs (MySQL 8.4) are not supported yet.
  //   MariaDB: a GTID position list as @@gtid_binlog_pos prints it, "0-1-42,1-2-7" (the last
  //     transaction we have per replication domain). Sent as @slave_connect_state (strict mode
  //     and ignore-duplicates off); file/position are ignored. "" streams from the beginning.
  // A set that does not parse fails start() with a message naming it (StreamErrorKind::fatal);
  // one the server cannot serve (purged transactions, a GTID it never had) arrives as an error
  // from next_event(), also fatal.
  std::optional<std::string> gtid_set;
};

enum class StreamErrorKind {
  connection_lost,  // the server went away or the network failed: reconnecting may help
  fatal,            // the server refused (e.g. purged binlog, missing privilege): it will not
};

class ReplicationClient {
 public:
  ReplicationClient() = default;
  ~ReplicationClient();

  // Connects, negotiates checksums (the server then sends CRC32 on every event if enabled)
  // and heartbeats, registers as replica and requests the stream.
  cdc::Result<void> start(const ConnectionConfig& connection, const ReplicaStart& start);

  // Blocks for the next event; the span (header + body + checksum) is valid until the next
  // call. An error means the stream ended; `last_error_kind()` tells whether to reconnect.
  cdc::Result<std::span<const uint8_t>> next_event();
  StreamErrorKind last_error_kind() const { return last_error_kind_; }

  // "CRC32" or "NONE", as the server reported @@global.binlog_checksum.
  bool checksum_enabled() const { return checksum_enabled_; }
  bool is_mariadb() const { return is_mariadb_; }
  const std::string& server_version() const { return server_version_; }

  // Thread-safe: makes a blocked next_event() return promptly with an error.
  void interrupt();
  void close();

 private:
  SqlConnection sql_;
  std::atomic<int> socket_{-1};
  std::atomic<bool> interrupted_{false};
  bool checksum_enabled_ = false;
  bool is_mariadb_ = false;
  std::string server_version_;
  std::string endpoint_;
  StreamErrorKind last_error_kind_ = StreamErrorKind::connection_lost;
};

// True for client-side errors that mean the connection was lost (CR_SERVER_GONE_ERROR, ...).
bool is_connection_error(unsigned mysql_errno);

}  // namespace binlog
