// Small text helpers shared by the lexer, parser and catalog (ASCII case rules, as MySQL's
// keyword and identifier comparisons use).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace schema_history {

inline char ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }
inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// `upper` must already be upper case.
inline bool iequals_upper(std::string_view text, std::string_view upper) {
  if (text.size() != upper.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (ascii_upper(text[i]) != upper[i]) return false;
  }
  return true;
}

inline bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

inline std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

inline std::string to_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_upper(c);
  return out;
}

inline bool is_ident_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || u >= 0x80;
}

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Value of a quoted string literal ('..' or ".."), quotes included in `quoted`.
inline std::string unescape_string_literal(std::string_view quoted, bool backslash_escapes) {
  std::string out;
  if (quoted.size() < 2) return out;
  const char q = quoted.front();
  out.reserve(quoted.size());
  for (size_t i = 1; i + 1 < quoted.size(); ++i) {
    char c = quoted[i];
    if (c == '\\' && backslash_escapes && i + 2 < quoted.size()) {
      char n = quoted[++i];
      switch (n) {
        case '0': out.push_back('\0'); break;
        case 'b': out.push_back('\b'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'Z': out.push_back('\x1a'); break;
        // \% and \_ keep their backslash (they matter to LIKE patterns).
        case '%': case '_': out.push_back('\\'); out.push_back(n); break;
        default: out.push_back(n); break;
      }
    } else if (c == q && i + 2 < quoted.size() && quoted[i + 1] == q) {
      out.push_back(q);
      ++i;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// Parses a non-negative decimal integer; false when not all digits or it overflows `limit`.
inline bool parse_uint(std::string_view s, uint64_t& out, uint64_t limit = UINT64_MAX) {
  if (s.empty()) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (!is_digit(c)) return false;
    const uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (limit - d) / 10) return false;
    v = v * 10 + d;
  }
  out = v;
  return true;
}

// Bytes of a hex literal: X'4142' or 0x4142 (an odd digit count gets a leading zero nibble).
inline std::string hex_to_bytes(std::string_view lit) {
  std::string_view body;
  if (lit.size() >= 3 && (lit[0] == 'x' || lit[0] == 'X') && lit[1] == '\'') {
    body = lit.substr(2, lit.size() - 3);
  } else if (lit.size() >= 2 && lit[0] == '0') {
    body = lit.substr(2);
  }
  auto nib = [](char c) {
    return is_digit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : c - 'A' + 10;
  };
  std::string out;
  size_t i = 0;
  if (body.size() % 2 == 1) {
    out.push_back(static_cast<char>(nib(body[0])));
    i = 1;
  }
  while (i + 2 <= body.size()) {
    out.push_back(static_cast<char>(nib(body[i]) * 16 + nib(body[i + 1])));
    i += 2;
  }
  return out;
}

}  // namespace schema_history
