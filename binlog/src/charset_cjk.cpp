// Byte layouts (b = first byte; ASCII < 0x80 everywhere):
//   gbk      81-FE + 40-7E/80-FE
//   gb2312   EUC-CN: A1-F7 + A1-FE
//   gb18030  gbk's two-byte codes, or four bytes 81-FE 30-39 81-FE 30-39: BMP code points by
//            runs of the linear index (b1 <= 0x84), U+10000 + linear index from 90 30 81 30
//   big5     A1-F9 + 40-7E/A1-FE
//   sjis, cp932  A1-DF half-width katakana (U+FF61...); 81-9F/E0-FC + 40-7E/80-FC
//   ujis, eucjpms  A1-FE + A1-FE (JIS X 0208); 8E + A1-DF (half-width katakana);
//            8F + A1-FE + A1-FE (JIS X 0212)
//   euckr    81-FE + 41-FE (KS X 1001 and the UHC extension of cp949)
// A well-formed but unmapped code is replaced as a whole; a byte that cannot start or continue a
// character is replaced alone.
#include "charset_cjk.h"

#include <algorithm>
#include <cstdint>
#include <iterator>

namespace binlog::detail {
namespace {

#include "charset_cjk_tables.inc"

constexpr char32_t kReplacement = 0xFFFD;

void put(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

// Looks `code` up in a flattened sorted (code, code point) list; false when absent.
template <size_t N>
bool find_override(const uint16_t (&pairs)[N], uint16_t code, char32_t& cp) {
  size_t lo = 0, hi = N / 2;
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    if (pairs[2 * mid] < code) lo = mid + 1;
    else hi = mid;
  }
  if (lo < N / 2 && pairs[2 * lo] == code) {
    cp = pairs[2 * lo + 1];
    return true;
  }
  return false;
}

char32_t gb18030_four(uint8_t b1, uint8_t b2, uint8_t b3, uint8_t b4) {
  if (b1 >= 0x90) {  // supplementary planes
    const uint32_t lin = ((b1 - 0x90u) * 10 + (b2 - 0x30u)) * 1260 + (b3 - 0x81u) * 10 + (b4 - 0x30u);
    return lin <= 0xFFFFF ? 0x10000 + lin : 0;
  }
  const uint32_t lin = ((b1 - 0x81u) * 10 + (b2 - 0x30u)) * 1260 + (b3 - 0x81u) * 10 + (b4 - 0x30u);
  if (lin >= kGb18030BmpEnd) return 0;
  // The last run starting at or before lin.
  size_t lo = 0, hi = std::size(kGb18030Runs) / 2;
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    if (kGb18030Runs[2 * mid] <= lin) lo = mid + 1;
    else hi = mid;
  }
  if (lo == 0) return 0;
  const uint32_t start = kGb18030Runs[2 * (lo - 1)], first = kGb18030Runs[2 * (lo - 1) + 1];
  return first == 0 ? 0 : first + (lin - start);
}

enum class Kind { gbk, gb2312, gb18030, big5, sjis, cp932, ujis, euckr };

// Decodes one character at s[i] (a non-ASCII first byte). Returns the bytes it takes (1 for an
// invalid first byte) and the code point (0 = invalid/unmapped).
size_t decode_one(Kind kind, const uint8_t* s, size_t left, char32_t& cp) {
  const uint8_t b = s[0];
  const uint8_t t = left > 1 ? s[1] : 0;
  cp = 0;
  switch (kind) {
    case Kind::gbk:
    case Kind::gb18030: {
      if (b < 0x81 || b > 0xFE || left < 2) return 1;
      if (kind == Kind::gb18030 && t >= 0x30 && t <= 0x39) {
        if (left < 4 || s[2] < 0x81 || s[2] > 0xFE || s[3] < 0x30 || s[3] > 0x39) return 1;
        cp = gb18030_four(b, t, s[2], s[3]);
        return 4;
      }
      if (t < 0x40 || t > 0xFE || t == 0x7F) return 1;
      const uint16_t code = static_cast<uint16_t>(b << 8 | t);
      if (kind != Kind::gb18030 || !find_override(kGb18030Overrides, code, cp)) {
        cp = kGbk[(b - 0x81) * 191 + (t - 0x40)];
      }
      return 2;
    }
    case Kind::gb2312: {
      if (b < 0xA1 || b > 0xF7 || left < 2 || t < 0xA1 || t > 0xFE) return 1;
      const uint16_t code = static_cast<uint16_t>(b << 8 | t);
      if (!find_override(kGb2312Overrides, code, cp)) cp = kGbk[(b - 0x81) * 191 + (t - 0x40)];
      return 2;
    }
    case Kind::big5:
      if (b < 0xA1 || b > 0xF9 || left < 2) return 1;
      if (!((t >= 0x40 && t <= 0x7E) || (t >= 0xA1 && t <= 0xFE))) return 1;
      cp = kBig5[(b - 0xA1) * 191 + (t - 0x40)];
      return 2;
    case Kind::sjis:
    case Kind::cp932: {
      if (b >= 0xA1 && b <= 0xDF) {
        cp = 0xFF61 + (b - 0xA1);
        return 1;
      }
      if (!((b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC)) || left < 2) return 1;
      if (t < 0x40 || t > 0xFC || t == 0x7F) return 1;
      const uint16_t code = static_cast<uint16_t>(b << 8 | t);
      if (kind != Kind::sjis || !find_override(kSjisOverrides, code, cp)) {
        cp = kCp932[(b - 0x81) * 189 + (t - 0x40)];
      }
      return 2;
    }
    case Kind::ujis:
      if (b == 0x8E) {
        if (left < 2 || t < 0xA1 || t > 0xDF) return 1;
        cp = 0xFF61 + (t - 0xA1);
        return 2;
      }
      if (b == 0x8F) {
        if (left < 3 || t < 0xA1 || t > 0xFE || s[2] < 0xA1 || s[2] > 0xFE) return 1;
        cp = kJis0212[(t - 0xA1) * 94 + (s[2] - 0xA1)];
        return 3;
      }
      if (b < 0xA1 || b > 0xFE || left < 2 || t < 0xA1 || t > 0xFE) return 1;
      cp = kJis0208[(b - 0xA1) * 94 + (t - 0xA1)];
      return 2;
    case Kind::euckr:
      if (b < 0x81 || b > 0xFE || left < 2 || t < 0x41 || t > 0xFE) return 1;
      cp = kCp949[(b - 0x81) * 190 + (t - 0x41)];
      return 2;
  }
  return 1;
}

}  // namespace

