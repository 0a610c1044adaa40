// Kafka Connect's REST API over HTTP/1.1 (Boost.Beast), for a Herder.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/result.h"
#include "connect_runtime/herder.h"

namespace connect_runtime {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query, e.g. /connectors?expand=status
  std::string body;
};

struct HttpResponse {
  int status = 200;
  std::string body;  // JSON; empty for 202/204 without an entity
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Location)
};

// The routing and JSON shapes, independent of the transport: paths, status codes and bodies
// are Kafka Connect's. Errors are {"error_code":N,"message":"..."}.
class RestApi {
 public:
  explicit RestApi(Herder& herder) : herder_(herder) {}
  HttpResponse handle(const HttpRequest& request);

 private:
  Herder& herder_;
};

// One io_context thread: accepts connections and serves requests (keep-alive supported).
// Handlers run on that thread and may block while a task stops.
class RestServer {
 public:
  RestServer(Herder& herder, std::string host, uint16_t port);
  ~RestServer();  // stop()
  RestServer(const RestServer&) = delete;
  RestServer& operator=(const RestServer&) = delete;

  // Binds and listens (port 0 = ephemeral) and starts the io thread. Error names the address.
  cdc::Result<void> start();
  uint16_t port() const;  // the bound port, after start()
  void stop();            // closes the listener and every connection, joins the thread

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace connect_runtime
