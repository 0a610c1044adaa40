// Maxwell's schema-change records (assets/ddl-and-cdc-maxwell/sql/serialization): after each DDL
// statement the record gives the table definition before ("old") and after ("def"): columns in
// order with type, signedness, charset, fractional-second length and ENUM values, the primary
// key and the table charset; or the database charset for database records.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "test_support.h"

namespace schema_history {
namespace {

namespace fs = std::filesystem;

// A value of Maxwell's relaxed JSON (unquoted keys with dashes).
struct Value {
  enum class Kind { object, array, string, number, boolean, null } kind = Kind::null;
  std::string text;
  bool flag = false;
  std::vector<std::pair<std::string, Value>> members;
  std::vector<Value> items;

  const Value* get(const std::string& key) const {
    for (const auto& [k, v] : members) {
      if (k == key) return &v;
    }
    return nullptr;
  }
  std::string str(const std::string& key) const {
    const Value* v = get(key);
    return v != nullptr ? v->text : "";
  }
};

class RelaxedJson {
 public:
  explicit RelaxedJson(std::string_view s) : s_(s) {}
  bool parse(Value& out) {
    skip();
    if (i_ >= s_.size()) return false;
    const char c = s_[i_];
    if (c == '{') {
      out.kind = Value::Kind::object;
      ++i_;
      for (;;) {
        skip();
        if (peek('}')) return ++i_, true;
        std::string key;
        if (peek('"')) {
          key = quoted();
        } else {
          while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) ||
                                    s_[i_] == '-' || s_[i_] == '_')) {
            key.push_back(s_[i_++]);
          }
        }
        skip();
        if (!peek(':')) return false;
        ++i_;
        Value v;
        if (!parse(v)) return false;
        out.members.emplace_back(key, std::move(v));
        skip();
        if (peek(',')) ++i_;
      }
    }
    if (c == '[') {
      out.kind = Value::Kind::array;
      ++i_;
      for (;;) {
        skip();
        if (peek(']')) return ++i_, true;
        Value v;
        if (!parse(v)) return false;
        out.items.push_back(std::move(v));
        skip();
        if (peek(',')) ++i_;
      }
    }
    if (c == '"') {
      out.kind = Value::Kind::string;
      out.text = quoted();
      return true;
    }
    std::string word;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) ||
                              s_[i_] == '-' || s_[i_] == '.')) {
      word.push_back(s_[i_++]);
    }
    if (word == "true" || word == "false") {
      out.kind = Value::Kind::boolean;
      out.flag = word == "true";
    } else if (word == "null") {
      out.kind = Value::Kind::null;
    } else {
      out.kind = Value::Kind::number;
      out.text = word;
    }
    return !word.empty();
  }

 private:
  bool peek(char c) const { return i_ < s_.size() && s_[i_] == c; }
  void skip() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  std::string quoted() {
    std::string out;
    ++i_;
    while (i_ < s_.size() && s_[i_] != '"') {
      if (s_[i_] == '\\' && i_ + 1 < s_.size()) ++i_;
      out.push_back(s_[i_++]);
    }
    ++i_;
    return out;
  }
  std::string_view s_;
  size_t i_ = 0;
};

std::string same_charset(std::string cs) { return cs == "utf8mb3" ? "utf8" : cs; }

// Compares a Maxwell table definition with our table; returns "" when they agree.
std::string compare_def(const Value& def, const Table* t) {
  if (t == nullptr) return "table missing";
  std::string diff;
  if (same_charset(def.str("charset")) != same_charset(t->default_charset)) {
    diff += " table charset " + t->default_charset + " != " + def.str("charset") + ";";
  }
  std::vector<std::string> pk;
  if (const Value* p = def.get("primary-key")) {
    for (const auto& v : p->items) pk.push_back(v.text);
  }
  if (pk != t->primary_key_columns()) diff += " primary key differs;";
  const Value* cols = def.get("columns");
  if (cols == nullptr || cols->items.size() != t->columns.size()) {
    return diff + " column count differs";
  }
  for (size_t i = 0; i < t->columns.size(); ++i) {
    const Value& m = cols->items[i];
    const Column& c = t->columns[i];
    std::string type = c.type_name;
    for (char& ch : type) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const std::string where = " column " + std::to_string(i + 1) + " (" + c.name + "):";
    if (m.str("name") != c.name) diff += where + " name " + m.str("name") + ";";
    if (m.str("type") != type) diff += where + " type " + type + " != " + m.str("type") + ";";
    if (const Value* s = m.get("signed"); s != nullptr && s->flag == c.is_unsigned) {
      diff += where + " signedness;";
    }
    if (const Value* cs = m.get("charset");
        cs != nullptr && cs->text != "binary" &&
        same_charset(cs->text) != same_charset(c.charset)) {
      diff += where + " charset " + c.charset + " != " + cs->text + ";";
    }
    if (const Value* len = m.get("column-length");
        len != nullptr && (!c.length || std::to_string(*c.length) != len->text)) {
      diff += where + " length;";
    }
    if (const Value* ev = m.get("enum-values")) {
      std::vector<std::string> values;
      for (const auto& v : ev->items) values.push_back(v.text);
      if (values != c.enum_values) diff += where + " enum values;";
    }
  }
  return diff;
}

