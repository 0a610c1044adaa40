// A small keep-alive HTTP/1.1 client (Boost.Beast) for the REST tests.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <rapidjson/document.h>

#include <string>

namespace testing_support {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct Response {
  int status = 0;
  std::string body;
  std::string content_type;
  std::string location;
  rapidjson::Document json;
};

class Client {
 public:
  explicit Client(uint16_t port) : port_(port), stream_(ioc_) { connect(); }

  Response request(const std::string& method, const std::string& target, const std::string& body = "") {
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.keep_alive(true);
    if (!body.empty() || method == "POST" || method == "PUT") {
      req.set(http::field::content_type, "application/json");
      req.body() = body;
    }
    req.prepare_payload();
    http::write(stream_, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream_, buffer, res);
    Response r;
    r.status = static_cast<int>(res.result_int());
    r.body = res.body();
    r.content_type = std::string(res[http::field::content_type]);
    r.location = std::string(res[http::field::location]);
    if (!r.body.empty()) r.json.Parse(r.body.c_str());
    if (!res.keep_alive()) {
      stream_.close();
      connect();
    }
    return r;
  }

 private:
  void connect() {
    stream_ = tcp::socket(ioc_);
    stream_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
  }
  uint16_t port_;
  asio::io_context ioc_;
  tcp::socket stream_;
};

}  // namespace testing_support
