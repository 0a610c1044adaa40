// The REST API end to end over a real loopback socket: every endpoint's status code and JSON
// shape, with the in-test connector registered and the in-test sink standing in for Kafka.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "connect_runtime/herder.h"
#include "connect_runtime/rest_server.h"
#include "http_client.h"
#include "test_support.h"

using namespace connect_runtime;
using namespace testing_support;

namespace {

std::string str(const rapidjson::Value& v) { return v.IsString() ? std::string(v.GetString()) : "<not a string>"; }

class RestApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    state_ = std::make_shared<FakeSourceState>();
    register_fake(registry_, state_);
    registry_.add("io.test.OtherConnector", "source", [s = state_] { return std::make_unique<FakeSourceConnector>(s); });
    auto cfg = WorkerConfig::from_properties({{"bootstrap.servers", "fake:9092"},
                                              {"offset.storage.file.filename", "/unused"},
                                              {"offset.flush.interval.ms", "50"},
                                              {"listeners", "http://127.0.0.1:0"}});
    ASSERT_TRUE(cfg.ok());
    HerderOptions opts;
    opts.task.poll_timeout = std::chrono::milliseconds(50);
    herder_ = std::make_unique<Herder>(*cfg, registry_, store_, fake_sink_factory(kafka_), opts);
    server_ = std::make_unique<RestServer>(*herder_, "127.0.0.1", 0);
    auto started = server_->start();
    ASSERT_TRUE(started.ok()) << started.error().message;
    herder_->set_worker_id(cfg->worker_id(server_->port()));
    client_ = std::make_unique<Client>(server_->port());
  }
  void TearDown() override {
    client_.reset();
    server_.reset();
    herder_.reset();
  }

  Response create(const std::string& name, const std::string& extra_config = "") {
    std::string body = R"({"name":")" + name + R"(","config":{"connector.class":"io.test.FakeSourceConnector","topic":"t1","records":"2")" +
                       extra_config + "}}";
    return client_->request("POST", "/connectors", body);
  }

  void expect_error(const Response& r, int status, const std::string& message_part) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.content_type, "application/json");
    ASSERT_TRUE(r.json.IsObject()) << r.body;
    ASSERT_TRUE(r.json.HasMember("error_code")) << r.body;
    EXPECT_EQ(r.json["error_code"].GetInt(), status);
    ASSERT_TRUE(r.json.HasMember("message"));
    EXPECT_NE(str(r.json["message"]).find(message_part), std::string::npos) << r.body;
  }

  std::string worker_id() const { return "127.0.0.1:" + std::to_string(server_->port()); }

  std::shared_ptr<FakeSourceState> state_;
  PluginRegistry registry_;
  MemoryOffsetStore store_;
  FakeKafka kafka_;
  std::unique_ptr<Herder> herder_;
  std::unique_ptr<RestServer> server_;
  std::unique_ptr<Client> client_;
};

