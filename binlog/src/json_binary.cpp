// MySQL binary JSON -> JSON text.
//
// Document: 1 type byte, then the value. Types:
//   0x00 small object, 0x01 large object, 0x02 small array, 0x03 large array,
//   0x04 literal (1 byte: 0 null, 1 true, 2 false), 0x05 int16, 0x06 uint16, 0x07 int32,
//   0x08 uint32, 0x09 int64, 0x0a uint64 (little-endian), 0x0b double (IEEE-754 LE),
//   0x0c utf8mb4 string: variable length (7 bits per byte, high bit = more, at most 5 bytes),
//        then the bytes,
//   0x0f opaque: 1 byte MySQL field type, variable length, then the data.
// Object: element count, total size (both 2 bytes small / 4 bytes large), `count` key entries
//   (key offset 2/4 bytes, key length 2 bytes), `count` value entries (1 type byte + 2/4 bytes
//   holding either the offset of the value or, for literals and 16-bit integers (and 32-bit
//   integers in the large format), the value itself), then keys and values. Offsets count from
//   the first byte after the type byte (the element count). Arrays are the same without keys.
//   Keys are stored sorted (length first, then bytes) and printed in that order.
// Opaque values MySQL prints specially: NEWDECIMAL (precision byte, scale byte, binary decimal)
//   as a number with its scale; DATE/DATETIME/TIMESTAMP/TIME (8-byte packed integer) as quoted
//   "YYYY-MM-DD", "YYYY-MM-DD hh:mm:ss.ffffff", "[-]hh:mm:ss.ffffff"; VAR_STRING as a string;
//   any other type as "base64:type<N>:<base64 with a newline every 76 characters>".
// Doubles: MySQL's my_gcvt: the shortest round-trip digits, fixed notation when the decimal
//   exponent is in [-14, 15] (or the digits reach past the point), else "1.5e-20"/"1e30";
//   ".0" appended when neither '.' nor 'e' was written.
// JsonFormat::debezium renders scalars as Debezium's binlog reader (mysql-binlog-connector-java
//   JsonStringFormatter) does: \u00XX escapes in upper case; DATETIME/TIMESTAMP/TIME fractions
//   without trailing zeros (none when zero); every opaque type but DECIMAL and the temporal
//   ones (VAR_STRING included) as plain base64 without line breaks; doubles as Java's
//   Double.toString when that has no exponent (1e-3 <= |d| < 1e7, shortest digits), else as
//   the exact decimal value of the double (new BigDecimal(d).toPlainString()).
//
// JSON diffs (PARTIAL_UPDATE_ROWS): per diff 1 byte operation (0 REPLACE, 1 INSERT, 2 REMOVE),
//   packed path length, path text (`$`, `.member`, `."quoted member"`, `[n]`, `[last]`,
//   `[last-n]`), and unless REMOVE, packed value length and a binary JSON value.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <memory>

#include "binlog/binlog.h"
#include "byte_reader.h"
#include "decimal.h"

