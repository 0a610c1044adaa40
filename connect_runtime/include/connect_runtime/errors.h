// Error codes of the worker. The REST layer maps them to HTTP status codes, the way Kafka
// Connect maps NotFoundException / AlreadyExistsException / BadRequestException.
#pragma once

#include <string>
#include <system_error>

#include "common/result.h"

namespace connect_runtime {

enum class ConnectErrc {
  bad_request = 1,     // HTTP 400: malformed body, invalid connector configuration
  not_found,           // HTTP 404: unknown connector or task
  already_exists,      // HTTP 409: a connector with that name exists
  invalid_config,      // bad worker/connector properties (startup)
  io_error,            // reading/writing files (offset store, properties)
  corrupt_data,        // a file we own is not in the expected format
  kafka_error,         // producer creation, connectivity, delivery
  task_failed,         // a task's start()/poll() returned an error
  cancelled,           // the operation was abandoned because the task is stopping
  internal,            // HTTP 500
};

const std::error_category& connect_category();
std::error_code make_error_code(ConnectErrc e);

inline cdc::Error make_error(ConnectErrc code, std::string message) {
  return cdc::Error{make_error_code(code), std::move(message)};
}

}  // namespace connect_runtime

namespace std {
template <>
struct is_error_code_enum<connect_runtime::ConnectErrc> : true_type {};
}  // namespace std
