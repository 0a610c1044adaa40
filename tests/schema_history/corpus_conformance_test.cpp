// "Parse everything": every statement of the third-party DDL corpora is parsed (schema-changing
// statements) or recognised and classified (everything else). Prints the pass rate per file and
// lists every failure; statements on the corpora's known-invalid lists are reported, not
// required.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "test_support.h"

namespace schema_history {
namespace {

namespace fs = std::filesystem;
using test::assets_dir;
using test::read_text;

struct Failure {
  std::string where;
  std::string error;
};

struct Tally {
  size_t total = 0, passed = 0, known_invalid = 0, known_invalid_passed = 0;
  std::vector<Failure> failures;  // outside the known-invalid lists
  std::vector<Failure> known_invalid_failures;
};

// Lines named by a legacy-grammar error list ("line 19:23 no viable alternative ...").
std::set<uint32_t> error_lines(const fs::path& errors_file) {
  std::set<uint32_t> lines;
  std::istringstream in(read_text(errors_file));
  std::string l;
  while (std::getline(in, l)) {
    unsigned line = 0, col = 0;
    if (std::sscanf(l.c_str(), "line %u:%u", &line, &col) == 2) lines.insert(line);
  }
  return lines;
}

std::vector<SqlStatement> statements_of(const std::string& text, bool per_line,
                                        const ParserOptions& options) {
  if (!per_line) return StatementSplitter(SplitMode::script, options).split(text);
  // One statement per line (Maxwell's mysql-test harvest); a trailing ';' is allowed.
  std::vector<SqlStatement> out;
  size_t start = 0;
  uint32_t line = 1;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view l(text.data() + start, end - start);
    while (!l.empty() && (l.back() == '\r' || l.back() == ' ' || l.back() == ';')) {
      l.remove_suffix(1);
    }
    if (!l.empty()) out.push_back({l, line, 1});
    start = end + 1;
    ++line;
  }
  return out;
}

void run_file(const fs::path& file, const fs::path& root, Dialect dialect, bool per_line,
              bool all_known_invalid, const std::set<uint32_t>& invalid_lines, Tally& total,
              const std::set<std::string>& invalid_texts = {}) {
  const std::string text = read_text(file);
  ParserOptions options;
  options.dialect = dialect;
  DdlParser parser(options);
  Tally t;
  for (const auto& s : statements_of(text, per_line, options)) {
    const uint32_t last_line =
        s.line + static_cast<uint32_t>(std::count(s.text.begin(), s.text.end(), '\n'));
    bool known_invalid = all_known_invalid || invalid_texts.count(std::string(s.text)) > 0;
    for (uint32_t l = s.line; l <= last_line && !known_invalid; ++l) {
      known_invalid = invalid_lines.count(l) > 0;
    }
    auto st = parser.parse(s.text, s.line, s.column);
    ++t.total;
    if (known_invalid) {
      ++t.known_invalid;
      if (st.ok()) {
        ++t.known_invalid_passed;
      } else {
        t.known_invalid_failures.push_back(
            {fs::relative(file, root).string() + ":" + std::to_string(s.line),
             st.error().message});
      }
      continue;
    }
    if (st.ok()) {
      ++t.passed;
    } else {
      t.failures.push_back({fs::relative(file, root).string() + ":" + std::to_string(s.line),
                            st.error().message});
    }
  }
  const size_t checked = t.total - t.known_invalid;
  std::printf("  %-72s %5zu/%-5zu %6.2f%%", fs::relative(file, root).string().c_str(), t.passed,
              checked, checked == 0 ? 100.0 : 100.0 * static_cast<double>(t.passed) /
                                                  static_cast<double>(checked));
  if (t.known_invalid > 0) {
    std::printf("  (known-invalid: %zu, of which we parse %zu)", t.known_invalid,
                t.known_invalid_passed);
  }
  std::printf("\n");
  for (const auto& f : t.known_invalid_failures) {
    std::printf("    known-invalid, not parsed: %s: %s\n", f.where.c_str(), f.error.c_str());
  }
  total.total += t.total;
  total.passed += t.passed;
  total.known_invalid += t.known_invalid;
  total.known_invalid_passed += t.known_invalid_passed;
  for (auto& f : t.failures) total.failures.push_back(std::move(f));
}

// Statements outside the corpora's own known-invalid lists that MySQL and MariaDB reject as well,
// so we reject them too. Each is checked to still fail (file relative to the assets folder).
struct ServerRejects {
  const char* file;
  uint32_t line;
  const char* reason;
};
constexpr ServerRejects kServerRejects[] = {
    {"ddl-and-cdc-debezium/ddl-parser-examples-mariadb/fast/admin.sql", 1,
     "'--- https://...' is not a comment: both servers (and the mysql client) need a space or "
     "control character after '--' (the ANTLR grammar this corpus was written for does not), "
     "so the server reads '- - - https ...' and rejects the statement"},
};

void report(const Tally& t, const char* name, const std::string& dir_prefix) {
  const size_t checked = t.total - t.known_invalid;
  std::printf("%s: %zu/%zu statements parsed or classified (%.2f%%), %zu known-invalid\n", name,
              t.passed, checked,
              checked == 0 ? 100.0 : 100.0 * static_cast<double>(t.passed) /
                                         static_cast<double>(checked),
              t.known_invalid);
  for (const auto& f : t.failures) {
    bool expected = false;
    for (const auto& r : kServerRejects) {
      if (f.where == std::string(r.file) + ":" + std::to_string(r.line)) {
        std::printf("  rejected as the server does: %s: %s\n    (%s)\n", f.where.c_str(),
                    f.error.c_str(), r.reason);
        expected = true;
      }
    }
    if (!expected) ADD_FAILURE() << f.where << ": " << f.error;
  }
  // A listed statement that now parses must leave the list.
  for (const auto& r : kServerRejects) {
    if (std::string(r.file).rfind(dir_prefix, 0) != 0) continue;
    const std::string where = std::string(r.file) + ":" + std::to_string(r.line);
    bool seen = false;
    for (const auto& f : t.failures) seen = seen || f.where == where;
    EXPECT_TRUE(seen) << where << " is listed in kServerRejects but no longer fails";
  }
}

std::vector<fs::path> sql_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ".sql") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class DdlCorpus : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = assets_dir();
    if (!fs::exists(root_)) GTEST_SKIP() << "conformance assets not found at " << root_;
  }
  fs::path root_;
};

