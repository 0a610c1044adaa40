// Result<T>: a value or an Error. C++20 has no std::expected, and the parsers must not throw,
// so every fallible function in the project returns one of these.
#pragma once

#include <cassert>
#include <string>
#include <system_error>
#include <utility>
#include <variant>

namespace cdc {

// An error code for programmatic checks plus a human message naming the problem and its place
// (byte offset, binlog position, config key, ...).
struct Error {
  std::error_code code;
  std::string message;

  std::string to_string() const {
    if (message.empty()) return code.message();
    return message;
  }
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { assert(!ok()); return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { assert(!ok_); return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

inline Result<void> ok() { return {}; }

}  // namespace cdc

// Propagate an error from an expression returning Result<...>.
#define CDC_TRY(expr)                                 \
  do {                                                \
    auto cdc_try_result_ = (expr);                    \
    if (!cdc_try_result_.ok()) return cdc_try_result_.error(); \
  } while (0)