void run_file(const fs::path& file, int& records, int& checked_ok) {
  CatalogOptions options;
  options.server_charset = file.filename().string().find("utf8mb3") != std::string::npos
                               ? "utf8mb3"
                               : "utf8";
  Catalog catalog(options);
  DdlParser parser;
  StatementSplitter splitter;
  const std::string text = test::read_text(file);
  std::istringstream in(text);
  std::string line, sql, record;
  int depth = 0;
  std::map<std::string, Table> before;  // "db.table" -> definition before the last statement
  std::string last_table_id;
  auto run_sql = [&]() {
    for (const auto& s : splitter.split(sql)) {
      auto st = parser.parse(s.text);
      ASSERT_TRUE(st.ok()) << file.filename() << ": " << st.error().message;
      // Remember the definitions the next record's "old" refers to.
      before.clear();
      for (const Table* t : catalog.tables()) before[t->id.to_string()] = *t;
      auto applied = catalog.apply(*st, "");
      ASSERT_TRUE(applied.ok()) << file.filename() << ": " << applied.error().message;
    }
    sql.clear();
  };
  auto check = [&]() {
    Value v;
    ASSERT_TRUE(RelaxedJson(record).parse(v)) << file.filename() << ": bad record " << record;
    ++records;
    const std::string type = v.str("type");
    const std::string db = v.str("database");
    const std::string id = db + "." + v.str("table");
    std::string diff;
    if (type == "database-create" || type == "database-alter") {
      if (!catalog.has_database(db)) diff = "database missing";
      if (same_charset(catalog.database_charset(db)) != same_charset(v.str("charset"))) {
        diff += " charset " + catalog.database_charset(db) + " != " + v.str("charset");
      }
    } else if (type == "database-drop") {
      if (catalog.has_database(db)) diff = "database still there";
    } else if (type == "table-drop") {
      if (catalog.find(db, v.str("table")) != nullptr) diff = "table still there";
    } else if (type == "table-create" || type == "table-alter") {
      if (const Value* def = v.get("def")) {
        diff = compare_def(*def, catalog.find(db, v.str("table")));
      }
      if (const Value* old = v.get("old")) {
        auto it = before.find(id);
        const std::string d = compare_def(*old, it == before.end() ? nullptr : &it->second);
        if (!d.empty()) diff += " (old)" + d;
      }
    } else {
      diff = "unknown record type " + type;
    }
    if (diff.empty()) {
      ++checked_ok;
    } else {
      ADD_FAILURE() << file.filename().string() << ": " << type << " " << id << ":" << diff;
    }
  };
  while (std::getline(in, line)) {
    const size_t arrow = line.find("->");
    if (depth == 0 && arrow != std::string::npos &&
        line.find_first_not_of(" \t") == arrow) {
      run_sql();
      record = line.substr(arrow + 2);
    } else if (depth > 0) {
      record += "\n" + line;
    } else {
      sql += line + "\n";
      continue;
    }
    depth = 0;
    for (char c : record) depth += c == '{' ? 1 : c == '}' ? -1 : 0;
    if (depth == 0) check();
  }
  run_sql();
}

TEST(MaxwellSerialization, SchemaRecordsMatchTheCatalog) {
  const fs::path dir = test::assets_dir() / "ddl-and-cdc-maxwell" / "sql" / "serialization";
  if (!fs::exists(dir)) GTEST_SKIP() << "conformance assets not found at " << dir;
  int records = 0, ok = 0;
  for (const auto& e : fs::directory_iterator(dir)) run_file(e.path(), records, ok);
  std::printf("maxwell serialization: %d/%d schema records match\n", ok, records);
  EXPECT_EQ(records, 22);
}

}  // namespace
}  // namespace schema_history
