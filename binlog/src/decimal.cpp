#include "decimal.h"

#include "byte_reader.h"

namespace binlog::detail {
namespace {

constexpr unsigned kDigitsPerGroup = 9;
constexpr unsigned kDig2Bytes[10] = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};
constexpr uint32_t kPow10[10] = {1,      10,      100,      1000,      10000,
                                 100000, 1000000, 10000000, 100000000, 1000000000};
constexpr unsigned kMaxPrecision = 65;
constexpr unsigned kMaxScale = 38;  // MySQL 30, MariaDB 38
constexpr size_t kMaxBinarySize = 32;

// Appends `v` as exactly `digits` decimal digits.
char* put_digits(char* p, uint32_t v, unsigned digits) {
  for (unsigned i = digits; i > 0; --i) {
    p[i - 1] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return p + digits;
}

}  // namespace

size_t decimal_binary_size(unsigned precision, unsigned scale) {
  if (precision == 0 || precision > kMaxPrecision || scale > kMaxScale || scale > precision) return 0;
  const unsigned intg = precision - scale;
  return (intg / kDigitsPerGroup) * 4 + kDig2Bytes[intg % kDigitsPerGroup] +
         (scale / kDigitsPerGroup) * 4 + kDig2Bytes[scale % kDigitsPerGroup];
}

size_t decimal_to_text(const uint8_t* in, unsigned precision, unsigned scale, char* out) {
  const size_t size = decimal_binary_size(precision, scale);
  if (size == 0) return 0;
  uint8_t buf[kMaxBinarySize];
  const bool negative = (in[0] & 0x80) == 0;
  const uint8_t mask = negative ? 0xff : 0x00;
  for (size_t i = 0; i < size; ++i) buf[i] = in[i] ^ mask;
  buf[0] ^= 0x80;

  const unsigned intg = precision - scale;
  const unsigned intg0 = intg / kDigitsPerGroup, intg0x = intg % kDigitsPerGroup;
  const unsigned frac0 = scale / kDigitsPerGroup, frac0x = scale % kDigitsPerGroup;

  // Integer digits go to a scratch area first so leading zeros can be dropped.
  char digits[kMaxPrecision + 1];
  char* d = digits;
  const uint8_t* p = buf;
  bool any_nonzero = false;
  if (intg0x > 0) {
    const uint32_t v = static_cast<uint32_t>(be_n(p, kDig2Bytes[intg0x]));
    if (v >= kPow10[intg0x]) return 0;
    any_nonzero |= v != 0;
    d = put_digits(d, v, intg0x);
    p += kDig2Bytes[intg0x];
  }
  for (unsigned g = 0; g < intg0; ++g, p += 4) {
    const uint32_t v = static_cast<uint32_t>(be_n(p, 4));
    if (v >= kPow10[9]) return 0;
    any_nonzero |= v != 0;
    d = put_digits(d, v, kDigitsPerGroup);
  }
  char fraction[kMaxScale];
  char* f = fraction;
  for (unsigned g = 0; g < frac0; ++g, p += 4) {
    const uint32_t v = static_cast<uint32_t>(be_n(p, 4));
    if (v >= kPow10[9]) return 0;
    any_nonzero |= v != 0;
    f = put_digits(f, v, kDigitsPerGroup);
  }
  if (frac0x > 0) {
    const uint32_t v = static_cast<uint32_t>(be_n(p, kDig2Bytes[frac0x]));
    if (v >= kPow10[frac0x]) return 0;
    any_nonzero |= v != 0;
    f = put_digits(f, v, frac0x);
  }

  char* o = out;
  if (negative && any_nonzero) *o++ = '-';
  const char* first = digits;
  while (first < d && *first == '0') ++first;
  if (first == d) {
    *o++ = '0';
  } else {
    for (const char* c = first; c < d; ++c) *o++ = *c;
  }
  if (scale > 0) {
    *o++ = '.';
    for (const char* c = fraction; c < f; ++c) *o++ = *c;
  }
  return static_cast<size_t>(o - out);
}

}  // namespace binlog::detail