TEST_F(RestApiTest, Root) {
  auto r = client_->request("GET", "/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  ASSERT_TRUE(r.json.IsObject()) << r.body;
  EXPECT_EQ(str(r.json["version"]), "3.9.1-cdc");
  EXPECT_TRUE(r.json["commit"].IsString());
  EXPECT_TRUE(r.json["kafka_cluster_id"].IsNull());
  herder_->set_kafka_cluster_id("abcDEF123");
  r = client_->request("GET", "/");
  EXPECT_EQ(str(r.json["kafka_cluster_id"]), "abcDEF123");
  EXPECT_EQ(client_->request("POST", "/").status, 405);
}

TEST_F(RestApiTest, CreateGetListAndShapes) {
  auto r = client_->request("GET", "/connectors");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "[]");

  r = create("inventory-connector");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.location, "/connectors/inventory-connector");
  EXPECT_EQ(str(r.json["name"]), "inventory-connector");
  EXPECT_EQ(str(r.json["config"]["name"]), "inventory-connector");  // name put into the config
  EXPECT_EQ(str(r.json["config"]["connector.class"]), "io.test.FakeSourceConnector");
  ASSERT_TRUE(r.json["tasks"].IsArray());
  ASSERT_EQ(r.json["tasks"].Size(), 1u);
  EXPECT_EQ(str(r.json["tasks"][0]["connector"]), "inventory-connector");
  EXPECT_EQ(r.json["tasks"][0]["task"].GetInt(), 0);
  EXPECT_EQ(str(r.json["type"]), "source");

  r = client_->request("GET", "/connectors");
  EXPECT_EQ(r.body, R"(["inventory-connector"])");

  r = client_->request("GET", "/connectors/inventory-connector");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(str(r.json["name"]), "inventory-connector");
  EXPECT_EQ(str(r.json["type"]), "source");
  EXPECT_EQ(r.json["tasks"].Size(), 1u);

  r = client_->request("GET", "/connectors/inventory-connector/config");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body,
            R"({"connector.class":"io.test.FakeSourceConnector","name":"inventory-connector","records":"2","topic":"t1"})");

  ASSERT_TRUE(wait_until([&] { return kafka_.count() == 2; }));
  r = client_->request("GET", "/connectors/inventory-connector/status");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"name":"inventory-connector","connector":{"state":"RUNNING","worker_id":")" + worker_id() +
                        R"("},"tasks":[{"id":0,"state":"RUNNING","worker_id":")" + worker_id() +
                        R"("}],"type":"source"})");

  r = client_->request("GET", "/connectors/inventory-connector/tasks");
  EXPECT_EQ(r.status, 200);
  ASSERT_TRUE(r.json.IsArray());
  ASSERT_EQ(r.json.Size(), 1u);
  EXPECT_EQ(str(r.json[0]["id"]["connector"]), "inventory-connector");
  EXPECT_EQ(r.json[0]["id"]["task"].GetInt(), 0);
  EXPECT_EQ(str(r.json[0]["config"]["topic"]), "t1");

  r = client_->request("GET", "/connectors/inventory-connector/tasks/0/status");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"id":0,"state":"RUNNING","worker_id":")" + worker_id() + R"("})");

  r = client_->request("GET", "/connectors?expand=status");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(str(r.json["inventory-connector"]["status"]["connector"]["state"]), "RUNNING");
  EXPECT_FALSE(r.json["inventory-connector"].HasMember("info"));
  r = client_->request("GET", "/connectors?expand=info");
  EXPECT_EQ(str(r.json["inventory-connector"]["info"]["config"]["topic"]), "t1");
  EXPECT_FALSE(r.json["inventory-connector"].HasMember("status"));
  r = client_->request("GET", "/connectors?expand=status&expand=info");
  EXPECT_TRUE(r.json["inventory-connector"].HasMember("info"));
  EXPECT_TRUE(r.json["inventory-connector"].HasMember("status"));

  r = client_->request("GET", "/connectors/inventory-connector/offsets");
  EXPECT_EQ(r.status, 200);
  ASSERT_TRUE(wait_until([&] { return client_->request("GET", "/connectors/inventory-connector/offsets").body ==
                                      R"({"offsets":[{"partition":{"server":"fake"},"offset":{"pos":1}}]})"; }));
}