TEST_F(DdlCorpus, DebeziumParserExamplesMysql) {
  const fs::path dir = root_ / "ddl-and-cdc-debezium" / "ddl-parser-examples-mysql";
  if (!fs::exists(dir)) GTEST_SKIP() << dir << " missing";
  Tally t;
  for (const auto& f : sql_files(dir)) {
    fs::path errors = f;
    errors += ".errors";
    const auto invalid = fs::exists(errors) ? error_lines(errors) : std::set<uint32_t>{};
    run_file(f, root_, Dialect::mysql, false, false, invalid, t);
  }
  report(t, "debezium ddl-parser-examples-mysql",
         "ddl-and-cdc-debezium/ddl-parser-examples-mysql");
}

TEST_F(DdlCorpus, DebeziumParserExamplesMariadb) {
  const fs::path dir = root_ / "ddl-and-cdc-debezium" / "ddl-parser-examples-mariadb";
  if (!fs::exists(dir)) GTEST_SKIP() << dir << " missing";
  Tally t;
  for (const auto& f : sql_files(dir)) run_file(f, root_, Dialect::mariadb, false, false, {}, t);
  report(t, "debezium ddl-parser-examples-mariadb",
         "ddl-and-cdc-debezium/ddl-parser-examples-mariadb");
}

TEST_F(DdlCorpus, MaxwellMysqlTest) {
  const fs::path dir = root_ / "ddl-and-cdc-maxwell" / "sql" / "ddl";
  if (!fs::exists(dir)) GTEST_SKIP() << dir << " missing";
  // mysql-test-errors.sql lists the harvested statements Maxwell's own parser rejects; the same
  // statements in the other files count as known-invalid too.
  std::set<std::string> invalid;
  const fs::path errors = dir / "mysql-test-errors.sql";
  if (fs::exists(errors)) {
    const std::string text = read_text(errors);
    for (const auto& s : statements_of(text, true, {})) invalid.insert(std::string(s.text));
  }
  Tally t;
  for (const auto& f : sql_files(dir)) {
    if (f.filename().string().rfind("mysql-test", 0) != 0) continue;
    const bool errors_list = f.filename() == "mysql-test-errors.sql";
    run_file(f, root_, Dialect::mysql, true, errors_list, {}, t, invalid);
  }
  report(t, "maxwell sql/ddl/mysql-test*", "ddl-and-cdc-maxwell");
}

TEST_F(DdlCorpus, Canal) {
  const fs::path dir = root_ / "ddl-canal" / "ddl";
  if (!fs::exists(dir)) GTEST_SKIP() << dir << " missing";
  Tally t;
  for (const auto& f : sql_files(dir)) run_file(f, root_, Dialect::mysql, false, false, {}, t);
  report(t, "ddl-canal", "ddl-canal");
}

}  // namespace
}  // namespace schema_history
