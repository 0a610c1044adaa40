// `cdc ddl parse`: split stdin like the mysql client, parse and apply each statement, print JSON.
#include "schema_history/ddl_parse_command.h"

#include <istream>
#include <ostream>
#include <string>

#include "schema_history/catalog.h"
#include "schema_history/ddl_parser.h"
#include "schema_history/statement_splitter.h"
#include "schema_history/table_json.h"

namespace schema_history {
namespace {

constexpr const char* kUsage =
    "usage: cdc ddl parse [--dialect mysql|mariadb] [--database NAME] [--final]\n"
    "  Reads SQL statements from standard input (split as the mysql client does: ';',\n"
    "  DELIMITER, comments) and prints one JSON line per statement:\n"
    "    {\"line\":N,\"kind\":\"create_table\",\"tables_changed\":[\"db.t\"]}\n"
    "  or {\"line\":N,\"column\":C,\"error\":\"...\"} for a statement it cannot parse.\n"
    "  --dialect   SQL dialect (default mysql)\n"
    "  --database  default database for unqualified table names\n"
    "  --final     print only the resulting tables, in Debezium's tableChanges shape:\n"
    "              {\"tables\":[{\"id\":\"db.t\",\"table\":{...}}]}\n";

struct Args {
  Dialect dialect = Dialect::mysql;
  std::string database;
  bool final_only = false;
  bool help = false;
};

bool parse_args(const std::vector<std::string>& args, Args& out, std::string& problem) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    std::string value;
    bool has_value = false;
    const size_t eq = a.find('=');
    if (a.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = a.substr(eq + 1);
      a = a.substr(0, eq);
      has_value = true;
    }
    auto take_value = [&](const char* name) -> bool {
      if (has_value) return true;
      if (i + 1 >= args.size()) {
        problem = std::string(name) + " needs a value";
        return false;
      }
      value = args[++i];
      return true;
    };
    if (a == "--dialect") {
      if (!take_value("--dialect")) return false;
      if (value == "mysql") {
        out.dialect = Dialect::mysql;
      } else if (value == "mariadb") {
        out.dialect = Dialect::mariadb;
      } else {
        problem = "unknown dialect '" + value + "' (use mysql or mariadb)";
        return false;
      }
    } else if (a == "--database") {
      if (!take_value("--database")) return false;
      out.database = value;
    } else if (a == "--final" && !has_value) {
      out.final_only = true;
    } else if (a == "-h" || a == "--help") {
      out.help = true;
    } else {
      problem = "unknown argument '" + args[i] + "'";
      return false;
    }
  }
  return true;
}

// "line L column C: ..." -> C, for the JSON error record.
uint32_t column_of(const std::string& message, uint32_t fallback) {
  const std::string key = " column ";
  const size_t p = message.find(key);
  if (p == std::string::npos) return fallback;
  uint32_t v = 0;
  size_t i = p + key.size();
  bool any = false;
  while (i < message.size() && message[i] >= '0' && message[i] <= '9') {
    v = v * 10 + static_cast<uint32_t>(message[i] - '0');
    ++i;
    any = true;
  }
  return any ? v : fallback;
}

uint32_t line_of(const std::string& message, uint32_t fallback) {
  if (message.rfind("line ", 0) != 0) return fallback;
  uint32_t v = 0;
  size_t i = 5;
  bool any = false;
  while (i < message.size() && message[i] >= '0' && message[i] <= '9') {
    v = v * 10 + static_cast<uint32_t>(message[i] - '0');
    ++i;
    any = true;
  }
  return any ? v : fallback;
}

}  // namespace

int run_ddl_parse_command(const std::vector<std::string>& args, std::istream& in,
                          std::ostream& out, std::ostream& err) {
  Args a;
  std::string problem;
  if (!parse_args(args, a, problem)) {
    err << "cdc ddl parse: " << problem << "\n" << kUsage;
    return 2;
  }
  if (a.help) {
    out << kUsage;
    return 0;
  }
  std::string input;
  {
    char buf[65536];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
      input.append(buf, static_cast<size_t>(in.gcount()));
    }
  }

  ParserOptions parser_options;
  parser_options.dialect = a.dialect;
  CatalogOptions catalog_options;
  catalog_options.dialect = a.dialect;
  const StatementSplitter splitter(SplitMode::client, parser_options);
  const DdlParser parser(parser_options);
  Catalog catalog(catalog_options);
  std::string default_database = a.database;

  int status = 0;
  std::string line;
  for (const SqlStatement& s : splitter.split(input)) {
    line.clear();
    auto parsed = parser.parse(s.text, s.line, s.column);
    std::string error;
    Statement* statement = nullptr;
    std::vector<TableChange> changes;
    if (!parsed.ok()) {
      error = parsed.error().message;
    } else {
      statement = &parsed.value();
      auto applied = catalog.apply(*statement, default_database);
      if (!applied.ok()) {
        error = "line " + std::to_string(s.line) + " column " + std::to_string(s.column) + ": " +
                applied.error().message;
      } else {
        changes = std::move(applied.value());
        if (statement->kind == StatementKind::use_database) {
          default_database = std::get<UseDatabase>(statement->body).name;
        }
      }
    }
    if (!error.empty()) {
      status = 1;
      line = "{\"line\":" + std::to_string(line_of(error, s.line)) +
             ",\"column\":" + std::to_string(column_of(error, s.column)) + ",\"error\":";
      append_json_string(line, error);
      line += "}\n";
      (a.final_only ? err : out) << line;
      continue;
    }
    if (a.final_only) continue;
    line = "{\"line\":" + std::to_string(statement->line) + ",\"kind\":";
    append_json_string(line, statement->label);
    line += ",\"tables_changed\":[";
    for (size_t i = 0; i < changes.size(); ++i) {
      if (i > 0) line.push_back(',');
      append_json_string(line, changes[i].id.to_string());
    }
    line += "]}\n";
    out << line;
  }
  if (a.final_only) {
    std::string json = "{\"tables\":[";
    bool first = true;
    for (const Table* t : catalog.tables()) {
      if (!first) json.push_back(',');
      first = false;
      json += "{\"id\":";
      append_json_string(json, t->id.to_string());
      json += ",\"table\":";
      append_table_json(json, *t);
      json += "}";
    }
    json += "]}\n";
    out << json;
  }
  return status;
}

}  // namespace schema_history
