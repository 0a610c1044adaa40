// MySQL's binary DECIMAL (NEWDECIMAL) format.
//
// DECIMAL(precision, scale) is stored big-endian as the integer digits then the fraction
// digits, each side in groups of 9 decimal digits per 4 bytes; a leading (integer) or trailing
// (fraction) partial group of k digits takes dig2bytes[k] bytes. The sign is the top bit of
// the first byte, stored flipped (1 = positive); negative numbers have every byte inverted.
#pragma once

#include <cstddef>
#include <cstdint>

namespace binlog::detail {

// Bytes of a DECIMAL(precision, scale) value; 0 when precision/scale are invalid.
size_t decimal_binary_size(unsigned precision, unsigned scale);

// Writes the value as text ("-1234.50": exactly `scale` fraction digits, no leading zeros,
// "0" for a zero integer part) into `out` (at least 72 bytes). Returns the text length, or
// 0 when a digit group is out of range (corrupt data). `in` holds decimal_binary_size bytes.
size_t decimal_to_text(const uint8_t* in, unsigned precision, unsigned scale, char* out);

}  // namespace binlog::detail
