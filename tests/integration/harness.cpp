#include "harness.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>
#include <netinet/in.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace it {
namespace {

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

// Records a fatal failure of the running test without leaving the caller (FAIL() returns
// from the lambda only): a fixture's SetUp that then skips does not run the test body, and the
// test is reported as failed, not skipped.
void fail_test(const std::string& why) {
  [&why] { FAIL() << why; }();
}

}  // namespace

std::optional<Servers> servers(std::string& why) {
  Servers s;
  s.mariadb_host = env_or("CDC_TEST_MARIADB_HOST", s.mariadb_host);
  s.mariadb_port = static_cast<uint16_t>(std::stoi(env_or("CDC_TEST_MARIADB_PORT", std::to_string(s.mariadb_port))));
  s.cdc_user = env_or("CDC_TEST_MARIADB_USER", s.cdc_user);
  s.cdc_password = env_or("CDC_TEST_MARIADB_PASSWORD", s.cdc_password);
  s.admin_user = env_or("CDC_TEST_MARIADB_ADMIN_USER", s.admin_user);
  s.admin_password = env_or("CDC_TEST_MARIADB_ADMIN_PASSWORD", s.admin_password);
  s.kafka_bootstrap = env_or("CDC_TEST_KAFKA_BOOTSTRAP", s.kafka_bootstrap);
  if (!port_open(s.mariadb_host, s.mariadb_port)) {
    why = "MariaDB is not listening on " + s.mariadb_host + ":" + std::to_string(s.mariadb_port) +
          " (start it with mysql-fixtures/mariadb.sh start, or run scripts/test.sh)";
    return std::nullopt;
  }
  auto colon = s.kafka_bootstrap.rfind(':');
  if (!port_open(s.kafka_bootstrap.substr(0, colon), static_cast<uint16_t>(std::stoi(s.kafka_bootstrap.substr(colon + 1))))) {
    why = "Kafka is not listening on " + s.kafka_bootstrap + " (start it with mysql-fixtures/kafka.sh start)";
    return std::nullopt;
  }
  return s;
}