TEST_F(RestApiTest, CreateAcceptsNumbersAndBooleansAsStrings) {
  auto r = client_->request(
      "POST", "/connectors",
      R"({"name":"n","config":{"connector.class":"io.test.FakeSourceConnector","topic":"t","records":2,"tasks.max":1,"x.flag":true,"x.f":1.50,"x.null":null}})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(str(r.json["config"]["records"]), "2");
  EXPECT_EQ(str(r.json["config"]["x.flag"]), "true");
  EXPECT_EQ(str(r.json["config"]["x.f"]), "1.50");
  EXPECT_FALSE(r.json["config"].HasMember("x.null"));
}

TEST_F(RestApiTest, CreateErrors) {
  expect_error(client_->request("POST", "/connectors", R"({"name":"x","config":{"topic":)"), 400, "byte offset");
  auto malformed = client_->request("POST", "/connectors", R"({"name":"x" "config":{}})");
  expect_error(malformed, 400, "Missing a comma or '}' after an object member. (at byte offset 12)");
  expect_error(client_->request("POST", "/connectors", ""), 400, "empty");
  expect_error(client_->request("POST", "/connectors", "[1]"), 400, "JSON object");
  expect_error(client_->request("POST", "/connectors", R"({"config":{}})"), 400, "\"name\"");
  expect_error(client_->request("POST", "/connectors", R"({"name":"x"})"), 400, "\"config\"");
  expect_error(client_->request("POST", "/connectors", R"({"name":"x","config":{"a":{"b":1}}})"), 400,
               "must be a string");
  expect_error(client_->request("POST", "/connectors", R"({"name":"x","config":{"topic":"t"}})"), 400,
               "connector.class");
  expect_error(client_->request("POST", "/connectors", R"({"name":"x","config":{"connector.class":"com.example.Nope"}})"),
               400,
               "Failed to find any class that implements Connector and which name matches com.example.Nope, available "
               "connectors are: io.test.FakeSourceConnector, io.test.OtherConnector");
  auto invalid = client_->request("POST", "/connectors",
                                  R"({"name":"x","config":{"connector.class":"io.test.FakeSourceConnector"}})");
  expect_error(invalid, 400,
               "Connector configuration is invalid and contains the following 1 error(s):\n"
               "Missing required configuration \"topic\" which has no default value.\n"
               "You can also find the above list of errors at the endpoint "
               "`/connector-plugins/{connectorType}/config/validate`");
  expect_error(client_->request("POST", "/connectors",
                                R"({"name":"x","config":{"name":"y","connector.class":"io.test.FakeSourceConnector","topic":"t"}})"),
               400, "Connector name configuration (y) doesn't match connector name in the URL (x)");
  expect_error(client_->request("POST", "/connectors", R"({"name":"  ","config":{"connector.class":"io.test.FakeSourceConnector","topic":"t"}})"),
               400, "String must be non-empty");
  EXPECT_EQ(client_->request("GET", "/connectors").body, "[]");

  ASSERT_EQ(create("dup").status, 201);
  expect_error(create("dup"), 409, "Connector dup already exists");
}

TEST_F(RestApiTest, WarningsDoNotFailCreation) {
  auto r = create("w", R"(,"unknown.key":"1")");
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST_F(RestApiTest, NotFoundAndMethodNotAllowed) {
  expect_error(client_->request("GET", "/connectors/missing"), 404, "Connector missing not found");
  expect_error(client_->request("GET", "/connectors/missing/status"), 404, "Connector missing not found");
  expect_error(client_->request("GET", "/connectors/missing/config"), 404, "Connector missing not found");
  expect_error(client_->request("GET", "/connectors/missing/tasks"), 404, "Connector missing not found");
  expect_error(client_->request("GET", "/connectors/missing/tasks/0/status"), 404, "Connector missing not found");
  expect_error(client_->request("POST", "/connectors/missing/restart"), 404, "Connector missing not found");
  expect_error(client_->request("POST", "/connectors/missing/tasks/0/restart"), 404, "Connector missing not found");
  expect_error(client_->request("PUT", "/connectors/missing/pause"), 404, "Connector missing not found");
  expect_error(client_->request("PUT", "/connectors/missing/resume"), 404, "Connector missing not found");
  expect_error(client_->request("DELETE", "/connectors/missing"), 404, "Connector missing not found");
  auto r = client_->request("GET", "/nope");
  expect_error(r, 404, "HTTP 404 Not Found");
  EXPECT_EQ(r.body, R"({"error_code":404,"message":"HTTP 404 Not Found"})");
  expect_error(client_->request("GET", "/connectors/x/nope"), 404, "HTTP 404 Not Found");
  expect_error(client_->request("GET", "/connectors/x/tasks/abc/status"), 404, "HTTP 404 Not Found");
  r = client_->request("DELETE", "/connectors");
  expect_error(r, 405, "HTTP 405 Method Not Allowed");
  expect_error(client_->request("POST", "/connectors/x/status"), 405, "Method Not Allowed");
  expect_error(client_->request("GET", "/connectors/x/pause"), 405, "Method Not Allowed");
  expect_error(client_->request("GET", "/connector-plugins/x/config/validate"), 405, "Method Not Allowed");

  ASSERT_EQ(create("c").status, 201);
  expect_error(client_->request("GET", "/connectors/c/tasks/7/status"), 404, "No status found for task c-7");
  expect_error(client_->request("POST", "/connectors/c/tasks/7/restart"), 404, "Task c-7 not found");
}

TEST_F(RestApiTest, PutConfigCreatesThenUpdates) {
  const std::string cfg = R"({"connector.class":"io.test.FakeSourceConnector","topic":"t1","records":"1"})";
  auto r = client_->request("PUT", "/connectors/p1/config", cfg);
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.location, "/connectors/p1");
  EXPECT_EQ(str(r.json["name"]), "p1");
  EXPECT_EQ(str(r.json["config"]["name"]), "p1");
  ASSERT_TRUE(wait_until([&] { return kafka_.count() == 1; }));

  r = client_->request("PUT", "/connectors/p1/config",
                       R"({"connector.class":"io.test.FakeSourceConnector","topic":"t2","records":"2"})");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(str(r.json["config"]["topic"]), "t2");
  EXPECT_TRUE(wait_until([&] { return state_->starts.load() == 2; }));  // restarted with the new config
  ASSERT_TRUE(wait_until([&] { return kafka_.count() == 2; }));  // resumes after pos 0
  {
    std::lock_guard lock(kafka_.mu);
    EXPECT_EQ(kafka_.messages[1].topic, "t2");
  }
  expect_error(client_->request("PUT", "/connectors/p1/config", R"({"connector.class":"io.test.FakeSourceConnector"})"),
               400, "topic");
  expect_error(client_->request("PUT", "/connectors/p1/config", R"({"name":"other"})"), 400, "doesn't match");
  expect_error(client_->request("PUT", "/connectors/p1/config", "{"), 400, "byte offset");
  EXPECT_EQ(str(client_->request("GET", "/connectors/p1/config").json["topic"]), "t2");  // unchanged by bad PUTs
}

TEST_F(RestApiTest, PauseResumeRestartStopDelete) {
  ASSERT_EQ(create("c").status, 201);
  ASSERT_TRUE(wait_until([&] { return state_->starts.load() == 1; }));
  auto r = client_->request("PUT", "/connectors/c/pause");
  EXPECT_EQ(r.status, 202);
  EXPECT_TRUE(r.body.empty());
  r = client_->request("GET", "/connectors/c/status");
  EXPECT_EQ(str(r.json["connector"]["state"]), "PAUSED");
  EXPECT_EQ(str(r.json["tasks"][0]["state"]), "PAUSED");
  r = client_->request("PUT", "/connectors/c/resume");
  EXPECT_EQ(r.status, 202);
  r = client_->request("GET", "/connectors/c/status");
  EXPECT_EQ(str(r.json["connector"]["state"]), "RUNNING");
  EXPECT_EQ(str(r.json["tasks"][0]["state"]), "RUNNING");

  r = client_->request("POST", "/connectors/c/restart");
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(state_->starts.load(), 1);  // connector only: tasks untouched, as in Connect

  r = client_->request("POST", "/connectors/c/restart?includeTasks=true&onlyFailed=false");
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(str(r.json["connector"]["state"]), "RESTARTING");
  EXPECT_EQ(str(r.json["tasks"][0]["state"]), "RESTARTING");
  EXPECT_TRUE(wait_until([&] { return state_->starts.load() == 2; }));

  r = client_->request("POST", "/connectors/c/restart?includeTasks=true&onlyFailed=true");
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(str(r.json["tasks"][0]["state"]), "RUNNING");  // not failed: not restarted
  EXPECT_EQ(state_->starts.load(), 2);

  r = client_->request("POST", "/connectors/c/tasks/0/restart");
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(wait_until([&] { return state_->starts.load() == 3; }));

  expect_error(client_->request("DELETE", "/connectors/c/offsets"), 400, "STOPPED");
  r = client_->request("PUT", "/connectors/c/stop");
  EXPECT_EQ(r.status, 204);
  r = client_->request("GET", "/connectors/c/status");
  EXPECT_EQ(str(r.json["connector"]["state"]), "STOPPED");
  EXPECT_EQ(r.json["tasks"].Size(), 0u);
  ASSERT_FALSE(client_->request("GET", "/connectors/c/offsets").json["offsets"].Empty());
  r = client_->request("DELETE", "/connectors/c/offsets");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(client_->request("GET", "/connectors/c/offsets").json["offsets"].Empty());

  r = client_->request("DELETE", "/connectors/c");
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(client_->request("GET", "/connectors").body, "[]");
  EXPECT_EQ(client_->request("GET", "/connectors/c").status, 404);
}

TEST_F(RestApiTest, TaskStartFailureIsReportedWhileRestStaysUp) {
  ASSERT_EQ(create("bad", R"(,"fail.start":"true")").status, 201);
  ASSERT_TRUE(wait_until([&] {
    auto r = client_->request("GET", "/connectors/bad/status");
    return r.json.IsObject() && str(r.json["tasks"][0]["state"]) == "FAILED";
  }));
  auto r = client_->request("GET", "/connectors/bad/status");
  EXPECT_EQ(str(r.json["connector"]["state"]), "RUNNING");
  EXPECT_EQ(str(r.json["tasks"][0]["trace"]), "Cannot connect to the fake source at fake:3306");
  EXPECT_EQ(str(r.json["tasks"][0]["worker_id"]), worker_id());
  r = client_->request("GET", "/connectors/bad/tasks/0/status");
  EXPECT_EQ(r.body, R"({"id":0,"state":"FAILED","worker_id":")" + worker_id() +
                        R"(","trace":"Cannot connect to the fake source at fake:3306"})");
  // The REST API still answers and other connectors still work.
  EXPECT_EQ(client_->request("GET", "/").status, 200);
  ASSERT_EQ(create("good").status, 201);
  ASSERT_TRUE(wait_until([&] { return kafka_.count() == 2; }));

  r = client_->request("POST", "/connectors/bad/restart?includeTasks=true&onlyFailed=true");
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(str(r.json["tasks"][0]["state"]), "RESTARTING");
  EXPECT_FALSE(r.json["tasks"][0].HasMember("trace"));
}