bool append_cjk(std::string& out, std::string_view bytes, std::string_view charset, bool& handled) {
  Kind kind;
  handled = true;
  if (charset == "gbk") kind = Kind::gbk;
  else if (charset == "gb2312") kind = Kind::gb2312;
  else if (charset == "gb18030") kind = Kind::gb18030;
  else if (charset == "big5") kind = Kind::big5;
  else if (charset == "sjis") kind = Kind::sjis;
  else if (charset == "cp932") kind = Kind::cp932;
  else if (charset == "ujis" || charset == "eucjpms") kind = Kind::ujis;
  else if (charset == "euckr") kind = Kind::euckr;
  else {
    handled = false;
    return false;
  }
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  const size_t n = bytes.size();
  bool ok = true;
  size_t i = 0;
  while (i < n) {
    if (s[i] < 0x80) {
      size_t j = i + 1;
      while (j < n && s[j] < 0x80) ++j;
      out.append(bytes.data() + i, j - i);
      i = j;
      continue;
    }
    char32_t cp = 0;
    const size_t used = decode_one(kind, s + i, n - i, cp);
    i += used;
    if (cp == 0) {
      put(out, kReplacement);
      ok = false;
    } else {
      put(out, cp);
    }
  }
  return ok;
}

}  // namespace binlog::detail
