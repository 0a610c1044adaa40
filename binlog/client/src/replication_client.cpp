#include "binlog/replication_client.h"

#include <mysql.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "gtid_start.h"

namespace binlog {
namespace {

MYSQL* handle(SqlConnection& c) { return static_cast<MYSQL*>(c.native_handle()); }

void put_u16(std::string& out, uint16_t v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>(v >> 8));
}

void put_u32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

// Client-side error numbers (errmsg.h) that mean the link is gone rather than refused.
constexpr unsigned kCrConnectionError = 2002;
constexpr unsigned kCrConnHostError = 2003;
constexpr unsigned kCrServerGoneError = 2006;
constexpr unsigned kCrServerLost = 2013;
constexpr unsigned kCrServerLostExtended = 2055;
// Server: "Lost connection to replica" / net read/write errors / shutdown in progress.
constexpr unsigned kErNetReadError = 1158;
constexpr unsigned kErNetReadInterrupted = 1159;
constexpr unsigned kErNetErrorOnWrite = 1160;
constexpr unsigned kErServerShutdown = 1053;

}  // namespace

bool is_connection_error(unsigned e) {
  switch (e) {
    case kCrConnectionError: case kCrConnHostError: case kCrServerGoneError:
    case kCrServerLost: case kCrServerLostExtended: case kErNetReadError:
    case kErNetReadInterrupted: case kErNetErrorOnWrite: case kErServerShutdown:
      return true;
    default:
      return false;
  }
}

ReplicationClient::~ReplicationClient() { close(); }

void ReplicationClient::close() {
  socket_.store(-1);
  sql_.close();
}

void ReplicationClient::interrupt() {
  interrupted_.store(true);
  int fd = socket_.load();
  // shutdown() (not close()) wakes a reader blocked in recv() without racing on the fd number.
  if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
}

cdc::Result<void> ReplicationClient::start(const ConnectionConfig& connection, const ReplicaStart& start) {
  interrupted_.store(false);
  endpoint_ = connection.host + ":" + std::to_string(connection.port);
  ConnectionConfig c = connection;
  // A heartbeat arrives every period while idle, so silence for several periods means the
  // server or the network is gone.
  c.read_timeout_s = std::max(30u, 4 * start.heartbeat_period_ms / 1000);
  auto connected = sql_.connect(c);
  if (!connected) {
    last_error_kind_ = is_connection_error(sql_.last_errno()) ? StreamErrorKind::connection_lost
                                                              : StreamErrorKind::fatal;
    return connected.error();
  }
  server_version_ = sql_.server_version();
  is_mariadb_ = server_version_.find("MariaDB") != std::string::npos;

  auto fail = [&](const cdc::Error& e) -> cdc::Error {
    last_error_kind_ = is_connection_error(sql_.last_errno()) ? StreamErrorKind::connection_lost
                                                              : StreamErrorKind::fatal;
    return e;
  };

  // Check the GTID state before talking to the server about it: a typo is the caller's fault
  // and retrying will not fix it.
  std::string mysql_encoded_set, mariadb_state;
  if (start.gtid_set) {
    if (is_mariadb_) {
      auto state = gtid_start::normalize_mariadb_gtid_list(*start.gtid_set);
      if (!state) {
        last_error_kind_ = StreamErrorKind::fatal;
        return cdc::Error{state.error().code, "cannot start streaming from " + endpoint_ + " (" + server_version_ +
                                                  ") by GTID: " + state.error().message};
      }
      mariadb_state = std::move(*state);
    } else {
      auto set = gtid_start::parse_mysql_gtid_set(*start.gtid_set);
      if (!set) {
        last_error_kind_ = StreamErrorKind::fatal;
        return cdc::Error{set.error().code, "cannot start streaming from " + endpoint_ + " (MySQL " + server_version_ +
                                                ") by GTID: " + set.error().message};
      }
      mysql_encoded_set = gtid_start::encode_mysql_gtid_set(*set);
    }
  }

  auto checksum = sql_.query_value("SELECT @@global.binlog_checksum");
  if (!checksum) return fail(checksum.error());
  checksum_enabled_ = checksum->has_value() && **checksum != "NONE";
  // Tell the server we understand checksums (older name and MySQL 8.0.26+ name), or it refuses
  // to stream a checksummed binlog.
  const std::string prelude[] = {
      "SET @master_binlog_checksum = @@global.binlog_checksum",
      "SET @source_binlog_checksum = @@global.binlog_checksum",
      "SET @master_heartbeat_period = " + std::to_string(uint64_t{start.heartbeat_period_ms} * 1000000),
      "SET @source_heartbeat_period = " + std::to_string(uint64_t{start.heartbeat_period_ms} * 1000000),
      // MariaDB: we understand GTID, annotate and checkpoint events (MARIA_SLAVE_CAPABILITY_MINE).
      "SET @mariadb_slave_capability = 4",
  };
  for (const auto& sql : prelude) {
    auto r = sql_.query(sql);
    if (!r) return fail(r.error());
  }
  if (start.gtid_set && is_mariadb_) {
    // MariaDB GTID registration: the server starts after the listed GTID of each domain and
    // ignores the file/position of COM_BINLOG_DUMP. The list was validated (digits, '-', ',').
    const std::string gtid_prelude[] = {
        "SET @slave_connect_state = '" + mariadb_state + "'",
        "SET @slave_gtid_strict_mode = 0",
        "SET @slave_gtid_ignore_duplicates = 0",
    };
    for (const auto& sql : gtid_prelude) {
      auto r = sql_.query(sql);
      if (!r) return fail(r.error());
    }
  }

  MYSQL* m = handle(sql_);
  // COM_REGISTER_SLAVE: server_id, hostname, user, password, port, rank, master id. Optional,
  // but it makes the connector visible in SHOW REPLICAS like any replica.
  std::string reg;
  put_u32(reg, start.server_id);
  reg.push_back(0);  // hostname
  reg.push_back(0);  // user
  reg.push_back(0);  // password
  put_u16(reg, 0);
  put_u32(reg, 0);
  put_u32(reg, 0);
  if (m->methods->db_command(m, COM_REGISTER_SLAVE, reg.data(), reg.size(), 0, nullptr) != 0) {
    return fail(cdc::Error{std::make_error_code(std::errc::protocol_error),
                           std::string("registering as replica failed on ") + endpoint_ + ": " + mysql_error(m)});
  }

  std::string dump;
  enum_server_command command = COM_BINLOG_DUMP;
  if (start.gtid_set && !is_mariadb_) {
    // COM_BINLOG_DUMP_GTID (0x1e; Connector/C's enum has no name for it): flags, server id,
    // file name length + name, 8-byte position, then the encoded GTID set we already have.
    command = static_cast<enum_server_command>(gtid_start::kComBinlogDumpGtid);
    dump = gtid_start::com_binlog_dump_gtid_payload(start.server_id, start.file, start.position, mysql_encoded_set);
  } else {
    // COM_BINLOG_DUMP: position (4 bytes; larger positions need the GTID variant), flags,
    // server id, file name. MariaDB with a GTID state: empty file name and position 4.
    const bool by_gtid = start.gtid_set.has_value();
    const uint64_t position = by_gtid ? 4 : start.position;
    if (position > 0xffffffffULL) {
      last_error_kind_ = StreamErrorKind::fatal;
      return cdc::Error{std::make_error_code(std::errc::value_too_large),
                        "binlog position " + std::to_string(position) + " does not fit COM_BINLOG_DUMP"};
    }
    dump = gtid_start::com_binlog_dump_payload(static_cast<uint32_t>(position),
                                               is_mariadb_ ? 2 : 0,  // MariaDB: BINLOG_SEND_ANNOTATE_ROWS_EVENT
                                               start.server_id, by_gtid ? std::string_view{} : start.file);
  }
  if (m->methods->db_command(m, command, dump.data(), dump.size(), 1, nullptr) != 0) {
    return fail(cdc::Error{std::make_error_code(std::errc::protocol_error),
                           std::string("requesting the binlog stream failed on ") + endpoint_ + ": " + mysql_error(m)});
  }
  socket_.store(static_cast<int>(mysql_get_socket(m)));
  if (interrupted_.load()) interrupt();
  return {};
}

