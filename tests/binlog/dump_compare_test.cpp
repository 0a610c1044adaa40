// Row values against an independent decoder: assets/derived-mariadb-binlog-dumps holds
// `mariadb-binlog -vv` readings of the asset binlogs ("### INSERT INTO `db`.`t`" / "###   @N=value
// /* TYPE meta=... */"). Every row image we decode is rendered the way that tool prints values
// and compared row by row, column by column (partial images: the same columns present).
#include <gtest/gtest.h>

#include <cinttypes>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "binlog/binlog.h"
#include "binlog/file_reader.h"
#include "test_support.h"

namespace binlog::test {
namespace {

struct Image {
  std::vector<std::pair<int, std::string>> cols;  // (1-based column, value text)
  bool operator==(const Image&) const = default;
};
struct DumpRow {
  char kind = 0;  // 'I', 'U', 'D'
  std::string table;
  Image before, after;
};

std::string rtrim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

std::vector<DumpRow> parse_dump(const std::string& text) {
  std::vector<DumpRow> rows;
  Image* image = nullptr;
  std::istringstream in(text);
  std::string line;
  auto table_of = [](const std::string& l, size_t from) { return l.substr(from); };
  while (std::getline(in, line)) {
    if (line.rfind("### ", 0) != 0) continue;
    if (line.rfind("### INSERT INTO ", 0) == 0) {
      rows.push_back({'I', table_of(line, 16), {}, {}});
      image = &rows.back().after;
    } else if (line.rfind("### UPDATE ", 0) == 0) {
      rows.push_back({'U', table_of(line, 11), {}, {}});
      image = nullptr;
    } else if (line.rfind("### DELETE FROM ", 0) == 0) {
      rows.push_back({'D', table_of(line, 16), {}, {}});
      image = &rows.back().before;
    } else if (line == "### WHERE" && !rows.empty()) {
      image = &rows.back().before;
    } else if (line == "### SET" && !rows.empty()) {
      image = &rows.back().after;
    } else if (line.rfind("###   @", 0) == 0 && image != nullptr) {
      const size_t eq = line.find('=');
      const size_t comment = line.rfind(" /* ");
      if (eq == std::string::npos || comment == std::string::npos || comment < eq) continue;
      const int col = std::stoi(line.substr(7, eq - 7));
      image->cols.emplace_back(col, rtrim(line.substr(eq + 1, comment - eq - 1)));
    }
  }
  return rows;
}

// ---- rendering like mariadb-binlog's log_event_print_value --------------------------------
std::string quoted(std::string_view s) {
  std::string out = "'";
  for (char ch : s) {
    const auto c = static_cast<uint8_t>(ch);
    if (c > 0x1f) {
      out.push_back(ch);
    } else {
      char hex[8];
      std::snprintf(hex, sizeof(hex), "\\x%02x", c);
      out += hex;
    }
  }
  return out + "'";
}

std::string bits(uint64_t v, unsigned n) {
  std::string s = "b'";
  for (unsigned i = n; i > 0; --i) s.push_back(((v >> (i - 1)) & 1) ? '1' : '0');
  return s + "'";
}

std::string fraction(uint32_t micros, unsigned fsp) {
  if (fsp == 0) return {};
  char buf[16];
  std::snprintf(buf, sizeof(buf), ".%06u", micros);
  return std::string(buf, 1 + fsp);
}

unsigned int_width(ColumnType t) {
  switch (t) {
    case ColumnType::TINY: return 8;
    case ColumnType::SHORT: return 16;
    case ColumnType::INT24: return 24;
    case ColumnType::LONG: return 32;
    default: return 64;
  }
}

std::string render(const ColumnInfo& col, const Value& v) {
  char buf[128];
  switch (v.kind) {
    case ValueKind::null: return "NULL";
    case ValueKind::int64:
    case ValueKind::uint64: {
      if (col.type == ColumnType::YEAR) return std::to_string(v.i == 0 ? 1900 : v.i);
      if (col.type == ColumnType::ENUM) return std::to_string(v.u);
      if (col.type == ColumnType::SET) return bits(v.u, col.meta * 8u);
      if (col.type == ColumnType::BIT) return bits(v.u, v.bits);
      const unsigned w = int_width(col.type);
      const uint64_t mask = w == 64 ? ~uint64_t{0} : (uint64_t{1} << w) - 1;
      const uint64_t raw = (v.kind == ValueKind::uint64 ? v.u : static_cast<uint64_t>(v.i)) & mask;
      const int64_t sgn = w == 64 ? static_cast<int64_t>(raw)
                                  : static_cast<int64_t>(raw << (64 - w)) >> (64 - w);
      std::string s = std::to_string(sgn);
      if (sgn < 0) s += " (" + std::to_string(raw) + ")";
      return s;
    }
    case ValueKind::float32:
      std::snprintf(buf, sizeof(buf), "%-20g", static_cast<double>(v.f));
      return rtrim(buf);
    case ValueKind::float64:
      std::snprintf(buf, sizeof(buf), "%-.20g", v.d);
      return buf;
    case ValueKind::decimal: return std::string(v.text());
    case ValueKind::string:
    case ValueKind::bytes: return quoted(v.bytes);
    case ValueKind::date:
      std::snprintf(buf, sizeof(buf), "'%04u:%02u:%02u'", v.year, v.month, v.day);
      return buf;
    case ValueKind::time:
      std::snprintf(buf, sizeof(buf), "'%s%02u:%02u:%02u", v.negative ? "-" : "", v.hour,
                    v.minute, v.second);
      return buf + fraction(v.micros, v.fsp) + "'";
    case ValueKind::datetime:
      std::snprintf(buf, sizeof(buf), "'%04u-%02u-%02u %02u:%02u:%02u", v.year, v.month, v.day,
                    v.hour, v.minute, v.second);
      return buf + fraction(v.micros, v.fsp) + "'";
    case ValueKind::timestamp:
      return std::to_string(v.epoch_seconds) + fraction(v.micros, v.fsp);
  }
  return "?";
}

Image image_of(const TableMap& t, const Row& row) {
  Image img;
  for (size_t i = 0; i < row.values.size(); ++i) {
    if (!row.present[i]) continue;
    img.cols.emplace_back(static_cast<int>(i + 1), render(t.columns[i], row.values[i]));
  }
  return img;
}

struct Decoded {
  std::vector<DumpRow> rows;
  std::optional<std::string> error;
};

Decoded decode_rows(Bytes data, const std::string& name) {
  Decoded out;
  auto reader = BinlogFileReader::from_bytes(std::move(data), name);
  if (!reader.ok()) {
    out.error = reader.error().message;
    return out;
  }
  EventDecoder decoder;
  Row before, after;
  while (true) {
    auto next = reader->next();
    if (!next.ok()) {
      out.error = next.error().message;
      return out;
    }
    if (!next.value()) return out;
    auto ev = decoder.decode(next.value()->bytes);
    if (!ev.ok()) {
      out.error = ev.error().message;
      return out;
    }
    const auto* rows = std::get_if<RowsEvent>(&ev->body);
    if (rows == nullptr) continue;
    auto table = decoder.table(rows->table_id);
    if (!table) continue;
    RowReader rr(*table, *rows);
    const char kind = rows->kind == RowsKind::write ? 'I' : rows->kind == RowsKind::update ? 'U' : 'D';
    const std::string name_text = "`" + table->database + "`.`" + table->table + "`";
    while (true) {
      auto more = rr.next(before, after);
      if (!more.ok()) {
        out.error = more.error().message;
        return out;
      }
      if (!more.value()) break;
      DumpRow r{kind, name_text, {}, {}};
      if (kind != 'I') r.before = image_of(*table, before);
      if (kind != 'D') r.after = image_of(*table, after);
      out.rows.push_back(std::move(r));
    }
  }
}

// ---- BINLOG '<base64>' statements (binlog-dolt-mariadb-base64) ---------------------------
Bytes decode_binlog_statements(const std::string& text) {
  Bytes out(kBinlogMagic, kBinlogMagic + 4);
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  size_t pos = 0;
  while ((pos = text.find("BINLOG '", pos)) != std::string::npos) {
    pos += 8;
    const size_t end = text.find('\'', pos);
    if (end == std::string::npos) break;
    int quantum[4];
    int n = 0;
    for (size_t i = pos; i < end; ++i) {
      const char c = text[i];
      if (c == '=') {  // padding ends this block
        if (n >= 2) out.push_back(static_cast<uint8_t>(quantum[0] << 2 | quantum[1] >> 4));
        if (n >= 3) out.push_back(static_cast<uint8_t>((quantum[1] & 15) << 4 | quantum[2] >> 2));
        n = 0;
        while (i + 1 < end && text[i + 1] == '=') ++i;
        continue;
      }
      const int v = value(c);
      if (v < 0) continue;
      quantum[n++] = v;
      if (n == 4) {
        out.push_back(static_cast<uint8_t>(quantum[0] << 2 | quantum[1] >> 4));
        out.push_back(static_cast<uint8_t>((quantum[1] & 15) << 4 | quantum[2] >> 2));
        out.push_back(static_cast<uint8_t>((quantum[2] & 3) << 6 | quantum[3]));
        n = 0;
      }
    }
    pos = end;
  }
  return out;
}

// ---- the dumps with row images, from the MANIFEST -----------------------------------------
struct DumpCase {
  std::string dump;   // file in derived-mariadb-binlog-dumps
  std::string input;  // path under assets/
};

std::vector<DumpCase> load_cases() {
  std::vector<DumpCase> out;
  const auto dir = assets_dir() / "derived-mariadb-binlog-dumps";
  std::ifstream in(dir / "MANIFEST.md");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("| `", 0) != 0) continue;
    std::vector<std::string> cols;
    std::stringstream ss(line.substr(1));
    std::string col;
    while (std::getline(ss, col, '|')) cols.push_back(col);
    if (cols.size() < 5) continue;
    auto ticked = [](const std::string& s) {
      const size_t a = s.find('`'), b = s.find('`', a + 1);
      return a == std::string::npos || b == std::string::npos ? std::string() : s.substr(a + 1, b - a - 1);
    };
    const std::string status = rtrim(cols[2].substr(cols[2].find_first_not_of(' ')));
    const int row_lines = std::atoi(cols[4].c_str());
    if (status != "0" || row_lines == 0) continue;  // the tool failed or printed no rows
    out.push_back({ticked(cols[0]), ticked(cols[1])});
  }
  if (out.empty()) out.push_back({});
  return out;
}

