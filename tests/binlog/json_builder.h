// Test-only encoder of MySQL binary JSON, to build documents the decoder must read.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace binlog::test {

struct J {
  enum Kind : uint8_t {
    null_, true_, false_, i16, u16, i32, u32, i64, u64, dbl, str, opaque, object, array
  };
  Kind kind = null_;
  int64_t i = 0;
  uint64_t u = 0;
  double d = 0;
  std::string s;          // string, opaque data
  uint8_t opaque_type = 0;
  bool large = false;     // container format
  std::vector<std::string> keys;  // object member names, parallel to `elements`
  std::vector<J> elements;        // array elements or object member values

  static J null() { return J{}; }
  static J boolean(bool b) { J j; j.kind = b ? true_ : false_; return j; }
  static J int16(int64_t v) { J j; j.kind = i16; j.i = v; return j; }
  static J uint16(uint64_t v) { J j; j.kind = u16; j.u = v; return j; }
  static J int32(int64_t v) { J j; j.kind = i32; j.i = v; return j; }
  static J uint32(uint64_t v) { J j; j.kind = u32; j.u = v; return j; }
  static J int64(int64_t v) { J j; j.kind = i64; j.i = v; return j; }
  static J uint64(uint64_t v) { J j; j.kind = u64; j.u = v; return j; }
  static J number(double v) { J j; j.kind = dbl; j.d = v; return j; }
  static J string(std::string v) { J j; j.kind = str; j.s = std::move(v); return j; }
  static J opaque_of(uint8_t type, std::string data) {
    J j; j.kind = opaque; j.opaque_type = type; j.s = std::move(data); return j;
  }
  static J obj(std::vector<std::pair<std::string, J>> m, bool large = false) {
    J j;
    j.kind = object;
    j.large = large;
    for (auto& [k, v] : m) {
      j.keys.push_back(k);
      j.elements.push_back(std::move(v));
    }
    return j;
  }
  static J arr(std::vector<J> e, bool large = false) {
    J j; j.kind = array; j.elements = std::move(e); j.large = large; return j;
  }
};

inline void jput(std::string& b, uint64_t v, size_t n) {
  for (size_t k = 0; k < n; ++k) b.push_back(static_cast<char>(v >> (8 * k)));
}
inline void jvarlen(std::string& b, uint64_t v) {
  do {
    uint8_t c = v & 0x7f;
    v >>= 7;
    if (v) c |= 0x80;
    b.push_back(static_cast<char>(c));
  } while (v);
}

// Type byte and value bytes (without the type byte) of `j`.
inline std::pair<uint8_t, std::string> jencode_value(const J& j) {
  std::string b;
  switch (j.kind) {
    case J::null_: return {4, std::string(1, '\0')};
    case J::true_: return {4, std::string(1, '\1')};
    case J::false_: return {4, std::string(1, '\2')};
    case J::i16: jput(b, static_cast<uint64_t>(j.i), 2); return {5, b};
    case J::u16: jput(b, j.u, 2); return {6, b};
    case J::i32: jput(b, static_cast<uint64_t>(j.i), 4); return {7, b};
    case J::u32: jput(b, j.u, 4); return {8, b};
    case J::i64: jput(b, static_cast<uint64_t>(j.i), 8); return {9, b};
    case J::u64: jput(b, j.u, 8); return {10, b};
    case J::dbl: {
      uint64_t bits = 0;
      std::memcpy(&bits, &j.d, 8);
      jput(b, bits, 8);
      return {11, b};
    }
    case J::str: jvarlen(b, j.s.size()); b += j.s; return {12, b};
    case J::opaque:
      b.push_back(static_cast<char>(j.opaque_type));
      jvarlen(b, j.s.size());
      b += j.s;
      return {15, b};
    case J::object:
    case J::array: {
      const bool object = j.kind == J::object;
      const size_t w = j.large ? 4 : 2;
      const size_t n = j.elements.size();
      const size_t header = 2 * w + n * (object ? w + 2 : 0) + n * (1 + w);
      std::string keys, values, entries, key_entries;
      size_t offset = header;
      if (object) {
        for (const auto& k : j.keys) offset += k.size();
        size_t key_off = header;
        for (const auto& k : j.keys) {
          jput(key_entries, key_off, w);
          jput(key_entries, k.size(), 2);
          keys += k;
          key_off += k.size();
        }
      }
      for (size_t k = 0; k < n; ++k) {
        const J& e = j.elements[k];
        auto [t, v] = jencode_value(e);
        const bool inlined = t == 4 || t == 5 || t == 6 || (j.large && (t == 7 || t == 8));
        entries.push_back(static_cast<char>(t));
        if (inlined) {
          std::string padded = v;
          padded.resize(w, '\0');
          entries += padded;
        } else {
          jput(entries, offset + values.size(), w);
          values += v;
        }
      }
      const size_t size = header + keys.size() + values.size();
      jput(b, n, w);
      jput(b, size, w);
      b += key_entries + entries + keys + values;
      return {static_cast<uint8_t>((object ? 0 : 2) + (j.large ? 1 : 0)), b};
    }
  }
  return {4, std::string(1, '\0')};
}

// A whole document: type byte + value.
inline std::string jdoc(const J& j) {
  auto [t, v] = jencode_value(j);
  return std::string(1, static_cast<char>(t)) + v;
}

}  // namespace binlog::test
