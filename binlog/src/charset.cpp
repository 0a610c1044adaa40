// Collation ids -> character sets, and conversion of column bytes to UTF-8.
//
// The id table covers MySQL 5.x/8.x/9.x and MariaDB 10.x/11.x:
//   1-99      the classic collations (same ids on both servers)
//   101-124 utf16, 128-151/159 ucs2, 160-183 utf32, 192-215/223 utf8mb3, 224-247 utf8mb4 (UCA)
//   248-250   gb18030 (MySQL 8)
//   255-323   utf8mb4 0900 collations (MySQL 8; MariaDB 11.4+ accepts them as aliases)
//   576-767   MariaDB extra UCA collations (mysql561, myanmar, thai_520_w2) per charset block
//   1024-2047 MariaDB NO PAD variants: id - 1024 is the PAD SPACE collation of the same charset
//   2048-4095 MariaDB UCA-14.0.0: bits 8-10 of (id - 2048) select utf8mb3, utf8mb4, ucs2,
//             utf16, utf32
#include <array>
#include <string_view>

#include "binlog/binlog.h"
#include "charset_cjk.h"

namespace binlog {
namespace {

#include "charset_tables.inc"

struct IdRange {
  uint16_t first, last;
  std::string_view charset;
};

// Sorted, non-overlapping.
constexpr IdRange kCollationRanges[] = {
    {1, 1, "big5"},       {2, 2, "latin2"},      {3, 3, "dec8"},       {4, 4, "cp850"},
    {5, 5, "latin1"},     {6, 6, "hp8"},         {7, 7, "koi8r"},      {8, 8, "latin1"},
    {9, 9, "latin2"},     {10, 10, "swe7"},      {11, 11, "ascii"},    {12, 12, "ujis"},
    {13, 13, "sjis"},     {14, 14, "cp1251"},    {15, 15, "latin1"},   {16, 16, "hebrew"},
    {18, 18, "tis620"},   {19, 19, "euckr"},     {20, 20, "latin7"},   {21, 21, "latin2"},
    {22, 22, "koi8u"},    {23, 23, "cp1251"},    {24, 24, "gb2312"},   {25, 25, "greek"},
    {26, 26, "cp1250"},   {27, 27, "latin2"},    {28, 28, "gbk"},      {29, 29, "cp1257"},
    {30, 30, "latin5"},   {31, 31, "latin1"},    {32, 32, "armscii8"}, {33, 33, "utf8mb3"},
    {34, 34, "cp1250"},   {35, 35, "ucs2"},      {36, 36, "cp866"},    {37, 37, "keybcs2"},
    {38, 38, "macce"},    {39, 39, "macroman"},  {40, 40, "cp852"},    {41, 42, "latin7"},
    {43, 43, "macce"},    {44, 44, "cp1250"},    {45, 46, "utf8mb4"},  {47, 49, "latin1"},
    {50, 52, "cp1251"},   {53, 53, "macroman"},  {54, 55, "utf16"},    {56, 56, "utf16le"},
    {57, 57, "cp1256"},   {58, 59, "cp1257"},    {60, 61, "utf32"},    {62, 62, "utf16le"},
    {63, 63, "binary"},   {64, 64, "armscii8"},  {65, 65, "ascii"},    {66, 66, "cp1250"},
    {67, 67, "cp1256"},   {68, 68, "cp866"},     {69, 69, "dec8"},     {70, 70, "greek"},
    {71, 71, "hebrew"},   {72, 72, "hp8"},       {73, 73, "keybcs2"},  {74, 74, "koi8r"},
    {75, 75, "koi8u"},    {76, 76, "utf8mb3"},   {77, 77, "latin2"},   {78, 78, "latin5"},
    {79, 79, "latin7"},   {80, 80, "cp850"},     {81, 81, "cp852"},    {82, 82, "swe7"},
    {83, 83, "utf8mb3"},  {84, 84, "big5"},      {85, 85, "euckr"},    {86, 86, "gb2312"},
    {87, 87, "gbk"},      {88, 88, "sjis"},      {89, 89, "tis620"},   {90, 90, "ucs2"},
    {91, 91, "ujis"},     {92, 93, "geostd8"},   {94, 94, "latin1"},   {95, 96, "cp932"},
    {97, 98, "eucjpms"},  {99, 99, "cp1250"},    {101, 124, "utf16"},  {128, 151, "ucs2"},
    {159, 159, "ucs2"},   {160, 183, "utf32"},   {192, 215, "utf8mb3"}, {223, 223, "utf8mb3"},
    {224, 247, "utf8mb4"}, {248, 250, "gb18030"}, {255, 323, "utf8mb4"}, {576, 607, "utf8mb3"},
    {608, 639, "utf8mb4"}, {640, 671, "ucs2"},   {672, 703, "utf16"},  {736, 767, "utf32"},
};

constexpr std::string_view kUca1400Charsets[] = {"utf8mb3", "utf8mb4", "ucs2", "utf16", "utf32"};

std::string_view base_charset(uint16_t id) {
  size_t lo = 0, hi = std::size(kCollationRanges);
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    if (kCollationRanges[mid].last < id) lo = mid + 1;
    else hi = mid;
  }
  if (lo < std::size(kCollationRanges) && kCollationRanges[lo].first <= id) {
    return kCollationRanges[lo].charset;
  }
  return {};
}

// ---- UTF-8 output ------------------------------------------------------------------------
constexpr char32_t kReplacement = 0xFFFD;

void put_utf8(std::string& out, char32_t c) {
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

// Length of the valid UTF-8 sequence at s[i], or 0 when invalid (overlong, surrogate, > U+10FFFF).
size_t utf8_sequence(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<uint8_t>(s[i + k]); };
  const uint8_t c = b(0);
  const size_t left = s.size() - i;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return left >= 2 && (b(1) & 0xC0) == 0x80 ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (left < 3 || (b(1) & 0xC0) != 0x80 || (b(2) & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (left < 4 || (b(1) & 0xC0) != 0x80 || (b(2) & 0xC0) != 0x80 || (b(3) & 0xC0) != 0x80) return 0;
    if (c == 0xF0 && b(1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && b(1) >= 0x90) return 0;  // > U+10FFFF
    return 4;
  }
  return 0;
}

bool append_from_utf8(std::string& out, std::string_view s) {
  bool ok = true;
  size_t i = 0;
  while (i < s.size()) {
    // Copy the longest run of valid sequences at once.
    size_t j = i;
    size_t n = 0;
    while (j < s.size() && (n = utf8_sequence(s, j)) != 0) j += n;
    out.append(s.data() + i, j - i);
    if (j < s.size()) {
      put_utf8(out, kReplacement);
      ok = false;
      ++j;
    }
    i = j;
  }
  return ok;
}

bool append_ascii_or_replace(std::string& out, std::string_view s) {
  bool ok = true;
  for (char ch : s) {
    const auto c = static_cast<uint8_t>(ch);
    if (c < 0x80) {
      out.push_back(ch);
    } else {
      put_utf8(out, kReplacement);
      ok = false;
    }
  }
  return ok;
}

bool append_single_byte(std::string& out, std::string_view s, const uint16_t* upper) {
  bool ok = true;
  for (char ch : s) {
    const auto c = static_cast<uint8_t>(ch);
    if (c < 0x80) {
      out.push_back(ch);
      continue;
    }
    const char32_t cp = upper[c - 0x80];
    if (cp == 0) {
      put_utf8(out, kReplacement);
      ok = false;
    } else {
      put_utf8(out, cp);
    }
  }
  return ok;
}

enum class Wide { ucs2, utf16be, utf16le, utf32 };

bool append_wide(std::string& out, std::string_view s, Wide kind) {
  const size_t unit = kind == Wide::utf32 ? 4 : 2;
  const auto at = [&](size_t i) -> uint32_t {
    const auto b = [&](size_t k) { return static_cast<uint32_t>(static_cast<uint8_t>(s[i + k])); };
    if (kind == Wide::utf32) return b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3);
    if (kind == Wide::utf16le) return b(1) << 8 | b(0);
    return b(0) << 8 | b(1);
  };
  bool ok = true;
  size_t i = 0;
  while (i + unit <= s.size()) {
    uint32_t c = at(i);
    i += unit;
    const bool surrogate = c >= 0xD800 && c <= 0xDFFF;
    if (surrogate && (kind == Wide::utf16be || kind == Wide::utf16le) && c <= 0xDBFF &&
        i + 2 <= s.size()) {
      const uint32_t low = at(i);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        i += 2;
        put_utf8(out, 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00));
        continue;
      }
    }
    if (surrogate || c > 0x10FFFF) {
      put_utf8(out, kReplacement);
      ok = false;
    } else {
      put_utf8(out, c);
    }
  }
  if (i < s.size()) {  // a partial code unit at the end
    put_utf8(out, kReplacement);
    ok = false;
  }
  return ok;
}

}  // namespace

