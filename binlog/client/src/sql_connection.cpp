#include "binlog/sql_connection.h"

#include <mysql.h>

#include <string>

namespace binlog {
namespace {

// Errors carry the server's (or client library's) error number, so callers can tell "server
// went away" (2006, 2013) from "access denied" (1045) or "binlog purged" (1236).
class MysqlErrorCategory : public std::error_category {
 public:
  const char* name() const noexcept override { return "mysql"; }
  std::string message(int ev) const override { return "MySQL error " + std::to_string(ev); }
};

const std::error_category& mysql_category() {
  static const MysqlErrorCategory category;
  return category;
}

MYSQL* handle(void* p) { return static_cast<MYSQL*>(p); }

}  // namespace

SqlConnection::SqlConnection() = default;

SqlConnection::~SqlConnection() { close(); }

void SqlConnection::close() {
  if (mysql_ != nullptr) {
    mysql_close(handle(mysql_));
    mysql_ = nullptr;
  }
  connected_ = false;
}

cdc::Error SqlConnection::error(const std::string& what) {
  last_errno_ = mysql_ != nullptr ? mysql_errno(handle(mysql_)) : 0;
  std::string message = what + " (" + endpoint_ + ")";
  if (mysql_ != nullptr) {
    message += ": ";
    message += mysql_error(handle(mysql_));
    message += " [errno " + std::to_string(last_errno_) + "]";
  }
  return cdc::Error{std::error_code(static_cast<int>(last_errno_), mysql_category()), message};
}

cdc::Result<void> SqlConnection::connect(const ConnectionConfig& config) {
  close();
  endpoint_ = config.user + "@" + config.host + ":" + std::to_string(config.port);
  mysql_ = mysql_init(nullptr);
  if (mysql_ == nullptr) return error("cannot allocate a MySQL connection");
  MYSQL* m = handle(mysql_);
  unsigned connect_timeout = config.connect_timeout_s;
  mysql_optionsv(m, MYSQL_OPT_CONNECT_TIMEOUT, &connect_timeout);
  if (config.read_timeout_s > 0) {
    unsigned read_timeout = config.read_timeout_s;
    mysql_optionsv(m, MYSQL_OPT_READ_TIMEOUT, &read_timeout);
  }
  // Never fall back to an unexpected character set: names and DDL arrive as UTF-8.
  mysql_optionsv(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  // TLS: with use_ssl set, Connector/C 3.3 encrypts when the server offers TLS and silently
  // stays in plain text when it does not (even with MYSQL_OPT_SSL_ENFORCE), so `required` is
  // checked after connecting. Certificates are not verified (no CA configured), as in MySQL's
  // and Debezium's default ssl mode "preferred"; MySQL 8 servers generate self-signed ones.
  // Over TLS caching_sha2_password can send the password for its first (full) authentication;
  // in plain text Connector/C fetches the server's RSA key for it (or uses the file below).
  if (config.tls != TlsMode::disabled) {
    mysql_ssl_set(m, nullptr, nullptr, nullptr, nullptr, nullptr);
  }
  if (!config.server_public_key_file.empty()) {
    mysql_optionsv(m, MYSQL_SERVER_PUBLIC_KEY, config.server_public_key_file.c_str());
  }
  if (mysql_real_connect(m, config.host.c_str(), config.user.c_str(), config.password.c_str(),
                         nullptr, config.port, nullptr, 0) == nullptr) {
    auto e = error("cannot connect to MySQL");
    close();
    return e;
  }
  if (config.tls == TlsMode::required && mysql_get_ssl_cipher(m) == nullptr) {
    auto e = cdc::Error{std::make_error_code(std::errc::protocol_not_supported),
                        "cannot connect to MySQL (" + endpoint_ +
                            "): TLS is required but the server does not offer it (have_ssl is not YES)"};
    last_errno_ = 0;
    close();
    return e;
  }
  connected_ = true;
  return {};
}

std::string SqlConnection::tls_cipher() const {
  if (mysql_ == nullptr) return {};
  const char* cipher = mysql_get_ssl_cipher(handle(mysql_));
  return cipher != nullptr ? cipher : "";
}

cdc::Result<std::vector<SqlRow>> SqlConnection::query(const std::string& sql) {
  if (!connected_) return cdc::Error{std::make_error_code(std::errc::not_connected), "not connected to " + endpoint_};
  MYSQL* m = handle(mysql_);
  if (mysql_real_query(m, sql.data(), sql.size()) != 0) return error("query failed: " + sql);
  std::vector<SqlRow> rows;
  MYSQL_RES* res = mysql_store_result(m);
  if (res == nullptr) {
    if (mysql_field_count(m) != 0) return error("reading the result failed: " + sql);
    return rows;
  }
  const unsigned fields = mysql_num_fields(res);
  while (MYSQL_ROW row = mysql_fetch_row(res)) {
    unsigned long* lengths = mysql_fetch_lengths(res);
    SqlRow out;
    out.reserve(fields);
    for (unsigned i = 0; i < fields; ++i) {
      if (row[i] == nullptr) {
        out.emplace_back(std::nullopt);
      } else {
        out.emplace_back(std::string(row[i], lengths[i]));
      }
    }
    rows.push_back(std::move(out));
  }
  mysql_free_result(res);
  return rows;
}

cdc::Result<std::optional<std::string>> SqlConnection::query_value(const std::string& sql) {
  auto rows = query(sql);
  if (!rows) return rows.error();
  if (rows->empty() || rows->front().empty()) return std::optional<std::string>{};
  return rows->front().front();
}

std::string SqlConnection::server_version() const {
  if (mysql_ == nullptr) return {};
  const char* v = mysql_get_server_info(handle(mysql_));
  return v != nullptr ? v : "";
}

}  // namespace binlog
