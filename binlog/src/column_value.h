// One column value of a row image, per column type (see column_value.cpp for the layouts).
#pragma once

#include <cstdint>

#include "binlog/binlog.h"

namespace binlog::detail {

struct ValueStatus {
  Errc code{};                 // Errc{} (0) = ok
  const char* what = nullptr;  // static text naming the problem
  bool ok() const { return code == Errc{}; }
};

// Decodes the non-null value of `col` at `p` (not past `end`) into `v` (already reset) and
// advances `p`. Never allocates; string/bytes values point into [p, end).
ValueStatus decode_value(const ColumnInfo& col, const uint8_t*& p, const uint8_t* end, Value& v);

}  // namespace binlog::detail
