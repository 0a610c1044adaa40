// Date and time column formats.
//
// DATE (3 bytes LE):       day | month << 5 | year << 9
// TIME (old, 3 bytes LE):  signed HHMMSS as an integer (e.g. -8385959 = -838:59:59)
// DATETIME (old, 8 bytes LE): YYYYMMDDhhmmss as an integer
// TIMESTAMP (4 bytes LE):  seconds since the epoch
// TIME2 (3 bytes BE + fraction): (packed + 0x800000) with packed = sign | hour(10) min(6)
//                          sec(6); the fraction (fsp 1-2: 1 byte in 1/100 s, 3-4: 2 bytes in
//                          1/10000 s, 5-6: 3 bytes in microseconds) is part of one signed
//                          big-endian number, so negative values borrow from the integer part.
// DATETIME2 (5 bytes BE + fraction): 0x8000000000 + (year*13+month) << 22 | day << 17 |
//                          hour << 12 | minute << 6 | second
// TIMESTAMP2 (4 bytes BE + fraction): seconds since the epoch
#pragma once

#include <cstddef>
#include <cstdint>

#include "binlog/binlog.h"

namespace binlog::detail {

// Bytes taken by the fraction of a TIME2/DATETIME2/TIMESTAMP2 with precision fsp (0-6).
inline size_t fraction_bytes(unsigned fsp) { return (fsp + 1) / 2; }

// Each decoder reads exactly its fixed size from `p` and fills the temporal fields of `v`.
// They return false when the bytes cannot be a valid value (fraction out of range).
void decode_date(const uint8_t* p, Value& v);
void decode_time(const uint8_t* p, Value& v);
void decode_datetime(const uint8_t* p, Value& v);
bool decode_time2(const uint8_t* p, unsigned fsp, Value& v);
bool decode_datetime2(const uint8_t* p, unsigned fsp, Value& v);
bool decode_timestamp2(const uint8_t* p, unsigned fsp, Value& v);

}  // namespace binlog::detail
