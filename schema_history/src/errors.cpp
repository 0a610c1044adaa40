// The schema_history error category.
#include "schema_history/errors.h"

namespace schema_history {
namespace {

class Category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "schema_history"; }
  std::string message(int value) const override {
    switch (static_cast<Errc>(value)) {
      case Errc::syntax_error: return "DDL syntax error";
      case Errc::too_deep: return "DDL nesting too deep";
      case Errc::unsupported: return "unsupported DDL construct";
      case Errc::no_database: return "no database selected";
      case Errc::bad_argument: return "bad argument";
    }
    return "schema_history error " + std::to_string(value);
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

}  // namespace schema_history
