#include "connect_runtime/errors.h"

namespace connect_runtime {
namespace {

class ConnectCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "connect_runtime"; }
  std::string message(int ev) const override {
    switch (static_cast<ConnectErrc>(ev)) {
      case ConnectErrc::bad_request: return "bad request";
      case ConnectErrc::not_found: return "not found";
      case ConnectErrc::already_exists: return "already exists";
      case ConnectErrc::invalid_config: return "invalid configuration";
      case ConnectErrc::io_error: return "I/O error";
      case ConnectErrc::corrupt_data: return "corrupt data";
      case ConnectErrc::kafka_error: return "Kafka error";
      case ConnectErrc::task_failed: return "task failed";
      case ConnectErrc::cancelled: return "cancelled";
      case ConnectErrc::internal: return "internal error";
    }
    return "unknown connect_runtime error";
  }
};

}  // namespace

const std::error_category& connect_category() {
  static const ConnectCategory category;
  return category;
}

std::error_code make_error_code(ConnectErrc e) {
  return {static_cast<int>(e), connect_category()};
}

}  // namespace connect_runtime
