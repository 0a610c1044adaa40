// A plain SQL connection (text protocol) used to inspect the server before streaming and by the
// connector for metadata queries. Thin RAII over Connector/C; results are strings.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace binlog {

// TLS on the connection, as Debezium's `database.ssl.mode` (verify_ca/verify_identity are not
// offered: Connector/C 3.3 verifies the chain and the host name only together).
enum class TlsMode {
  disabled,   // never
  preferred,  // when the server offers it, without verifying its certificate (Debezium's default)
  required,   // always, without verifying the certificate; fails if the server has no TLS
};

struct ConnectionConfig {
  std::string host = "127.0.0.1";
  uint16_t port = 3306;
  std::string user;
  std::string password;
  unsigned connect_timeout_s = 10;
  unsigned read_timeout_s = 0;  // 0 = none
  TlsMode tls = TlsMode::preferred;
  // MySQL caching_sha2_password / sha256_password without TLS send the password encrypted with
  // the server's RSA public key. Connector/C asks the server for it when this is empty; a PEM
  // file here (the server's public_key.pem) is used instead of asking.
  std::string server_public_key_file;
};

// Errors from the server carry its error number in `server_errno` so callers can tell a lost
// connection from a fatal replication error.
struct SqlError {
  unsigned server_errno = 0;
  std::string message;
};

using SqlRow = std::vector<std::optional<std::string>>;

class SqlConnection {
 public:
  SqlConnection();
  ~SqlConnection();
  SqlConnection(const SqlConnection&) = delete;
  SqlConnection& operator=(const SqlConnection&) = delete;

  cdc::Result<void> connect(const ConnectionConfig& config);
  bool connected() const { return connected_; }
  // Runs one statement and returns all rows (empty for statements without a result set).
  cdc::Result<std::vector<SqlRow>> query(const std::string& sql);
  // The first column of the first row, if any.
  cdc::Result<std::optional<std::string>> query_value(const std::string& sql);
  std::string server_version() const;
  // The TLS cipher of the connection, or "" when it is not encrypted.
  std::string tls_cipher() const;
  unsigned last_errno() const { return last_errno_; }
  void close();

  // For the replication client, which drives the same connection at the packet level.
  void* native_handle() { return mysql_; }

 private:
  cdc::Error error(const std::string& what);
  void* mysql_ = nullptr;  // MYSQL*, kept opaque so Connector/C headers stay out of our headers
  bool connected_ = false;
  unsigned last_errno_ = 0;
  std::string endpoint_;
};

}  // namespace binlog
