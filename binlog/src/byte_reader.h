// Bounded little/big-endian reader over one event's bytes. Every read checks the remaining
// length first and reports failure by returning false; nothing here reads past `end`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

namespace binlog::detail {

inline uint16_t le16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
inline uint32_t le24(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
         (static_cast<uint32_t>(p[2]) << 16);
}
inline uint32_t le32(const uint8_t* p) {
  return le24(p) | (static_cast<uint32_t>(p[3]) << 24);
}
inline uint64_t le48(const uint8_t* p) {
  return le32(p) | (static_cast<uint64_t>(le16(p + 4)) << 32);
}
inline uint64_t le64(const uint8_t* p) {
  return le32(p) | (static_cast<uint64_t>(le32(p + 4)) << 32);
}
// Little-endian unsigned integer of n bytes (1..8).
inline uint64_t le_n(const uint8_t* p, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v |= static_cast<uint64_t>(p[i]) << (8 * i);
  return v;
}
// Big-endian unsigned integer of n bytes (1..8).
inline uint64_t be_n(const uint8_t* p, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v = (v << 8) | p[i];
  return v;
}

class ByteReader {
 public:
  ByteReader() = default;
  explicit ByteReader(std::span<const uint8_t> data)
      : begin_(data.data()), cur_(data.data()), end_(data.data() + data.size()) {}

  size_t remaining() const { return static_cast<size_t>(end_ - cur_); }
  size_t position() const { return static_cast<size_t>(cur_ - begin_); }
  bool empty() const { return cur_ == end_; }
  bool has(size_t n) const { return n <= remaining(); }
  const uint8_t* data() const { return cur_; }
  std::span<const uint8_t> rest() const { return {cur_, remaining()}; }

  bool skip(size_t n) {
    if (!has(n)) return false;
    cur_ += n;
    return true;
  }
  bool u8(uint8_t& v) {
    if (!has(1)) return false;
    v = *cur_++;
    return true;
  }
  bool u16(uint16_t& v) {
    if (!has(2)) return false;
    v = le16(cur_);
    cur_ += 2;
    return true;
  }
  bool u32(uint32_t& v) {
    if (!has(4)) return false;
    v = le32(cur_);
    cur_ += 4;
    return true;
  }
  bool u48(uint64_t& v) {
    if (!has(6)) return false;
    v = le48(cur_);
    cur_ += 6;
    return true;
  }
  bool u64(uint64_t& v) {
    if (!has(8)) return false;
    v = le64(cur_);
    cur_ += 8;
    return true;
  }
  bool bytes(size_t n, std::span<const uint8_t>& out) {
    if (!has(n)) return false;
    out = {cur_, n};
    cur_ += n;
    return true;
  }
  bool str(size_t n, std::string_view& out) {
    if (!has(n)) return false;
    out = {reinterpret_cast<const char*>(cur_), n};
    cur_ += n;
    return true;
  }
  // MySQL's length-encoded ("packed") integer: < 251 in one byte, 252 + 2 bytes, 253 + 3 bytes,
  // 254 + 8 bytes. 251 (SQL NULL) and 255 are not valid in binlog metadata.
  bool packed(uint64_t& v) {
    if (!has(1)) return false;
    const uint8_t first = *cur_;
    if (first < 251) {
      v = first;
      ++cur_;
      return true;
    }
    size_t n = 0;
    if (first == 252) n = 2;
    else if (first == 253) n = 3;
    else if (first == 254) n = 8;
    else return false;
    if (!has(1 + n)) return false;
    v = le_n(cur_ + 1, n);
    cur_ += 1 + n;
    return true;
  }

 private:
  const uint8_t* begin_ = nullptr;
  const uint8_t* cur_ = nullptr;
  const uint8_t* end_ = nullptr;
};

}  // namespace binlog::detail