std::string_view charset_name(uint16_t collation_id) {
  if (collation_id >= 2048 && collation_id <= 4095) {
    const size_t index = static_cast<size_t>(collation_id - 2048) >> 8;
    return index < std::size(kUca1400Charsets) ? kUca1400Charsets[index] : std::string_view{};
  }
  if (collation_id >= 1024 && collation_id < 2048) {
    const std::string_view base = base_charset(static_cast<uint16_t>(collation_id - 1024));
    return base == "binary" ? std::string_view{} : base;
  }
  return base_charset(collation_id);
}

bool append_utf8(std::string& out, std::string_view bytes, uint16_t collation_id) {
  if (collation_id == 0) return append_from_utf8(out, bytes);  // unknown: assume UTF-8
  const std::string_view cs = charset_name(collation_id);
  if (cs == "utf8mb4" || cs == "utf8mb3" || cs == "binary") return append_from_utf8(out, bytes);
  if (cs == "ascii") return append_ascii_or_replace(out, bytes);
  if (cs == "ucs2") return append_wide(out, bytes, Wide::ucs2);
  if (cs == "utf16") return append_wide(out, bytes, Wide::utf16be);
  if (cs == "utf16le") return append_wide(out, bytes, Wide::utf16le);
  if (cs == "utf32") return append_wide(out, bytes, Wide::utf32);
  for (const auto& set : kSingleByteCharsets) {
    if (set.name == cs) return append_single_byte(out, bytes, set.upper);
  }
  bool handled = false;
  const bool ok = detail::append_cjk(out, bytes, cs, handled);
  if (handled) return ok;
  // Unknown charsets (and dec8, swe7, keybcs2, armscii8, geostd8): ASCII passes, the rest is
  // replaced.
  return append_ascii_or_replace(out, bytes);
}

}  // namespace binlog
