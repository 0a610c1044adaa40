// run_standalone() end to end: properties and JSON connector files, the REST API on the
// configured listener, exit codes, and a clean stop on SIGTERM (offsets written). Its own
// executable because run_standalone() changes the process's signal mask.
#include <pthread.h>
#include <signal.h>

#include <fstream>
#include <future>

#include <gtest/gtest.h>

#include "connect_runtime/standalone.h"
#include "http_client.h"
#include "test_support.h"

using namespace connect_runtime;
using namespace testing_support;

namespace {

void spit(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
}

uint16_t free_port() {
  asio::io_context ioc;
  tcp::acceptor a(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return a.local_endpoint().port();
}

class Standalone : public ::testing::Test {
 protected:
  void SetUp() override {
    // Block the signals in this thread before any other thread exists, as main() would.
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGINT);
    sigaddset(&s, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &s, nullptr);
    state_ = std::make_shared<FakeSourceState>();
    register_fake(registry_, state_);
  }

  std::string worker(uint16_t port, const std::string& extra = "") {
    std::string path = dir_.file("worker.properties");
    spit(path, "bootstrap.servers=127.0.0.1:1\n"
               "offset.storage.file.filename=" + dir_.file("offsets.json") + "\n"
               "listeners=http://127.0.0.1:" + std::to_string(port) + "\n" + extra);
    return path;
  }

  TempDir dir_;
  std::shared_ptr<FakeSourceState> state_;
  PluginRegistry registry_;
};

TEST_F(Standalone, ExitCodes) {
  EXPECT_EQ(run_standalone({}, registry_), 2);
  EXPECT_EQ(run_standalone({dir_.file("missing.properties")}, registry_), 1);
  spit(dir_.file("bad.properties"), "bootstrap.servers=x\n");  // no offset file
  EXPECT_EQ(run_standalone({dir_.file("bad.properties")}, registry_), 1);
  spit(dir_.file("offsets.json"), "{not json");
  EXPECT_EQ(run_standalone({worker(free_port())}, registry_), 1);
  std::filesystem::remove(dir_.file("offsets.json"));
  spit(dir_.file("noname.properties"), "connector.class=io.test.FakeSourceConnector\n");
  EXPECT_EQ(run_standalone({worker(free_port()), dir_.file("noname.properties")}, registry_), 3);
  spit(dir_.file("badclass.properties"), "name=x\nconnector.class=com.example.Nope\n");
  EXPECT_EQ(run_standalone({worker(free_port()), dir_.file("badclass.properties")}, registry_), 3);
}

TEST_F(Standalone, StartsConnectorsServesRestAndStopsOnSigterm) {
  const uint16_t port = free_port();
  spit(dir_.file("c1.properties"),
       "# like connect-standalone's connector files\n"
       "name=props-connector\n"
       "connector.class=io.test.FakeSourceConnector\n"
       "topic=t1\n");
  spit(dir_.file("c2.json"),
       R"({"name":"json-connector","config":{"connector.class":"io.test.FakeSourceConnector","topic":"t2"}})");
  auto result = std::async(std::launch::async, [&] {
    return run_standalone({worker(port), dir_.file("c1.properties"), dir_.file("c2.json")}, registry_);
  });

  std::unique_ptr<Client> client;
  ASSERT_TRUE(wait_until([&] {
    try {
      client = std::make_unique<Client>(port);
      return client->request("GET", "/connectors").body == R"(["json-connector","props-connector"])";
    } catch (const std::exception&) {
      return false;
    }
  }, std::chrono::seconds(10)));
  auto root = client->request("GET", "/");
  EXPECT_EQ(root.status, 200);
  auto st = client->request("GET", "/connectors/props-connector/status");
  EXPECT_EQ(st.status, 200);
  EXPECT_EQ(std::string(st.json["connector"]["worker_id"].GetString()), "127.0.0.1:" + std::to_string(port));
  client.reset();

  // Kafka (127.0.0.1:1) is unreachable, the tasks are still checking: SIGTERM must not wait for that.
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(kill(getpid(), SIGTERM), 0);
  ASSERT_EQ(result.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(result.get(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
  EXPECT_EQ(state_->starts.load(), 0);
}

}  // namespace
