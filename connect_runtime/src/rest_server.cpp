#include "connect_runtime/rest_server.h"

#include <chrono>
#include <mutex>
#include <set>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>

#include "connect_runtime/errors.h"
#include "connect_runtime/logging.h"

namespace connect_runtime {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t kBodyLimit = 16 * 1024 * 1024;
constexpr auto kIdleTimeout = std::chrono::seconds(120);

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, RestApi& api) : stream_(std::move(socket)), api_(api) {}

  void start() { read(); }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(kBodyLimit);
    stream_.expires_after(kIdleTimeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  // curl sends `Expect: 100-continue` for bodies over 1 KiB (most connector configs) and waits a
  // second for the interim response unless it gets one.
  void on_header(beast::error_code ec, std::size_t) {
    if (ec) {
      on_read(ec, 0);
      return;
    }
    const auto expect = parser_->get()[http::field::expect];
    if (beast::iequals(expect, "100-continue") && !parser_->is_done()) {
      auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_, parser_->get().version());
      http::async_write(stream_, *cont, [self = shared_from_this(), cont](beast::error_code wec, std::size_t) {
        if (wec) {
          self->close();
          return;
        }
        self->read_body();
      });
      return;
    }
    read_body();
  }

  void read_body() {
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted) {
      close();
      return;
    }
    if (ec == http::error::body_limit) {
      respond_error(413, fmt::format("Request body larger than {} bytes", kBodyLimit), 11, false);
      return;
    }
    if (ec) {
      close();
      return;
    }
    auto req = parser_->release();
    HttpRequest hr;
    hr.method = std::string(req.method_string());
    hr.target = std::string(req.target());
    hr.body = std::move(req.body());
    HttpResponse out;
    try {
      out = api_.handle(hr);
    } catch (const std::exception& e) {
      logger()->error("REST {} {} failed: {}", hr.method, hr.target, e.what());
      out.status = 500;
      out.body = fmt::format(R"({{"error_code":500,"message":"Internal error: {}"}})", "unexpected exception");
    }
    logger()->debug("REST {} {} -> {}", hr.method, hr.target, out.status);
    write(std::move(out), req.version(), req.keep_alive());
  }

  void respond_error(int status, const std::string& message, unsigned version, bool keep_alive) {
    HttpResponse out;
    out.status = status;
    out.body = fmt::format(R"({{"error_code":{},"message":"{}"}})", status, message);
    write(std::move(out), version, keep_alive);
  }

  void write(HttpResponse out, unsigned version, bool keep_alive) {
    auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(out.status), version);
    res->set(http::field::server, "cdc-connect");
    if (!out.body.empty()) res->set(http::field::content_type, "application/json");
    for (const auto& [k, v] : out.headers) res->set(k, v);
    res->keep_alive(keep_alive);
    res->body() = std::move(out.body);
    res->prepare_payload();
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
                        if (ec || !res->keep_alive()) {
                          self->close();
                          return;
                        }
                        self->read();
                      });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  RestApi& api_;
};

}  // namespace

struct RestServer::Impl {
  Impl(Herder& h, std::string host_, uint16_t port_) : api(h), host(std::move(host_)), port(port_) {}

  void accept() {
    acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
        logger()->warn("REST accept failed: {}", ec.message());
      } else {
        std::make_shared<Session>(std::move(socket), api)->start();
      }
      accept();
    });
  }

  RestApi api;
  std::string host;
  uint16_t port;
  uint16_t bound_port = 0;
  asio::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  std::thread thread;
  std::mutex mu;
  bool running = false;
};

RestServer::RestServer(Herder& herder, std::string host, uint16_t port)
    : impl_(std::make_unique<Impl>(herder, std::move(host), port)) {}

RestServer::~RestServer() { stop(); }

cdc::Result<void> RestServer::start() {
  std::lock_guard lock(impl_->mu);
  if (impl_->running) return cdc::ok();
  beast::error_code ec;
  auto address = asio::ip::make_address(impl_->host, ec);
  if (ec) {
    // A host name: resolve it.
    tcp::resolver resolver(impl_->ioc);
    auto results = resolver.resolve(impl_->host, std::to_string(impl_->port), ec);
    if (ec || results.empty()) {
      return make_error(ConnectErrc::invalid_config,
                        fmt::format("Cannot resolve REST listener host {}: {}", impl_->host, ec.message()));
    }
    address = results.begin()->endpoint().address();
  }
  tcp::endpoint endpoint(address, impl_->port);
  auto fail = [&](const char* what) {
    return make_error(ConnectErrc::io_error, fmt::format("Cannot {} REST listener http://{}:{}: {}", what,
                                                         impl_->host, impl_->port, ec.message()));
  };
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (ec) return fail("open");
  impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) return fail("configure");
  impl_->acceptor.bind(endpoint, ec);
  if (ec) {
    impl_->acceptor.close();
    return fail("bind");
  }
  impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    impl_->acceptor.close();
    return fail("listen on");
  }
  impl_->bound_port = impl_->acceptor.local_endpoint().port();
  impl_->accept();
  impl_->running = true;
  impl_->thread = std::thread([impl = impl_.get()] { impl->ioc.run(); });
  logger()->info("REST API listening on http://{}:{}", impl_->host, impl_->bound_port);
  return cdc::ok();
}

uint16_t RestServer::port() const { return impl_->bound_port; }

void RestServer::stop() {
  std::lock_guard lock(impl_->mu);
  if (!impl_->running) return;
  impl_->running = false;
  impl_->ioc.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  beast::error_code ignored;
  impl_->acceptor.close(ignored);  // the io thread is gone: safe to touch from here
  logger()->info("REST API stopped");
}

}  // namespace connect_runtime
