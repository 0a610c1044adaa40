// A restart positions by GTID when the stored offset has `gtids`: the binlog file and position
// it names may be gone (purged, or another server after a failover) and the stream still
// resumes with nothing lost and nothing repeated.
#include <gtest/gtest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "harness.h"

namespace it {
namespace {

struct Target {
  const char* flavor;
  const char* label;
};

class GtidResume : public ::testing::TestWithParam<Target> {
 protected:
  void SetUp() override {
    std::string why;
    auto s = server_variant(GetParam().flavor, "", why);
    if (!s) GTEST_SKIP() << why;
    server_ = *s;
    db_ = unique_name("gr_db");
    prefix_ = unique_name("gr");
    dir_ = std::filesystem::temp_directory_path() / unique_name("cdc_gr");
    std::filesystem::create_directories(dir_);
    sql_ = std::make_unique<Sql>(server_.s);
    sql_->exec("CREATE DATABASE " + db_);
  }

  void TearDown() override {
    if (cdc_ && ::testing::Test::HasFailure()) std::cerr << "---- cdc log ----\n" << cdc_->log() << "\n";
    cdc_.reset();
    if (sql_) sql_->exec("DROP DATABASE IF EXISTS " + db_);
    std::filesystem::remove_all(dir_);
  }

  std::string connector_properties() {
    return write_connector_properties(dir_ / "connector.properties", "gr",
                                      connector_config(server_.s, prefix_, db_, 6900 + (::getpid() % 1000)));
  }

  void start(const std::string& props) {
    if (!cdc_) {
      port_ = free_port();
      cdc_ = std::make_unique<CdcProcess>(dir_.string(), port_, worker_config(server_.s, dir_),
                                          std::vector<std::string>{props});
    }
    cdc_->start();
    ASSERT_TRUE(cdc_->wait_ready(std::chrono::seconds(30))) << cdc_->log();
    std::string trace;
    ASSERT_EQ(wait_task_state(port_, "gr", "RUNNING", std::chrono::seconds(60), &trace), "RUNNING") << trace;
  }

  std::string offsets_path() const { return (dir_ / "offsets.json").string(); }

  // Points the stored offset at a binlog file this server never had, keeping its gtids.
  void move_offset_to_unknown_file() {
    std::stringstream text;
    text << std::ifstream(offsets_path()).rdbuf();
    auto d = parse(text.str());
    ASSERT_TRUE(d.IsObject() && d.MemberCount() == 1) << text.str();
    auto& offset = d.MemberBegin()->value;
    ASSERT_TRUE(offset.HasMember("gtids")) << text.str();
    ASSERT_GT(offset["event"].GetUint(), 0u) << "the offset should point inside the last transaction: " << text.str();
    offset["file"].SetString("elsewhere-bin.000042", d.GetAllocator());
    offset["pos"].SetUint64(4);
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    d.Accept(writer);
    std::ofstream(offsets_path(), std::ios::trunc) << buffer.GetString();
  }

  Server server_;
  std::string db_, prefix_;
  std::filesystem::path dir_;
  std::unique_ptr<Sql> sql_;
  std::unique_ptr<CdcProcess> cdc_;
  uint16_t port_ = 0;
};

TEST_P(GtidResume, RestartFindsItsPlaceByGtidWhenTheFileIsUnknown) {
  const std::string t = db_ + ".items";
  sql_->exec("CREATE TABLE " + t + " (id INT PRIMARY KEY)");
  const std::string props = connector_properties();
  start(props);
  for (int id = 1; id <= 3; ++id) sql_->exec("INSERT INTO " + t + " VALUES (" + std::to_string(id) + ")");
  auto before = consume(server_.s.kafka_bootstrap, prefix_ + "." + t, 3, std::chrono::seconds(60));
  ASSERT_EQ(before.size(), 3u) << cdc_->log();
  std::this_thread::sleep_for(std::chrono::milliseconds(800));  // the offset flush
  ASSERT_EQ(cdc_->stop(), 0) << cdc_->log();

  move_offset_to_unknown_file();
  for (int id = 4; id <= 5; ++id) sql_->exec("INSERT INTO " + t + " VALUES (" + std::to_string(id) + ")");
  start(props);

  auto all = consume(server_.s.kafka_bootstrap, prefix_ + "." + t, 5, std::chrono::seconds(60),
                     std::chrono::milliseconds(1500));
  ASSERT_EQ(all.size(), 5u) << cdc_->log();
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(parse(*all[i].value)["after"]["id"].GetInt(), static_cast<int>(i + 1)) << "message " << i;
  }
  EXPECT_NE(cdc_->log().find("positioning by GTID"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Servers, GtidResume,
                         ::testing::Values(Target{"MARIADB", "MariaDB"}, Target{"MYSQL8", "Mysql8"}),
                         [](const ::testing::TestParamInfo<Target>& p) { return std::string(p.param.label); });

}  // namespace
}  // namespace it