cdc::Result<std::span<const uint8_t>> ReplicationClient::next_event() {
  MYSQL* m = handle(sql_);
  if (m == nullptr) {
    last_error_kind_ = StreamErrorKind::fatal;
    return cdc::Error{std::make_error_code(std::errc::not_connected), "replication stream is not open"};
  }
  unsigned long len = mysql_net_read_packet(m);
  if (interrupted_.load()) {
    last_error_kind_ = StreamErrorKind::connection_lost;
    return cdc::Error{std::make_error_code(std::errc::operation_canceled), "replication stream stopped"};
  }
  const uint8_t* p = m->net.read_pos;
  // packet_error is ((unsigned int)-1), widened to unsigned long by mysql_net_read_packet.
  constexpr unsigned long kPacketError = 0xffffffffUL;
  if (len == kPacketError || len == 0) {
    unsigned e = mysql_errno(m);
    last_error_kind_ = (e == 0 || is_connection_error(e)) ? StreamErrorKind::connection_lost : StreamErrorKind::fatal;
    return cdc::Error{std::error_code(static_cast<int>(e), std::generic_category()),
                      "binlog stream from " + endpoint_ + " failed: " + mysql_error(m) + " [errno " +
                          std::to_string(e) + "]"};
  }
  if (p[0] == 0xfe && len < 9) {  // EOF packet: the server ended the stream
    last_error_kind_ = StreamErrorKind::connection_lost;
    return cdc::Error{std::make_error_code(std::errc::connection_aborted),
                      "server " + endpoint_ + " ended the binlog stream"};
  }
  if (p[0] != 0x00) {
    last_error_kind_ = StreamErrorKind::fatal;
    return cdc::Error{std::make_error_code(std::errc::protocol_error),
                      "unexpected packet in binlog stream from " + endpoint_};
  }
  return std::span<const uint8_t>(p + 1, len - 1);
}

}  // namespace binlog
