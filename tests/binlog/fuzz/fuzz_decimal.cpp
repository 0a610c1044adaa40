// libFuzzer target: binary DECIMAL -> text. Input: precision byte, scale byte, then the value.
// The text must be [-]digits[.scale digits] and fit the 72-byte buffer of binlog::Value.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "decimal.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const unsigned precision = data[0], scale = data[1];
  const size_t need = binlog::detail::decimal_binary_size(precision, scale);
  if (need == 0 || size - 2 < need) return 0;
  char out[72];
  std::memset(out, 0, sizeof(out));
  const size_t n = binlog::detail::decimal_to_text(data + 2, precision, scale, out);
  if (n == 0) return 0;  // a digit group out of range
  if (n > precision + 3 || n > sizeof(out)) __builtin_trap();  // sign, "0" before the point, point
  size_t i = out[0] == '-' ? 1 : 0;
  size_t int_digits = 0;
  while (i < n && out[i] >= '0' && out[i] <= '9') ++i, ++int_digits;
  if (int_digits == 0) __builtin_trap();
  if (scale > 0) {
    if (i >= n || out[i] != '.') __builtin_trap();
    ++i;
    size_t frac = 0;
    while (i < n && out[i] >= '0' && out[i] <= '9') ++i, ++frac;
    if (frac != scale) __builtin_trap();
  }
  if (i != n) __builtin_trap();
  return 0;
}
