#include "connect_runtime/properties.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "connect_runtime/errors.h"

namespace connect_runtime {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\f'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// A logical line plus where each of its natural lines starts, to name the right line in errors.
struct LogicalLine {
  std::string text;
  std::vector<std::pair<size_t, int>> marks;  // (offset in text, 1-based line number)

  int line_at(size_t offset) const {
    int line = marks.front().second;
    for (const auto& [off, ln] : marks) {
      if (off <= offset) line = ln;
    }
    return line;
  }
};

class Parser {
 public:
  Parser(std::string_view text, std::string_view source) : text_(text), source_(source) {
    if (text_.starts_with("\xEF\xBB\xBF")) text_.remove_prefix(3);  // UTF-8 byte order mark
  }

  cdc::Result<ConfigMap> run() {
    ConfigMap out;
    std::string_view line;
    while (next_line(line)) {
      size_t i = 0;
      while (i < line.size() && is_blank(line[i])) ++i;
      if (i == line.size()) continue;                    // blank
      if (line[i] == '#' || line[i] == '!') continue;    // comment (never continued)
      LogicalLine logical;
      logical.marks.emplace_back(0, line_no_);
      logical.text.assign(line.substr(i));
      while (ends_with_continuation(logical)) {
        logical.text.pop_back();
        std::string_view next;
        if (!next_line(next)) break;
        size_t j = 0;
        while (j < next.size() && is_blank(next[j])) ++j;
        if (j == next.size()) break;  // a blank continuation line ends the logical line
        logical.marks.emplace_back(logical.text.size(), line_no_);
        logical.text.append(next.substr(j));
      }
      auto kv = split(logical);
      if (!kv.ok()) return kv.error();
      out[std::move(kv->first)] = std::move(kv->second);
    }
    return out;
  }

 private:
  bool next_line(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    size_t end = text_.find_first_of("\r\n", pos_);
    if (end == std::string_view::npos) end = text_.size();
    line = text_.substr(pos_, end - pos_);
    pos_ = end;
    if (pos_ < text_.size()) {
      if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
      ++pos_;
    }
    ++line_no_;
    return true;
  }

  // An odd number of backslashes at the end of the last natural line continues the line.
  static bool ends_with_continuation(const LogicalLine& l) {
    size_t start = l.marks.back().first;
    size_t n = 0;
    for (size_t k = l.text.size(); k > start && l.text[k - 1] == '\\'; --k) ++n;
    return (n % 2) == 1;
  }

  cdc::Result<std::pair<std::string, std::string>> split(const LogicalLine& l) {
    const std::string& s = l.text;
    size_t key_len = 0;
    size_t value_start = s.size();
    bool has_sep = false;
    bool preceding_backslash = false;
    while (key_len < s.size()) {
      char c = s[key_len];
      if ((c == '=' || c == ':') && !preceding_backslash) {
        value_start = key_len + 1;
        has_sep = true;
        break;
      }
      if (is_blank(c) && !preceding_backslash) {
        value_start = key_len + 1;
        break;
      }
      preceding_backslash = (c == '\\') ? !preceding_backslash : false;
      ++key_len;
    }
    while (value_start < s.size()) {
      char c = s[value_start];
      if (!is_blank(c)) {
        if (!has_sep && (c == '=' || c == ':')) {
          has_sep = true;
        } else {
          break;
        }
      }
      ++value_start;
    }
    std::string key;
    std::string value;
    CDC_TRY(unescape(l, 0, key_len, key));
    CDC_TRY(unescape(l, value_start, s.size() - value_start, value));
    return std::make_pair(std::move(key), std::move(value));
  }

  cdc::Error error_at(const LogicalLine& l, size_t offset, const std::string& what) const {
    return make_error(ConnectErrc::invalid_config,
                      fmt::format("{}:{}: {}", source_, l.line_at(offset), what));
  }

  // Reads 4 hex digits at s[i..i+4) into `unit`.
  static bool read_hex4(const std::string& s, size_t i, size_t end, uint32_t& unit) {
    if (i + 4 > end) return false;
    unit = 0;
    for (size_t k = i; k < i + 4; ++k) {
      int h = hex_value(s[k]);
      if (h < 0) return false;
      unit = unit * 16 + static_cast<uint32_t>(h);
    }
    return true;
  }

  cdc::Result<void> unescape(const LogicalLine& l, size_t begin, size_t len, std::string& out) {
    const std::string& s = l.text;
    const size_t end = begin + len;
    out.reserve(len);
    size_t i = begin;
    while (i < end) {
      char c = s[i++];
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (i >= end) break;  // a lone trailing backslash is dropped, as Java does
      char e = s[i++];
      switch (e) {
        case 't': out.push_back('\t'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 'f': out.push_back('\f'); break;
        case 'u': {
          size_t at = i - 2;
          uint32_t unit = 0;
          if (!read_hex4(s, i, end, unit)) {
            return error_at(l, at, fmt::format("malformed \\uXXXX escape \"{}\"",
                                                s.substr(at, std::min<size_t>(6, end - at))));
          }
          i += 4;
          if (unit >= 0xD800 && unit <= 0xDBFF) {
            uint32_t low = 0;
            if (i + 6 <= end && s[i] == '\\' && s[i + 1] == 'u' && read_hex4(s, i + 2, end, low) &&
                low >= 0xDC00 && low <= 0xDFFF) {
              i += 6;
              append_utf8(out, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
            } else {
              return error_at(l, at, fmt::format("unpaired UTF-16 surrogate \\u{:04X}", unit));
            }
          } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
            return error_at(l, at, fmt::format("unpaired UTF-16 surrogate \\u{:04X}", unit));
          } else {
            append_utf8(out, unit);
          }
          break;
        }
        default: out.push_back(e); break;
      }
    }
    return cdc::ok();
  }

  std::string_view text_;
  std::string_view source_;
  size_t pos_ = 0;
  int line_no_ = 0;
};

}  // namespace

cdc::Result<ConfigMap> parse_properties(std::string_view text, std::string_view source_name) {
  return Parser(text, source_name).run();
}

cdc::Result<ConfigMap> load_properties_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return make_error(ConnectErrc::io_error,
                      fmt::format("Cannot read properties file {}: it is a directory", path));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return make_error(ConnectErrc::io_error,
                      fmt::format("Cannot read properties file {}: {}", path, std::strerror(errno)));
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) {
    return make_error(ConnectErrc::io_error,
                      fmt::format("Cannot read properties file {}: {}", path, std::strerror(errno)));
  }
  return parse_properties(buf.str(), path);
}

}  // namespace connect_runtime