TEST_F(RestApiTest, PluginsAndValidate) {
  auto r = client_->request("GET", "/connector-plugins");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body,
            R"([{"class":"io.test.FakeSourceConnector","type":"source","version":"1.2.3"},)"
            R"({"class":"io.test.OtherConnector","type":"source","version":"1.2.3"}])");

  r = client_->request("PUT", "/connector-plugins/io.test.FakeSourceConnector/config/validate",
                       R"({"connector.class":"io.test.FakeSourceConnector","name":"v","records":"x"})");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(str(r.json["name"]), "io.test.FakeSourceConnector");
  EXPECT_EQ(r.json["error_count"].GetInt(), 2);
  ASSERT_TRUE(r.json["groups"].IsArray());
  const auto& configs = r.json["configs"];
  ASSERT_TRUE(configs.IsArray());
  std::map<std::string, const rapidjson::Value*> by_name;
  for (const auto& c : configs.GetArray()) {
    EXPECT_EQ(str(c["definition"]["name"]), str(c["value"]["name"]));
    by_name[str(c["value"]["name"])] = &c;
  }
  ASSERT_TRUE(by_name.count("records"));
  EXPECT_EQ(str((*by_name["records"])["value"]["value"]), "x");
  EXPECT_EQ(str((*by_name["records"])["value"]["errors"][0]), "must be a number");
  ASSERT_TRUE(by_name.count("topic"));
  EXPECT_TRUE((*by_name["topic"])["value"]["value"].IsNull());
  EXPECT_EQ((*by_name["topic"])["value"]["errors"].Size(), 1u);
  ASSERT_TRUE(by_name.count("name"));
  EXPECT_EQ((*by_name["name"])["value"]["errors"].Size(), 0u);

  r = client_->request("PUT", "/connector-plugins/FakeSourceConnector/config/validate",
                       R"({"connector.class":"io.test.FakeSourceConnector","name":"v","topic":"t"})");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json["error_count"].GetInt(), 0);

  expect_error(client_->request("PUT", "/connector-plugins/com.example.Nope/config/validate", "{}"), 400,
               "Failed to find any class");
  expect_error(client_->request("PUT", "/connector-plugins/io.test.FakeSourceConnector/config/validate",
                                R"({"connector.class":"io.test.OtherConnector"})"),
               400, "does not match request type");
  expect_error(client_->request("PUT", "/connector-plugins/io.test.FakeSourceConnector/config/validate", "{,}"), 400,
               "byte offset");
}