class DumpCompareTest : public ::testing::TestWithParam<DumpCase> {};

TEST_P(DumpCompareTest, RowsMatchMariadbBinlog) {
  const DumpCase& c = GetParam();
  if (c.dump.empty()) GTEST_SKIP() << "derived dumps not found under " << assets_dir();
  const auto dump_path = assets_dir() / "derived-mariadb-binlog-dumps" / c.dump;
  Bytes dump_bytes = read_file(dump_path);
  if (c.dump.size() > 3 && c.dump.substr(c.dump.size() - 3) == ".gz") dump_bytes = gunzip(dump_bytes);
  ASSERT_FALSE(dump_bytes.empty()) << dump_path;
  const auto expected = parse_dump(std::string(dump_bytes.begin(), dump_bytes.end()));

  Bytes input = read_file(assets_dir() / c.input);
  if (c.input.size() > 3 && c.input.substr(c.input.size() - 3) == ".gz") input = gunzip(input);
  if (c.input.size() > 4 && c.input.substr(c.input.size() - 4) == ".txt") {
    input = decode_binlog_statements(std::string(input.begin(), input.end()));
  }
  const Decoded got = decode_rows(std::move(input), c.input);
  ASSERT_FALSE(got.error.has_value()) << *got.error;

  std::map<std::string, std::pair<size_t, size_t>> per_table;  // table -> (ours, theirs)
  for (const auto& r : got.rows) ++per_table[r.table].first;
  for (const auto& r : expected) ++per_table[r.table].second;
  for (const auto& [table, counts] : per_table) {
    EXPECT_EQ(counts.first, counts.second) << c.input << " rows of " << table;
  }
  ASSERT_EQ(got.rows.size(), expected.size()) << c.input;
  size_t mismatches = 0;
  size_t values = 0;
  for (const auto& r : expected) values += r.before.cols.size() + r.after.cols.size();
  EXPECT_GT(values, 0u);
  for (size_t i = 0; i < got.rows.size() && mismatches < 10; ++i) {
    const DumpRow& a = got.rows[i];
    const DumpRow& b = expected[i];
    const bool same = a.kind == b.kind && a.table == b.table && a.before == b.before && a.after == b.after;
    if (same) continue;
    ++mismatches;
    std::ostringstream msg;
    msg << c.input << " row " << i << " (" << b.kind << " " << b.table << ") differs:";
    auto show = [&](const char* label, const Image& x, const Image& y) {
      for (size_t k = 0; k < std::max(x.cols.size(), y.cols.size()); ++k) {
        const std::string xs = k < x.cols.size() ? "@" + std::to_string(x.cols[k].first) + "=" + x.cols[k].second : "-";
        const std::string ys = k < y.cols.size() ? "@" + std::to_string(y.cols[k].first) + "=" + y.cols[k].second : "-";
        if (xs != ys) msg << "\n  " << label << " ours " << xs.substr(0, 200) << " | theirs " << ys.substr(0, 200);
      }
    };
    if (a.kind != b.kind || a.table != b.table) msg << "\n  ours " << a.kind << " " << a.table;
    show("before", a.before, b.before);
    show("after", a.after, b.after);
    ADD_FAILURE() << msg.str();
  }
  std::cout << "[dump] " << c.input << ": " << got.rows.size() << " rows, " << values
            << " column values compared, " << mismatches << " rows mismatching\n";
}

INSTANTIATE_TEST_SUITE_P(Dumps, DumpCompareTest, ::testing::ValuesIn(load_cases()),
                         [](const ::testing::TestParamInfo<DumpCase>& p) {
                           std::string s = p.param.input.empty() ? "missing" : p.param.input;
                           for (char& ch : s) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return s;
                         });

}  // namespace
}  // namespace binlog::test
