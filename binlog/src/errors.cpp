// The binlog error category and the error-value helpers.
#include <string>

#include "binlog/binlog.h"

namespace binlog {
namespace {

class Category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "binlog"; }
  std::string message(int value) const override {
    switch (static_cast<Errc>(value)) {
      case Errc::truncated: return "binlog data ends before the structure does";
      case Errc::bad_magic: return "not a binlog file (bad magic number)";
      case Errc::checksum_mismatch: return "binlog event checksum mismatch";
      case Errc::malformed: return "malformed binlog data";
      case Errc::unsupported: return "unsupported binlog feature";
      case Errc::unknown_table: return "rows event for a table id without TABLE_MAP";
      case Errc::encrypted: return "encrypted binlog";
    }
    return "binlog error " + std::to_string(value);
  }
};

}  // namespace

const std::error_category& error_category() {
  static const Category category;
  return category;
}

std::error_code make_error_code(Errc e) { return {static_cast<int>(e), error_category()}; }

cdc::Error make_error(Errc e, std::string message) {
  return cdc::Error{make_error_code(e), std::move(message)};
}

}  // namespace binlog