TEST_F(RestApiTest, UrlEncodedNamesAndKeepAliveAcrossManyRequests) {
  auto r = client_->request(
      "POST", "/connectors",
      R"({"name":"my connector/1","config":{"connector.class":"io.test.FakeSourceConnector","topic":"t"}})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.location, "/connectors/my%20connector%2F1");
  r = client_->request("GET", "/connectors/my%20connector%2F1/status");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(str(r.json["name"]), "my connector/1");
  for (int i = 0; i < 50; ++i) EXPECT_EQ(client_->request("GET", "/connectors").status, 200);
  Client second(server_->port());  // a second connection at the same time
  EXPECT_EQ(second.request("GET", "/connector-plugins").status, 200);
}

TEST_F(RestApiTest, ExpectContinueIsAnsweredAtOnce) {
  // What curl does for a body over 1 KiB: headers, wait for "100 Continue", then the body.
  asio::io_context ioc;
  tcp::socket sock(ioc);
  sock.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_->port()));
  std::string body = R"({"name":"big","config":{"connector.class":"io.test.FakeSourceConnector","topic":"t","pad":")" +
                     std::string(2000, 'p') + "\"}}";
  std::string head = "POST /connectors HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
                     "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  asio::write(sock, asio::buffer(head));
  beast::flat_buffer buf;
  http::response_parser<http::empty_body> interim;
  auto t0 = std::chrono::steady_clock::now();
  http::read_header(sock, buf, interim);
  EXPECT_EQ(interim.get().result(), http::status::continue_);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(500));
  asio::write(sock, asio::buffer(body));
  http::response<http::string_body> res;
  http::read(sock, buf, res);
  EXPECT_EQ(res.result_int(), 201u) << res.body();
}

}  // namespace