std::optional<Server> server_variant(const std::string& flavor, const std::string& variant, std::string& why) {
  const std::string prefix = "CDC_TEST_" + flavor + "_" + (variant.empty() ? std::string() : variant + "_");
  const std::string product = flavor == "MARIADB" ? "MariaDB" : flavor == "MYSQL8" ? "MySQL 8" : flavor;
  const std::string name = variant.empty() ? product : product + " (" + variant + ")";
  std::string script = flavor == "MARIADB" ? "mysql-fixtures/mariadb.sh" : "mysql-fixtures/mysql8.sh";
  if (!variant.empty()) {
    std::string lower = variant;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    script += " --variant " + lower;
  }
  const std::string port = env_or((prefix + "PORT").c_str(), "");
  if (port.empty()) {
    const std::string reason = env_or((prefix + "UNAVAILABLE").c_str(), "");
    why = !reason.empty() ? name + " is not available: " + reason
                          : prefix + "PORT is not set (run scripts/test.sh, or: " + script + " start && eval \"$(" +
                                script + " env)\")";
    return std::nullopt;
  }
  Server m;
  m.name = name;
  m.s.mariadb_host = env_or((prefix + "HOST").c_str(), "127.0.0.1");
  int number = 0;
  try {
    number = std::stoi(port);
  } catch (const std::exception&) {
  }
  if (number <= 0 || number > 65535) {
    why = prefix + "PORT is not a port number: '" + port + "'";
    fail_test(why);
    return std::nullopt;
  }
  m.s.mariadb_port = static_cast<uint16_t>(number);
  m.s.cdc_user = env_or((prefix + "USER").c_str(), "cdc");
  m.s.cdc_password = env_or((prefix + "PASSWORD").c_str(), "cdc");
  m.s.admin_user = env_or((prefix + "ADMIN_USER").c_str(), "cdcadmin");
  m.s.admin_password = env_or((prefix + "ADMIN_PASSWORD").c_str(), "cdcadmin");
  m.s.kafka_bootstrap = env_or("CDC_TEST_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
  if (!port_open(m.s.mariadb_host, m.s.mariadb_port)) {
    why = name + " is configured (" + prefix + "PORT=" + port + ") but nothing listens on " + m.s.mariadb_host + ":" +
          port + "; see " + script + " status";
    fail_test(why);
    return std::nullopt;
  }
  return m;
}

std::string unique_name(const std::string& stem) {
  std::random_device rd;
  std::ostringstream out;
  out << stem << "_" << std::hex << (rd() & 0xffffff) << "_" << ::getpid();
  return out.str();
}

Sql::Sql(const Servers& s) {
  binlog::ConnectionConfig c;
  c.host = s.mariadb_host;
  c.port = s.mariadb_port;
  c.user = s.admin_user;
  c.password = s.admin_password;
  auto r = conn_.connect(c);
  if (!r) ADD_FAILURE() << r.error().message;
}

void Sql::exec(const std::string& sql) {
  auto r = conn_.query(sql);
  ASSERT_TRUE(r.ok()) << r.error().message;
}

std::vector<binlog::SqlRow> Sql::query(const std::string& sql) {
  auto r = conn_.query(sql);
  if (!r) {
    ADD_FAILURE() << r.error().message;
    return {};
  }
  return *r;
}

HttpResponse http(const std::string& method, uint16_t port, const std::string& path, const std::string& body) {
  HttpResponse resp;
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return resp;  // status 0: not listening
  }
  std::string req = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!body.empty() || method == "POST" || method == "PUT") {
    req += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  req += "\r\n" + body;
  size_t sent = 0;
  while (sent < req.size()) {
    ssize_t n = ::send(fd, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string raw;
  char buf[8192];
  for (;;) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    raw.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  if (raw.rfind("HTTP/1.", 0) != 0) return resp;
  resp.status = std::stoi(raw.substr(9, 3));
  auto header_end = raw.find("\r\n\r\n");
  if (header_end == std::string::npos) return resp;
  std::string headers = raw.substr(0, header_end);
  std::string rest = raw.substr(header_end + 4);
  std::string lower = headers;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.find("transfer-encoding: chunked") != std::string::npos) {
    size_t p = 0;
    while (p < rest.size()) {
      size_t eol = rest.find("\r\n", p);
      if (eol == std::string::npos) break;
      size_t len = std::stoul(rest.substr(p, eol - p), nullptr, 16);
      if (len == 0) break;
      resp.body += rest.substr(eol + 2, len);
      p = eol + 2 + len + 2;
    }
  } else {
    resp.body = rest;
  }
  return resp;
}

std::map<std::string, std::string> connector_config(const Servers& s, const std::string& prefix,
                                                    const std::string& database, uint32_t server_id) {
  return {{"connector.class", "io.debezium.connector.mysql.MySqlConnector"},
          {"database.hostname", s.mariadb_host},
          {"database.port", std::to_string(s.mariadb_port)},
          {"database.user", s.cdc_user},
          {"database.password", s.cdc_password},
          {"database.server.id", std::to_string(server_id)},
          {"topic.prefix", prefix},
          {"database.include.list", database},
          {"schema.history.internal.kafka.bootstrap.servers", s.kafka_bootstrap},
          {"schema.history.internal.kafka.topic", prefix + ".history"}};
}

std::string write_connector_properties(const std::filesystem::path& file, const std::string& name,
                                       const std::map<std::string, std::string>& config) {
  std::ofstream out(file);
  out << "name=" << name << "\n";
  for (const auto& [key, value] : config) out << key << "=" << value << "\n";
  return file.string();
}

std::map<std::string, std::string> worker_config(const Servers& s, const std::filesystem::path& dir, bool schemas,
                                                 int flush_ms) {
  return {{"bootstrap.servers", s.kafka_bootstrap},
          {"offset.storage.file.filename", (dir / "offsets.json").string()},
          {"offset.flush.interval.ms", std::to_string(flush_ms)},
          {"key.converter.schemas.enable", schemas ? "true" : "false"},
          {"value.converter.schemas.enable", schemas ? "true" : "false"}};
}

bool port_open(const std::string& host, uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  ::inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

bool kafka_listening(const std::string& bootstrap) {
  const std::string first = bootstrap.substr(0, bootstrap.find(','));
  const auto colon = first.rfind(':');
  return colon != std::string::npos &&
         port_open(first.substr(0, colon), static_cast<uint16_t>(std::stoi(first.substr(colon + 1))));
}

std::string connector_json(const std::string& name, const std::map<std::string, std::string>& config) {
  rapidjson::StringBuffer sb;
  rapidjson::Writer<rapidjson::StringBuffer> w(sb);
  w.StartObject();
  w.Key("name");
  w.String(name.c_str());
  w.Key("config");
  w.StartObject();
  for (const auto& [key, value] : config) {
    w.Key(key.c_str());
    w.String(value.c_str());
  }
  w.EndObject();
  w.EndObject();
  return sb.GetString();
}

std::string CdcSessionFixture::open(const Server& server, const std::string& stem) {
  server_ = server;
  if (!kafka_listening(server_.s.kafka_bootstrap)) {
    return "Kafka is not listening on " + server_.s.kafka_bootstrap + " (start it with mysql-fixtures/kafka.sh start)";
  }
  db_ = unique_name(stem + "_db");
  prefix_ = unique_name(stem);
  dir_ = std::filesystem::temp_directory_path() / unique_name("cdc_" + stem);
  sql_ = std::make_unique<Sql>(server_.s);
  sql_->exec("SET time_zone = '+00:00'");
  sql_->exec("CREATE DATABASE " + db_);
  return "";
}

void CdcSessionFixture::close() {
  if (cdc_ && ::testing::Test::HasFailure()) std::cerr << "---- cdc log ----\n" << cdc_->log() << "\n";
  cdc_.reset();
  if (sql_) sql_->exec("DROP DATABASE IF EXISTS " + db_);
}

void CdcSessionFixture::start_cdc() {
  port_ = free_port();
  cdc_ = std::make_unique<CdcProcess>(dir_.string(), port_, worker_config(server_.s, dir_, false, 500));
  cdc_->start();
  ASSERT_TRUE(cdc_->wait_ready(std::chrono::seconds(30))) << cdc_->log();
}

void CdcSessionFixture::register_connector(const std::string& name) {
  auto config = connector_config(server_.s, prefix_, db_, 5400 + static_cast<uint32_t>(::getpid() % 1000));
  config["snapshot.mode"] = "no_data";
  auto r = http("POST", port_, "/connectors", connector_json(name, config));
  ASSERT_EQ(r.status, 201) << r.body;
  std::string trace;
  ASSERT_EQ(wait_task_state(port_, name, "RUNNING", std::chrono::seconds(30), &trace), "RUNNING")
      << trace << "\n" << cdc_->log();
}

std::string CdcSessionFixture::stable_value(const std::string& json) {
  auto d = parse(json);
  for (const char* path : {"ts_ms", "ts_us", "ts_ns", "source.version", "source.ts_ms", "source.ts_us", "source.ts_ns",
                           "source.file", "source.pos", "source.gtid", "source.thread", "source.server_id",
                           "source.name", "source.db"}) {
    erase(d, path);
  }
  return to_string(d);
}

uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  uint16_t port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

CdcProcess::CdcProcess(std::string dir, uint16_t rest_port, std::map<std::string, std::string> worker,
                       std::vector<std::string> connector_files)
    : dir_(std::move(dir)), port_(rest_port), worker_(std::move(worker)), connector_files_(std::move(connector_files)) {
  std::filesystem::create_directories(dir_);
  worker_["listeners"] = "http://127.0.0.1:" + std::to_string(port_);
  std::ofstream props(dir_ + "/worker.properties");
  for (const auto& [k, v] : worker_) props << k << "=" << v << "\n";
}

CdcProcess::~CdcProcess() {
  if (pid_ > 0) stop();
}

void CdcProcess::start() {
  const std::string binary = std::string(CDC_BINARY_DIR) + "/cdc/cdc";
  const std::string log = dir_ + "/cdc.log";
  ++runs_;
  pid_ = ::fork();
  if (pid_ == 0) {
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    std::vector<std::string> args = {binary, "standalone", dir_ + "/worker.properties"};
    for (const auto& f : connector_files_) args.push_back(f);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
}

bool CdcProcess::wait_ready(std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (http("GET", port_, "/").status == 200) return true;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

int CdcProcess::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 600; ++i) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  ADD_FAILURE() << "cdc did not stop within 60 s of SIGTERM";
  return -1;
}

std::string CdcProcess::log() const {
  std::ifstream in(dir_ + "/cdc.log");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {

// Reads `topic` partition 0 from the beginning, handing each message to `on_message` until it
// returns false or `timeout` passes.
template <class OnMessage>
void read_topic(const std::string& bootstrap, const std::string& topic, std::chrono::seconds timeout,
                OnMessage on_message) {
  std::string err;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  conf->set("bootstrap.servers", bootstrap, err);
  conf->set("group.id", unique_name("it"), err);
  conf->set("enable.auto.commit", "false", err);
  conf->set("auto.offset.reset", "earliest", err);
  conf->set("topic.metadata.refresh.interval.ms", "500", err);
  std::unique_ptr<RdKafka::KafkaConsumer> consumer(RdKafka::KafkaConsumer::create(conf.get(), err));
  if (!consumer) {
    ADD_FAILURE() << "cannot create a Kafka consumer: " << err;
    return;
  }
  std::vector<RdKafka::TopicPartition*> parts = {RdKafka::TopicPartition::create(topic, 0, RdKafka::Topic::OFFSET_BEGINNING)};
  consumer->assign(parts);
  RdKafka::TopicPartition::destroy(parts);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    std::unique_ptr<RdKafka::Message> m(consumer->consume(100));
    if (!m) continue;
    if (m->err() == RdKafka::ERR__TIMED_OUT) {
      if (!on_message(nullptr)) break;
      continue;
    }
    if (m->err() != RdKafka::ERR_NO_ERROR) continue;
    if (!on_message(m.get())) break;
  }
  consumer->close();
}

}  // namespace

std::vector<KafkaMessage> consume(const std::string& bootstrap, const std::string& topic, size_t count,
                                  std::chrono::seconds timeout, std::chrono::milliseconds linger) {
  std::vector<KafkaMessage> out;
  std::optional<std::chrono::steady_clock::time_point> linger_until;
  read_topic(bootstrap, topic, timeout, [&](RdKafka::Message* m) {
    if (m != nullptr) {
      KafkaMessage km;
      if (m->key() != nullptr) km.key = *m->key();
      if (m->payload() != nullptr) km.value = std::string(static_cast<const char*>(m->payload()), m->len());
      out.push_back(std::move(km));
    }
    if (out.size() >= count && !linger_until) linger_until = std::chrono::steady_clock::now() + linger;
    return !(linger_until && std::chrono::steady_clock::now() >= *linger_until);
  });
  return out;
}

size_t count_messages(const std::string& bootstrap, const std::string& topic, size_t count,
                      std::chrono::seconds timeout) {
  size_t seen = 0;
  read_topic(bootstrap, topic, timeout, [&](RdKafka::Message* m) {
    if (m != nullptr) ++seen;
    return seen < count;
  });
  return seen;
}

std::string wait_task_state(uint16_t port, const std::string& connector, const std::string& state,
                            std::chrono::seconds timeout, std::string* trace) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string last = "(no answer)";
  while (std::chrono::steady_clock::now() < deadline) {
    auto r = http("GET", port, "/connectors/" + connector + "/status");
    if (r.status == 200) {
      rapidjson::Document d;
      d.Parse(r.body.c_str());
      if (!d.HasParseError() && d.HasMember("tasks") && d["tasks"].IsArray() && !d["tasks"].Empty()) {
        const auto& t = d["tasks"][0];
        last = t["state"].GetString();
        if (trace != nullptr && t.HasMember("trace")) *trace = t["trace"].GetString();
        if (last == state || last == "FAILED") return last;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return last;
}

rapidjson::Document parse(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str(), text.size());
  EXPECT_FALSE(d.HasParseError()) << "not JSON: " << text;
  return d;
}

void erase(rapidjson::Value& v, const std::string& path) {
  auto dot = path.find('.');
  if (!v.IsObject()) return;
  if (dot == std::string::npos) {
    v.EraseMember(path.c_str());  // keeps the order of the remaining members
    return;
  }
  auto it = v.FindMember(path.substr(0, dot).c_str());
  if (it != v.MemberEnd()) erase(it->value, path.substr(dot + 1));
}

std::string to_string(const rapidjson::Value& v) {
  rapidjson::StringBuffer sb;
  rapidjson::Writer<rapidjson::StringBuffer> w(sb);
  v.Accept(w);
  return sb.GetString();
}

}  // namespace it