namespace binlog {
namespace {

using detail::le16;
using detail::le32;
using detail::le64;

constexpr uint8_t kSmallObject = 0x00, kLargeObject = 0x01, kSmallArray = 0x02,
                  kLargeArray = 0x03, kLiteral = 0x04, kInt16 = 0x05, kUint16 = 0x06,
                  kInt32 = 0x07, kUint32 = 0x08, kInt64 = 0x09, kUint64 = 0x0a, kDouble = 0x0b,
                  kString = 0x0c, kOpaque = 0x0f;
constexpr uint8_t kFieldTimestamp = 7, kFieldDate = 10, kFieldTime = 11, kFieldDatetime = 12,
                  kFieldNewdecimal = 246, kFieldVarString = 253;
// MySQL refuses documents nested deeper than this (JSON_DOCUMENT_MAX_DEPTH).
constexpr size_t kMaxDepth = 100;

cdc::Error json_error(Errc code, size_t offset, std::string_view what) {
  std::string msg = "binary JSON at byte " + std::to_string(offset) + ": ";
  msg += what;
  return make_error(code, std::move(msg));
}

// ---- scalar rendering ------------------------------------------------------------------------

void append_uint(std::string& out, uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  out.append(buf, r.ptr);
}
void append_int(std::string& out, int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  out.append(buf, r.ptr);
}
// `v` with at least `width` digits.
void append_padded(std::string& out, uint64_t v, int width) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  for (int n = static_cast<int>(r.ptr - buf); n < width; ++n) out.push_back('0');
  out.append(buf, r.ptr);
}

// A JSON string with MySQL's escaping: \" \\ \b \f \n \r \t, other bytes <= 0x1f as \u00xx.
void append_quoted(std::string& out, std::string_view s, bool upper_hex = false) {
  const char* const kHex = upper_hex ? "0123456789ABCDEF" : "0123456789abcdef";
  out.push_back('"');
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c > 0x1f && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    out.push_back('\\');
    switch (c) {
      case '\b': out.push_back('b'); break;
      case '\t': out.push_back('t'); break;
      case '\n': out.push_back('n'); break;
      case '\f': out.push_back('f'); break;
      case '\r': out.push_back('r'); break;
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      default:
        out.append("u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

// MySQL's my_gcvt(MY_GCVT_ARG_DOUBLE, width 34) plus the ".0" JSON adds to integral values.
bool append_double(std::string& out, double d) {
  if (!std::isfinite(d)) return false;
  char buf[40];
  const auto r = std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::scientific);
  const char* p = buf;
  const char* const end = r.ptr;
  const bool negative = *p == '-';
  if (negative) ++p;
  char digits[24];
  int len = 0;
  while (p < end && *p != 'e') {
    if (*p != '.' && len < 20) digits[len++] = *p;
    ++p;
  }
  int exponent = 0;
  if (p < end) std::from_chars(p + (p[1] == '+' ? 2 : 1), end, exponent);
  while (len > 1 && digits[len - 1] == '0') --len;  // "0e+00" -> "0"
  const int decpt = exponent + 1;  // value = 0.DIGITS * 10^decpt
  const size_t start = out.size();
  if (negative) out.push_back('-');
  if (len == 1 && digits[0] == '0') {
    out.append("0.0");
    return true;
  }
  if (decpt >= -14 && (decpt <= 15 || len > decpt)) {
    if (decpt <= 0) {
      out.append("0.");
      out.append(static_cast<size_t>(-decpt), '0');
      out.append(digits, static_cast<size_t>(len));
    } else if (decpt < len) {
      out.append(digits, static_cast<size_t>(decpt));
      out.push_back('.');
      out.append(digits + decpt, static_cast<size_t>(len - decpt));
    } else {
      out.append(digits, static_cast<size_t>(len));
      out.append(static_cast<size_t>(decpt - len), '0');
    }
  } else {
    out.push_back(digits[0]);
    if (len > 1) {
      out.push_back('.');
      out.append(digits + 1, static_cast<size_t>(len - 1));
    }
    out.push_back('e');
    int e = decpt - 1;
    if (e < 0) {
      out.push_back('-');
      e = -e;
    }
    append_int(out, e);
  }
  if (out.find_first_of(".e", start) == std::string::npos) out.append(".0");
  return true;
}

// Shortest round-trip digits of |d| (d finite, non-zero) and the decimal exponent: |d| =
// 0.DIGITS * 10^decpt.
int shortest_digits(double d, char* digits, int& decpt) {
  char buf[40];
  const auto r = std::to_chars(buf, buf + sizeof(buf), std::fabs(d), std::chars_format::scientific);
  int len = 0;
  const char* p = buf;
  while (p < r.ptr && *p != 'e') {
    if (*p != '.' && len < 20) digits[len++] = *p;
    ++p;
  }
  int exponent = 0;
  if (p < r.ptr) std::from_chars(p + (p[1] == '+' ? 2 : 1), r.ptr, exponent);
  while (len > 1 && digits[len - 1] == '0') --len;
  decpt = exponent + 1;
  return len;
}

// Decimal digits of a big unsigned integer kept as base-1e9 limbs, little-endian.
void big_mul(std::vector<uint32_t>& limbs, uint32_t factor) {
  uint64_t carry = 0;
  for (uint32_t& limb : limbs) {
    const uint64_t v = static_cast<uint64_t>(limb) * factor + carry;
    limb = static_cast<uint32_t>(v % 1000000000u);
    carry = v / 1000000000u;
  }
  while (carry != 0) {
    limbs.push_back(static_cast<uint32_t>(carry % 1000000000u));
    carry /= 1000000000u;
  }
}
std::string big_digits(const std::vector<uint32_t>& limbs) {
  std::string s = std::to_string(limbs.back());
  for (size_t i = limbs.size() - 1; i-- > 0;) {
    const std::string part = std::to_string(limbs[i]);
    s.append(9 - part.size(), '0');
    s += part;
  }
  return s;
}

// Java's new BigDecimal(d).toPlainString(): the exact value of the double, no trailing zeros.
void append_exact_double(std::string& out, double d) {
  int exp2 = 0;
  const double frac = std::frexp(std::fabs(d), &exp2);  // |d| = frac * 2^exp2, frac in [0.5, 1)
  uint64_t m = static_cast<uint64_t>(std::ldexp(frac, 53));
  int e = exp2 - 53;
  while (e < 0 && (m & 1) == 0) {
    m >>= 1;
    ++e;
  }
  std::vector<uint32_t> limbs = {static_cast<uint32_t>(m % 1000000000u),
                                 static_cast<uint32_t>(m / 1000000000u % 1000000000u),
                                 static_cast<uint32_t>(m / 1000000000000000000u)};
  while (limbs.size() > 1 && limbs.back() == 0) limbs.pop_back();
  if (d < 0) out.push_back('-');
  if (e >= 0) {
    for (int k = e; k > 0; k -= 29) big_mul(limbs, 1u << std::min(k, 29));
    out += big_digits(limbs);
    return;
  }
  const int k = -e;  // |d| = m * 5^k / 10^k
  for (int left = k; left > 0; left -= 13) {
    uint32_t p = 1;
    for (int j = 0; j < std::min(left, 13); ++j) p *= 5;
    big_mul(limbs, p);
  }
  const std::string s = big_digits(limbs);
  const size_t places = static_cast<size_t>(k);
  if (s.size() <= places) {
    out += "0.";
    out.append(places - s.size(), '0');
    out += s;
  } else {
    out.append(s, 0, s.size() - places);
    out.push_back('.');
    out.append(s, s.size() - places, std::string::npos);
  }
}

// Debezium's rendering of a double (JsonStringFormatter.value(double)).
bool append_double_debezium(std::string& out, double d) {
  if (!std::isfinite(d)) return false;
  const double a = std::fabs(d);
  if (d == 0) {
    out.append(std::signbit(d) ? "-0.0" : "0.0");
    return true;
  }
  if (a < 1e-3 || a >= 1e7) {
    append_exact_double(out, d);
    return true;
  }
  char digits[24];
  int decpt = 0;
  const int len = shortest_digits(d, digits, decpt);
  if (d < 0) out.push_back('-');
  if (decpt <= 0) {
    out.append("0.");
    out.append(static_cast<size_t>(-decpt), '0');
    out.append(digits, static_cast<size_t>(len));
  } else if (decpt < len) {
    out.append(digits, static_cast<size_t>(decpt));
    out.push_back('.');
    out.append(digits + decpt, static_cast<size_t>(len - decpt));
  } else {
    out.append(digits, static_cast<size_t>(len));
    out.append(static_cast<size_t>(decpt - len), '0');
    out.append(".0");
  }
  return true;
}

// MySQL's base64_encode: standard alphabet with padding, a '\n' before every further 76
// characters.
void append_base64(std::string& out, std::string_view data, bool line_breaks = true) {
  static constexpr char kTable[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t line = 0;
  for (size_t i = 0; i < data.size(); i += 3, line += 4) {
    if (line == 76 && line_breaks) {
      line = 0;
      out.push_back('\n');
    }
    const size_t n = std::min<size_t>(3, data.size() - i);
    uint32_t c = static_cast<uint32_t>(static_cast<uint8_t>(data[i])) << 16;
    if (n > 1) c |= static_cast<uint32_t>(static_cast<uint8_t>(data[i + 1])) << 8;
    if (n > 2) c |= static_cast<uint8_t>(data[i + 2]);
    out.push_back(kTable[(c >> 18) & 63]);
    out.push_back(kTable[(c >> 12) & 63]);
    out.push_back(n > 1 ? kTable[(c >> 6) & 63] : '=');
    out.push_back(n > 2 ? kTable[c & 63] : '=');
  }
}

// The packed temporal of a JSON DATE/DATETIME/TIMESTAMP/TIME (TIME_to_longlong_packed).
// Debezium: ".ffffff" without trailing zeros, nothing when zero.
void append_fraction(std::string& out, uint64_t frac, bool trim) {
  if (!trim) {
    out.push_back('.');
    append_padded(out, frac, 6);
    return;
  }
  if (frac == 0) return;
  out.push_back('.');
  const size_t start = out.size();
  append_padded(out, frac, 6);
  while (out.size() > start + 1 && out.back() == '0') out.pop_back();
}

void append_packed_temporal(std::string& out, uint8_t field_type, int64_t packed, bool trim) {
  const bool negative = packed < 0;
  const uint64_t tmp = negative ? 0 - static_cast<uint64_t>(packed) : static_cast<uint64_t>(packed);
  const uint64_t frac = tmp % (uint64_t{1} << 24);
  const uint64_t intpart = tmp >> 24;
  out.push_back('"');
  if (field_type == kFieldTime) {
    const uint64_t hour = (intpart >> 12) % (1u << 10);
    const uint64_t minute = (intpart >> 6) % (1u << 6);
    const uint64_t second = intpart % (1u << 6);
    if (negative) out.push_back('-');
    append_padded(out, hour, 2);
    out.push_back(':');
    append_padded(out, minute, 2);
    out.push_back(':');
    append_padded(out, second, 2);
    append_fraction(out, frac, trim);
  } else {
    const uint64_t ymd = intpart >> 17, hms = intpart % (1u << 17);
    const uint64_t ym = ymd >> 5;
    append_padded(out, ym / 13, 4);
    out.push_back('-');
    append_padded(out, ym % 13, 2);
    out.push_back('-');
    append_padded(out, ymd % (1u << 5), 2);
    if (field_type != kFieldDate) {
      out.push_back(' ');
      append_padded(out, hms >> 12, 2);
      out.push_back(':');
      append_padded(out, (hms >> 6) % (1u << 6), 2);
      out.push_back(':');
      append_padded(out, hms % (1u << 6), 2);
      append_fraction(out, frac, trim);
    }
  }
  out.push_back('"');
}

// ---- the binary walker -----------------------------------------------------------------------

// Reads MySQL's variable-length length (7 bits per byte, at most 5 bytes, < 2^32).
bool read_varlen(const uint8_t* p, size_t avail, uint64_t& len, size_t& used) {
  len = 0;
  for (size_t i = 0; i < 5 && i < avail; ++i) {
    len |= static_cast<uint64_t>(p[i] & 0x7f) << (7 * i);
    if ((p[i] & 0x80) == 0) {
      used = i + 1;
      return len <= 0xffffffffu;
    }
  }
  return false;
}

// Emits a document's structure to a Sink:
//   begin_object(count) / key(bytes) / end_object(), begin_array(count) / end_array(),
//   element() before each array element or object member after the first,
//   scalar(renderer) to render a scalar value into the sink's string.
template <class Sink>
class Walker {
 public:
  Walker(const uint8_t* doc, size_t size, Sink& sink, JsonFormat format)
      : doc_(doc), size_(size), sink_(sink), dbz_(format == JsonFormat::debezium) {}

  cdc::Result<void> run() {
    if (size_ == 0) {
      sink_.scalar().append("null");
      return {};
    }
    return value(doc_[0], 1, size_ - 1, 0);
  }

 private:
  size_t offset(const uint8_t* p) const { return static_cast<size_t>(p - doc_); }

  // The value of `type` stored at doc_[pos], with `avail` bytes up to the end of its container.
  cdc::Result<void> value(uint8_t type, size_t pos, size_t avail, size_t depth) {
    const uint8_t* p = doc_ + pos;
    switch (type) {
      case kSmallObject:
      case kLargeObject:
      case kSmallArray:
      case kLargeArray:
        return container(type, pos, avail, depth);
      case kLiteral:
        if (avail < 1) return json_error(Errc::truncated, pos, "literal runs past the end");
        return literal(p[0], pos);
      case kInt16:
        if (avail < 2) return json_error(Errc::truncated, pos, "int16 runs past the end");
        append_int(sink_.scalar(), static_cast<int16_t>(le16(p)));
        return {};
      case kUint16:
        if (avail < 2) return json_error(Errc::truncated, pos, "uint16 runs past the end");
        append_uint(sink_.scalar(), le16(p));
        return {};
      case kInt32:
        if (avail < 4) return json_error(Errc::truncated, pos, "int32 runs past the end");
        append_int(sink_.scalar(), static_cast<int32_t>(le32(p)));
        return {};
      case kUint32:
        if (avail < 4) return json_error(Errc::truncated, pos, "uint32 runs past the end");
        append_uint(sink_.scalar(), le32(p));
        return {};
      case kInt64:
        if (avail < 8) return json_error(Errc::truncated, pos, "int64 runs past the end");
        append_int(sink_.scalar(), static_cast<int64_t>(le64(p)));
        return {};
      case kUint64:
        if (avail < 8) return json_error(Errc::truncated, pos, "uint64 runs past the end");
        append_uint(sink_.scalar(), le64(p));
        return {};
      case kDouble: {
        if (avail < 8) return json_error(Errc::truncated, pos, "double runs past the end");
        double d = 0;
        std::memcpy(&d, p, 8);
        if (!(dbz_ ? append_double_debezium(sink_.scalar(), d) : append_double(sink_.scalar(), d))) {
          return json_error(Errc::malformed, pos, "double is not a finite number");
        }
        return {};
      }
      case kString: {
        uint64_t len = 0;
        size_t used = 0;
        if (!read_varlen(p, avail, len, used)) {
          return json_error(Errc::malformed, pos, "bad string length");
        }
        if (len > avail - used) return json_error(Errc::truncated, pos, "string runs past the end");
        append_quoted(sink_.scalar(),
                      {reinterpret_cast<const char*>(p + used), static_cast<size_t>(len)}, dbz_);
        return {};
      }
      case kOpaque:
        return opaque(pos, avail);
      default:
        return json_error(Errc::malformed, pos, "unknown value type " + std::to_string(type));
    }
  }

  cdc::Result<void> literal(uint8_t v, size_t pos) {
    switch (v) {
      case 0: sink_.scalar().append("null"); return {};
      case 1: sink_.scalar().append("true"); return {};
      case 2: sink_.scalar().append("false"); return {};
      default: return json_error(Errc::malformed, pos, "unknown literal " + std::to_string(v));
    }
  }

  cdc::Result<void> opaque(size_t pos, size_t avail) {
    const uint8_t* p = doc_ + pos;
    if (avail < 1) return json_error(Errc::truncated, pos, "opaque type runs past the end");
    const uint8_t field_type = p[0];
    uint64_t len = 0;
    size_t used = 0;
    if (!read_varlen(p + 1, avail - 1, len, used)) {
      return json_error(Errc::malformed, pos, "bad opaque length");
    }
    if (len > avail - 1 - used) return json_error(Errc::truncated, pos, "opaque value runs past the end");
    const uint8_t* data = p + 1 + used;
    const size_t n = static_cast<size_t>(len);
    std::string& out = sink_.scalar();
    switch (field_type) {
      case kFieldNewdecimal: {
        if (n < 2) return json_error(Errc::malformed, pos, "DECIMAL without precision and scale");
        const unsigned precision = data[0], scale = data[1];
        const size_t bin = detail::decimal_binary_size(precision, scale);
        if (bin == 0 || bin != n - 2) {
          return json_error(Errc::malformed, pos, "DECIMAL(" + std::to_string(precision) + "," +
                                                      std::to_string(scale) + ") of " +
                                                      std::to_string(n - 2) + " bytes");
        }
        char text[80];
        const size_t tl = detail::decimal_to_text(data + 2, precision, scale, text);
        if (tl == 0) return json_error(Errc::malformed, pos, "DECIMAL digit group out of range");
        out.append(text, tl);
        return {};
      }
      case kFieldDate:
      case kFieldTime:
      case kFieldDatetime:
      case kFieldTimestamp:
        if (n != 8) {
          return json_error(Errc::malformed, pos, "packed temporal of " + std::to_string(n) +
                                                      " bytes (expected 8)");
        }
        append_packed_temporal(out, field_type, static_cast<int64_t>(le64(data)), dbz_);
        return {};
      case kFieldVarString:
        if (dbz_) break;
        append_quoted(out, {reinterpret_cast<const char*>(data), n});
        return {};
      default:
        break;
    }
    if (dbz_) {
      out.push_back('"');
      append_base64(out, {reinterpret_cast<const char*>(data), n}, false);
      out.push_back('"');
      return {};
    }
    std::string text = "base64:type" + std::to_string(field_type) + ":";
    append_base64(text, {reinterpret_cast<const char*>(data), n});
    append_quoted(out, text);
    return {};
  }

  cdc::Result<void> container(uint8_t type, size_t pos, size_t avail, size_t depth) {
    if (depth >= kMaxDepth) {
      return json_error(Errc::malformed, pos, "nested deeper than " + std::to_string(kMaxDepth));
    }
    const bool large = type == kLargeObject || type == kLargeArray;
    const bool object = type == kSmallObject || type == kLargeObject;
    const size_t w = large ? 4 : 2;  // offset/size width
    const uint8_t* base = doc_ + pos;
    if (avail < 2 * w) return json_error(Errc::truncated, pos, "container header runs past the end");
    const uint64_t count = large ? le32(base) : le16(base);
    const uint64_t size = large ? le32(base + w) : le16(base + w);
    if (size > avail) {
      return json_error(Errc::truncated, pos, "container of " + std::to_string(size) +
                                                  " bytes but " + std::to_string(avail) +
                                                  " remain");
    }
    const size_t key_entry = object ? w + 2 : 0;
    const size_t value_entry = 1 + w;
    const uint64_t header = 2 * w + count * (key_entry + value_entry);
    if (header > size) {
      return json_error(Errc::malformed, pos, std::to_string(count) + " elements do not fit in " +
                                                  std::to_string(size) + " bytes");
    }
    if (object) sink_.begin_object(static_cast<size_t>(count));
    else sink_.begin_array(static_cast<size_t>(count));
    for (uint64_t i = 0; i < count; ++i) {
      if (i > 0) sink_.element();
      if (object) {
        const uint8_t* ke = base + 2 * w + i * key_entry;
        const uint64_t key_off = large ? le32(ke) : le16(ke);
        const uint64_t key_len = le16(ke + w);
        if (key_off > size || key_len > size - key_off) {
          return json_error(Errc::malformed, offset(ke), "key runs past its object");
        }
        sink_.key({reinterpret_cast<const char*>(base + key_off), static_cast<size_t>(key_len)});
      }
      const uint8_t* ve = base + 2 * w + count * key_entry + i * value_entry;
      const uint8_t vt = ve[0];
      const bool inlined = vt == kLiteral || vt == kInt16 || vt == kUint16 ||
                           (large && (vt == kInt32 || vt == kUint32));
      if (inlined) {
        CDC_TRY(value(vt, offset(ve + 1), w, depth + 1));
      } else {
        const uint64_t off = large ? le32(ve + 1) : le16(ve + 1);
        if (off >= size) return json_error(Errc::malformed, offset(ve), "value offset past its container");
        CDC_TRY(value(vt, pos + static_cast<size_t>(off), static_cast<size_t>(size - off),
                      depth + 1));
      }
      CDC_TRY(sink_.check(offset(ve)));
    }
    if (object) sink_.end_object();
    else sink_.end_array();
    return {};
  }

  const uint8_t* doc_;
  size_t size_;
  Sink& sink_;
  bool dbz_;
};

// Writes text straight to a string. Output is bounded: a valid document prints at most a few
// times its size (up to ~100x in the Debezium layout, whose exact doubles take up to 1076
// characters for 11 bytes), so more means values shared through overlapping offsets (a corrupt
// or hostile document that would otherwise expand exponentially).
size_t output_limit(size_t input_size, JsonFormat format) {
  return input_size * (format == JsonFormat::debezium ? 128 : 64) + 4096;
}

class TextSink {
 public:
  TextSink(std::string& out, JsonFormat format, size_t input_size)
      : out_(out), start_(out.size()), spaces_(format == JsonFormat::mysql),
        upper_hex_(format == JsonFormat::debezium),
        limit_(output_limit(input_size, format)) {}
  std::string& scalar() { return out_; }
  void begin_object(size_t) { out_.push_back('{'); }
  void end_object() { out_.push_back('}'); }
  void begin_array(size_t) { out_.push_back('['); }
  void end_array() { out_.push_back(']'); }
  void element() { out_.append(spaces_ ? ", " : ","); }
  void key(std::string_view k) {
    append_quoted(out_, k, upper_hex_);
    out_.append(spaces_ ? ": " : ":");
  }
  cdc::Result<void> check(size_t at) const {
    if (out_.size() - start_ > limit_) {
      return json_error(Errc::malformed, at, "text exceeds " + std::to_string(limit_) +
                                                 " bytes: values overlap");
    }
    return {};
  }

 private:
  std::string& out_;
  size_t start_;
  bool spaces_;
  bool upper_hex_;
  size_t limit_;
};

// ---- DOM for applying diffs -------------------------------------------------------------------

struct Node;
struct Member;
struct Node {
  enum class Kind : uint8_t { scalar, object, array } kind = Kind::scalar;
  std::string text;              // scalar: its rendered JSON text
  std::vector<Member> members;   // object, in MySQL's key order
  std::vector<Node> elements;    // array
};
struct Member {
  std::string key;
  Node value;
};

// MySQL orders object keys by length, then bytes.
bool key_less(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size();
  return a < b;
}

class DomSink {
 public:
  DomSink(size_t input_size, JsonFormat format) : limit_(output_limit(input_size, format)) {
    stack_.push_back(&root_);
  }
  Node& root() { return root_; }
  size_t max_depth() const { return max_depth_; }

  std::string& scalar() {
    Node& n = next_slot();
    n.kind = Node::Kind::scalar;
    last_text_ = &n.text;
    return n.text;
  }
  void begin_object(size_t) {
    Node& n = next_slot();
    n.kind = Node::Kind::object;
    stack_.push_back(&n);
    max_depth_ = std::max(max_depth_, stack_.size() - 1);
  }
  void begin_array(size_t) {
    Node& n = next_slot();
    n.kind = Node::Kind::array;
    stack_.push_back(&n);
    max_depth_ = std::max(max_depth_, stack_.size() - 1);
  }
  void end_object() { stack_.pop_back(); }
  void end_array() { stack_.pop_back(); }
  void element() {}
  void key(std::string_view k) {
    pending_key_.assign(k);
  }
  cdc::Result<void> check(size_t at) {
    if (last_text_ != nullptr) {  // the text of the scalar just rendered
      bytes_ += last_text_->size();
      last_text_ = nullptr;
    }
    if (bytes_ > limit_) {
      return json_error(Errc::malformed, at, "document expands past " + std::to_string(limit_) +
                                                 " bytes: values overlap");
    }
    return {};
  }

 private:
  // The node the next value goes into: the root, a new array element or a new member.
  Node& next_slot() {
    Node* parent = stack_.back();
    if (parent == &root_ && !root_started_) {
      root_started_ = true;
      return root_;
    }
    bytes_ += 16;
    if (parent->kind == Node::Kind::object) {
      bytes_ += pending_key_.size();
      parent->members.push_back(Member{std::move(pending_key_), Node{}});
      pending_key_.clear();
      return parent->members.back().value;
    }
    parent->elements.emplace_back();
    return parent->elements.back();
  }

  Node root_;
  bool root_started_ = false;
  std::vector<Node*> stack_;
  std::string pending_key_;
  size_t bytes_ = 0;
  size_t limit_;
  size_t max_depth_ = 0;
  const std::string* last_text_ = nullptr;
};

// `depth` (optional) receives the number of nested container levels (0 for a scalar).
cdc::Result<Node> parse_dom(std::string_view bytes, JsonFormat format, size_t* depth = nullptr) {
  DomSink sink(bytes.size(), format);
  Walker<DomSink> w(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), sink, format);
  CDC_TRY(w.run());
  if (depth != nullptr) *depth = sink.max_depth();
  return std::move(sink.root());
}

void write_dom(const Node& n, std::string& out, bool spaces, bool upper_hex) {
  switch (n.kind) {
    case Node::Kind::scalar:
      out.append(n.text);
      return;
    case Node::Kind::object:
      out.push_back('{');
      for (size_t i = 0; i < n.members.size(); ++i) {
        if (i > 0) out.append(spaces ? ", " : ",");
        append_quoted(out, n.members[i].key, upper_hex);
        out.append(spaces ? ": " : ":");
        write_dom(n.members[i].value, out, spaces, upper_hex);
      }
      out.push_back('}');
      return;
    case Node::Kind::array:
      out.push_back('[');
      for (size_t i = 0; i < n.elements.size(); ++i) {
        if (i > 0) out.append(spaces ? ", " : ",");
        write_dom(n.elements[i], out, spaces, upper_hex);
      }
      out.push_back(']');
      return;
  }
}

// ---- JSON path (the subset MySQL writes into diffs) ------------------------------------------

struct PathLeg {
  bool member = false;
  std::string key;         // member
  bool from_last = false;  // array: [last - index]
  uint64_t index = 0;
};

void append_utf8_cp(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

bool parse_hex4(std::string_view s, size_t& i, uint32_t& v) {
  if (s.size() - i < 4) return false;
  v = 0;
  for (int k = 0; k < 4; ++k, ++i) {
    const char c = s[i];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= static_cast<uint32_t>(c - '0');
    else if (c >= 'a' && c <= 'f') v |= static_cast<uint32_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= static_cast<uint32_t>(c - 'A' + 10);
    else return false;
  }
  return true;
}

// Parses `path`; on failure returns the offset of the offending character in `bad`.
bool parse_path(std::string_view path, std::vector<PathLeg>& legs, size_t& bad) {
  size_t i = 0;
  auto skip_ws = [&] {
    while (i < path.size() && (path[i] == ' ' || path[i] == '\t' || path[i] == '\n' ||
                               path[i] == '\r')) {
      ++i;
    }
  };
  skip_ws();
  if (i >= path.size() || path[i] != '$') {
    bad = i;
    return false;
  }
  ++i;
  while (true) {
    skip_ws();
    if (i >= path.size()) return true;
    PathLeg leg;
    if (path[i] == '.') {
      ++i;
      skip_ws();
      leg.member = true;
      if (i < path.size() && path[i] == '"') {
        ++i;
        bool closed = false;
        while (i < path.size()) {
          const char c = path[i++];
          if (c == '"') {
            closed = true;
            break;
          }
          if (c != '\\') {
            leg.key.push_back(c);
            continue;
          }
          if (i >= path.size()) break;
          const char e = path[i++];
          switch (e) {
            case '"': case '\\': case '/': leg.key.push_back(e); break;
            case 'b': leg.key.push_back('\b'); break;
            case 'f': leg.key.push_back('\f'); break;
            case 'n': leg.key.push_back('\n'); break;
            case 'r': leg.key.push_back('\r'); break;
            case 't': leg.key.push_back('\t'); break;
            case 'u': {
              uint32_t cp = 0;
              if (!parse_hex4(path, i, cp)) {
                bad = i;
                return false;
              }
              if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < path.size() && path[i] == '\\' &&
                  path[i + 1] == 'u') {
                size_t j = i + 2;
                uint32_t lo = 0;
                if (parse_hex4(path, j, lo) && lo >= 0xdc00 && lo < 0xe000) {
                  cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                  i = j;
                }
              }
              append_utf8_cp(leg.key, cp);
              break;
            }
            default:
              bad = i - 1;
              return false;
          }
        }
        if (!closed) {
          bad = path.size();
          return false;
        }
      } else {
        const size_t start = i;
        while (i < path.size() && path[i] != '.' && path[i] != '[' && path[i] != ' ' &&
               path[i] != '*') {
          ++i;
        }
        if (i == start) {
          bad = i;
          return false;
        }
        leg.key.assign(path.substr(start, i - start));
      }
    } else if (path[i] == '[') {
      ++i;
      skip_ws();
      if (path.compare(i, 4, "last") == 0) {
        leg.from_last = true;
        i += 4;
        skip_ws();
        if (i < path.size() && path[i] == '-') {
          ++i;
          skip_ws();
        } else {
          leg.index = 0;
          goto close;
        }
      }
      {
        const size_t start = i;
        while (i < path.size() && path[i] >= '0' && path[i] <= '9') {
          if (leg.index > (UINT64_MAX - 9) / 10) {
            bad = i;
            return false;
          }
          leg.index = leg.index * 10 + static_cast<uint64_t>(path[i] - '0');
          ++i;
        }
        if (i == start) {
          bad = i;
          return false;
        }
      }
    close:
      skip_ws();
      if (i >= path.size() || path[i] != ']') {
        bad = i;
        return false;
      }
      ++i;
    } else {
      bad = i;
      return false;
    }
    legs.push_back(std::move(leg));
  }
}

// Index of an array leg in an array of `size` elements; false when it points before the start.
bool resolve_index(const PathLeg& leg, size_t size, uint64_t& index) {
  if (!leg.from_last) {
    index = leg.index;
    return true;
  }
  if (size == 0 || leg.index > size - 1) return false;
  index = size - 1 - leg.index;
  return true;
}

Member* find_member(Node& object, std::string_view key) {
  for (auto& m : object.members) {
    if (m.key == key) return &m;
  }
  return nullptr;
}

// Follows `legs` (all but the last) from `root`; null when a leg does not match.
Node* seek(Node& root, const std::vector<PathLeg>& legs, size_t count) {
  Node* n = &root;
  for (size_t i = 0; i < count; ++i) {
    const PathLeg& leg = legs[i];
    if (leg.member) {
      if (n->kind != Node::Kind::object) return nullptr;
      Member* m = find_member(*n, leg.key);
      if (m == nullptr) return nullptr;
      n = &m->value;
    } else if (n->kind == Node::Kind::array) {
      uint64_t idx = 0;
      if (!resolve_index(leg, n->elements.size(), idx) || idx >= n->elements.size()) return nullptr;
      n = &n->elements[static_cast<size_t>(idx)];
    } else {
      // MySQL: a non-array behaves as a one-element array for [0] / [last].
      uint64_t idx = 0;
      if (!resolve_index(leg, 1, idx) || idx != 0) return nullptr;
    }
  }
  return n;
}

cdc::Result<const uint8_t*> read_packed(const uint8_t* p, const uint8_t* end, uint64_t& v) {
  detail::ByteReader r(std::span<const uint8_t>(p, static_cast<size_t>(end - p)));
  if (!r.packed(v)) return make_error(Errc::truncated, "");
  return p + r.position();
}

}  // namespace

cdc::Result<void> json_binary_to_text(std::string_view bytes, std::string& out, JsonFormat format) {
  TextSink sink(out, format, bytes.size());
  Walker<TextSink> w(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), sink, format);
  return w.run();
}

cdc::Result<std::vector<JsonDiff>> decode_json_diff(std::string_view diff) {
  std::vector<JsonDiff> out;
  const auto* const begin = reinterpret_cast<const uint8_t*>(diff.data());
  const uint8_t* p = begin;
  const uint8_t* const end = p + diff.size();
  auto fail = [&](Errc code, const uint8_t* at, std::string_view what) {
    return make_error(code, "JSON diff " + std::to_string(out.size()) + " at byte " +
                                std::to_string(at - begin) + ": " + std::string(what));
  };
  while (p < end) {
    JsonDiff d;
    const uint8_t* const start = p;
    const uint8_t op = *p++;
    if (op > 2) return fail(Errc::malformed, start, "unknown operation " + std::to_string(op));
    d.op = static_cast<JsonDiffOp>(op);
    uint64_t len = 0;
    auto next = read_packed(p, end, len);
    if (!next.ok()) return fail(Errc::truncated, p, "path length runs past the end");
    p = next.value();
    if (len > static_cast<uint64_t>(end - p)) return fail(Errc::truncated, p, "path runs past the end");
    d.path = {reinterpret_cast<const char*>(p), static_cast<size_t>(len)};
    p += len;
    if (d.op != JsonDiffOp::remove) {
      next = read_packed(p, end, len);
      if (!next.ok()) return fail(Errc::truncated, p, "value length runs past the end");
      p = next.value();
      if (len > static_cast<uint64_t>(end - p)) return fail(Errc::truncated, p, "value runs past the end");
      d.value = {reinterpret_cast<const char*>(p), static_cast<size_t>(len)};
      p += len;
    }
    out.push_back(d);
  }
  return out;
}

cdc::Result<void> apply_json_diff(std::string_view before_binary, std::string_view diff,
                                  std::string& after_text, JsonFormat format) {
  auto diffs = decode_json_diff(diff);
  if (!diffs.ok()) return diffs.error();
  auto parsed = parse_dom(before_binary, format);
  if (!parsed.ok()) {
    return cdc::Error{parsed.error().code, "before image: " + parsed.error().message};
  }
  Node root = std::move(parsed).value();
  for (size_t i = 0; i < diffs->size(); ++i) {
    const JsonDiff& d = (*diffs)[i];
    auto fail = [&](std::string_view what) {
      return make_error(Errc::malformed, "JSON diff " + std::to_string(i) + " (" +
                                             (d.op == JsonDiffOp::replace  ? "replace"
                                              : d.op == JsonDiffOp::insert ? "insert"
                                                                           : "remove") +
                                             " " + std::string(d.path) + "): " +
                                             std::string(what));
    };
    std::vector<PathLeg> legs;
    size_t bad = 0;
    if (!parse_path(d.path, legs, bad)) {
      return fail("cannot parse the path at character " + std::to_string(bad));
    }
    Node value;
    size_t value_depth = 0;
    if (d.op != JsonDiffOp::remove) {
      auto v = parse_dom(d.value, format, &value_depth);
      if (!v.ok()) return fail("value: " + v.error().message);
      value = std::move(v).value();
      if (legs.size() + value_depth > kMaxDepth) {
        return fail("the result would be nested deeper than " + std::to_string(kMaxDepth));
      }
    }
    if (legs.empty()) {
      if (d.op != JsonDiffOp::replace) return fail("only replace can target the whole document");
      root = std::move(value);
      continue;
    }
    Node* parent = seek(root, legs, legs.size() - 1);
    if (parent == nullptr) return fail("the parent of the target does not exist");
    const PathLeg& last = legs.back();
    if (parent->kind == Node::Kind::object) {
      if (!last.member) return fail("an array index applied to an object");
      Member* m = find_member(*parent, last.key);
      switch (d.op) {
        case JsonDiffOp::replace:
          if (m == nullptr) return fail("no such member");
          m->value = std::move(value);
          break;
        case JsonDiffOp::insert:
          if (m != nullptr) {
            m->value = std::move(value);
          } else {
            auto pos = std::lower_bound(parent->members.begin(), parent->members.end(), last.key,
                                        [](const Member& a, const std::string& k) {
                                          return key_less(a.key, k);
                                        });
            parent->members.insert(pos, Member{last.key, std::move(value)});
          }
          break;
        case JsonDiffOp::remove:
          if (m == nullptr) return fail("no such member");
          parent->members.erase(parent->members.begin() + (m - parent->members.data()));
          break;
      }
    } else if (parent->kind == Node::Kind::array) {
      if (last.member) return fail("a member name applied to an array");
      const size_t size = parent->elements.size();
      uint64_t idx = 0;
      const bool valid = resolve_index(last, size, idx);
      switch (d.op) {
        case JsonDiffOp::replace:
          if (!valid || idx >= size) return fail("array index out of range");
          parent->elements[static_cast<size_t>(idx)] = std::move(value);
          break;
        case JsonDiffOp::insert: {
          const size_t at = valid ? static_cast<size_t>(std::min<uint64_t>(idx, size)) : 0;
          parent->elements.insert(parent->elements.begin() + static_cast<std::ptrdiff_t>(at),
                                  std::move(value));
          break;
        }
        case JsonDiffOp::remove:
          if (!valid || idx >= size) return fail("array index out of range");
          parent->elements.erase(parent->elements.begin() + static_cast<std::ptrdiff_t>(idx));
          break;
      }
    } else {
      return fail("the parent of the target is a scalar");
    }
  }
  after_text.clear();
  write_dom(root, after_text, format == JsonFormat::mysql, format == JsonFormat::debezium);
  return {};
}

}  // namespace binlog
