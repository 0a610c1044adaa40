// Catalog: applying parsed DDL to databases and tables with the server's semantics.
#include "schema_history/catalog.h"

#include <algorithm>

#include "charsets.h"
#include "column_resolver.h"
#include "schema_history/errors.h"
#include "text_util.h"

namespace schema_history {
namespace {

bool has_timestamp_before(const Table& t, size_t end) {
  for (size_t i = 0; i < end && i < t.columns.size(); ++i) {
    if (t.columns[i].type_name == "TIMESTAMP") return true;
  }
  return false;
}

TableIndex* find_index(Table& t, std::string_view name) {
  for (auto& index : t.indexes) {
    if (iequals(index.name, name)) return &index;
  }
  return nullptr;
}

void remove_primary_key(Table& t) {
  t.indexes.erase(std::remove_if(t.indexes.begin(), t.indexes.end(),
                                 [](const TableIndex& i) { return i.kind == IndexKind::primary; }),
                  t.indexes.end());
}

void make_not_null(Column& c) {
  c.nullable = false;
  if (c.default_kind == DefaultKind::null) c.default_kind = DefaultKind::none;
}

bool in_primary_key(const Table& t, std::string_view column) {
  if (const TableIndex* pk = t.primary_key()) {
    for (const auto& part : pk->parts) {
      if (iequals(part.column, column)) return true;
    }
  }
  return false;
}

// Name MySQL gives an index declared without one: its first column, made unique with _2, _3...
std::string generated_index_name(Table& t, const IndexDefinition& def) {
  std::string base = "functional_index";
  for (const auto& part : def.parts) {
    if (!part.column.empty()) {
      base = part.column;
      break;
    }
  }
  if (find_index(t, base) == nullptr && !iequals(base, "PRIMARY")) return base;
  for (int n = 2;; ++n) {
    std::string candidate = base + "_" + std::to_string(n);
    if (find_index(t, candidate) == nullptr) return candidate;
  }
}

void add_index(Table& t, const IndexDefinition& def) {
  switch (def.kind) {
    case IndexKind::check:
      return;
    case IndexKind::foreign_key: {
      // InnoDB adds an index for the referencing columns unless one already starts with them.
      for (const auto& index : t.indexes) {
        if (index.parts.size() < def.parts.size()) continue;
        bool prefix = true;
        for (size_t i = 0; i < def.parts.size(); ++i) {
          prefix = prefix && iequals(index.parts[i].column, def.parts[i].column);
        }
        if (prefix) return;
      }
      TableIndex index;
      index.kind = IndexKind::key;
      index.parts = def.parts;
      std::string name = !def.name.empty() ? def.name : def.constraint_name;
      if (name.empty() || find_index(t, name) != nullptr) name = generated_index_name(t, def);
      index.name = std::move(name);
      t.indexes.push_back(std::move(index));
      return;
    }
    case IndexKind::primary: {
      remove_primary_key(t);
      TableIndex index;
      index.kind = IndexKind::primary;
      index.name = "PRIMARY";
      index.parts = def.parts;
      for (const auto& part : index.parts) {
        if (Column* c = t.find_column(part.column)) make_not_null(*c);
      }
      t.indexes.insert(t.indexes.begin(), std::move(index));
      return;
    }
    default:
      break;
  }
  TableIndex index;
  index.kind = def.kind;
  index.parts = def.parts;
  std::string name = def.name;
  if (name.empty() && def.kind == IndexKind::unique) name = def.constraint_name;
  if (name.empty()) {
    name = generated_index_name(t, def);
  } else if (find_index(t, name) != nullptr) {
    return;  // duplicate key name: the server rejects the statement (or IF NOT EXISTS skips it)
  }
  index.name = std::move(name);
  t.indexes.push_back(std::move(index));
}

void add_inline_keys(Table& t, const ColumnDefinition& def) {
  if (def.primary_key) {
    IndexDefinition pk;
    pk.kind = IndexKind::primary;
    pk.parts.push_back(KeyPart{def.name, std::nullopt, false, {}});
    add_index(t, pk);
  }
  if (def.unique_key) {
    IndexDefinition uk;
    uk.kind = IndexKind::unique;
    uk.parts.push_back(KeyPart{def.name, std::nullopt, false, {}});
    add_index(t, uk);
  }
}

void drop_column_from_indexes(Table& t, std::string_view column) {
  for (auto& index : t.indexes) {
    index.parts.erase(std::remove_if(index.parts.begin(), index.parts.end(),
                                     [&](const KeyPart& p) { return iequals(p.column, column); }),
                      index.parts.end());
  }
  t.indexes.erase(std::remove_if(t.indexes.begin(), t.indexes.end(),
                                 [](const TableIndex& i) { return i.parts.empty(); }),
                  t.indexes.end());
}

void rename_column_in_indexes(Table& t, std::string_view from, const std::string& to) {
  for (auto& index : t.indexes) {
    for (auto& part : index.parts) {
      if (iequals(part.column, from)) part.column = to;
    }
  }
}

// MariaDB adds hidden period columns to a system-versioned table that does not declare them;
// they are part of every row image.
void add_system_versioning_columns(Table& t) {
  for (const auto& c : t.columns) {
    if (c.generation_expression == "ROW START") return;
  }
  for (const char* name : {"row_start", "row_end"}) {
    Column c;
    c.name = name;
    c.type_name = "TIMESTAMP";
    c.length = 6;
    c.nullable = false;
    c.invisible = true;
    c.generation_expression = name[4] == 's' ? "ROW START" : "ROW END";
    t.columns.push_back(std::move(c));
  }
}

void drop_system_versioning_columns(Table& t) {
  std::vector<std::string> names;
  for (const auto& c : t.columns) {
    if (c.generation_expression == "ROW START" || c.generation_expression == "ROW END") {
      names.push_back(c.name);
    }
  }
  for (const auto& n : names) {
    t.columns.erase(t.columns.begin() + t.column_index(n));
    drop_column_from_indexes(t, n);
  }
}

// Prefix lengths that no longer apply after a column changes type: MySQL keeps the prefix only
// for string and BLOB types, and only while it is shorter than the column.
void fix_key_prefixes(Table& t, const Column& c) {
  const std::string& type = c.type_name;
  const bool sized = type == "CHAR" || type == "VARCHAR" || type == "BINARY" ||
                     type == "VARBINARY";
  const bool lob = type.find("TEXT") != std::string::npos ||
                   type.find("BLOB") != std::string::npos;
  for (auto& index : t.indexes) {
    for (auto& part : index.parts) {
      if (!part.prefix || !iequals(part.column, c.name)) continue;
      if ((!sized && !lob) || (sized && c.length && *c.length <= *part.prefix)) {
        part.prefix.reset();
      }
    }
  }
}

// Moves columns[from] to the place `spec` asks for (no move for Placement::none).
void place_column(Table& t, size_t from, const AlterSpec& spec) {
  if (spec.placement == Placement::none) return;
  Column c = std::move(t.columns[from]);
  t.columns.erase(t.columns.begin() + static_cast<std::ptrdiff_t>(from));
  size_t to = 0;
  if (spec.placement == Placement::after) {
    const int after = t.column_index(spec.after_column);
    to = after < 0 ? t.columns.size() : static_cast<size_t>(after) + 1;
  }
  t.columns.insert(t.columns.begin() + static_cast<std::ptrdiff_t>(to), std::move(c));
}

}  // namespace

std::string Catalog::name_key(std::string_view name) const {
  return options_.lower_case_table_names != 0 ? to_lower(name) : std::string(name);
}

std::string Catalog::stored_name(std::string_view name) const {
  return options_.lower_case_table_names == 1 ? to_lower(name) : std::string(name);
}

Catalog::Database& Catalog::database(std::string_view name) {
  auto [it, inserted] = databases_.try_emplace(name_key(name));
  if (inserted) {
    it->second.name = stored_name(name);
    it->second.charset = options_.server_charset;
    it->second.collation = options_.server_collation;
  }
  return it->second;
}

const Catalog::Database* Catalog::find_database(std::string_view name) const {
  auto it = databases_.find(name_key(name));
  return it == databases_.end() ? nullptr : &it->second;
}

bool Catalog::has_database(std::string_view name) const { return find_database(name) != nullptr; }

std::string Catalog::database_charset(std::string_view name) const {
  const Database* db = find_database(name);
  return db != nullptr ? db->charset : options_.server_charset;
}

Table* Catalog::find_table(std::string_view database, std::string_view table) {
  auto db = databases_.find(name_key(database));
  if (db == databases_.end()) return nullptr;
  auto t = db->second.tables.find(name_key(table));
  return t == db->second.tables.end() ? nullptr : &t->second;
}

const Table* Catalog::find(std::string_view database, std::string_view table) const {
  auto db = databases_.find(name_key(database));
  if (db == databases_.end()) return nullptr;
  auto t = db->second.tables.find(name_key(table));
  return t == db->second.tables.end() ? nullptr : &t->second;
}

std::vector<const Table*> Catalog::tables() const {
  std::vector<const Table*> out;
  for (const auto& [key, db] : databases_) {
    for (const auto& [tkey, table] : db.tables) out.push_back(&table);
  }
  std::sort(out.begin(), out.end(), [](const Table* a, const Table* b) { return a->id < b->id; });
  return out;
}

size_t Catalog::table_count() const {
  size_t n = 0;
  for (const auto& [key, db] : databases_) n += db.tables.size();
  return n;
}

cdc::Result<TableId> Catalog::resolve(const TableName& name,
                                      std::string_view default_database) const {
  std::string_view db = name.database.empty() ? default_database : std::string_view(name.database);
  if (db.empty()) {
    return make_error(Errc::no_database,
                      "no database selected for table '" + name.name + "' (use a qualified name, "
                      "USE or a default database)");
  }
  return TableId{stored_name(db), stored_name(name.name)};
}

void Catalog::put_table(Table table) {
  Database& db = database(table.id.database);
  db.tables[name_key(table.id.table)] = std::move(table);
}

Table Catalog::take_table(const TableId& id) {
  Database& db = database(id.database);
  auto it = db.tables.find(name_key(id.table));
  Table t = std::move(it->second);
  db.tables.erase(it);
  return t;
}

cdc::Result<std::vector<TableChange>> Catalog::create_table(const CreateTable& ct,
                                                            std::string_view default_database) {
  if (ct.temporary) return std::vector<TableChange>{};  // invisible to row events
  auto id = resolve(ct.table, default_database);
  if (!id.ok()) return id.error();
  const Table* existing = find(*id);
  if (existing != nullptr && ct.if_not_exists) return std::vector<TableChange>{};
  Table t;
  if (ct.like) {
    auto src_id = resolve(*ct.like, default_database);
    if (!src_id.ok()) return src_id.error();
    const Table* src = find(*src_id);
    if (src == nullptr) return std::vector<TableChange>{};  // source unknown: skipped
    t = *src;
    t.id = *id;
  } else {
    t.id = *id;
    Database& db = database(id->database);
    std::string charset = ct.options.charset == "default" ? std::string() : ct.options.charset;
    std::string collation = ct.options.collation;
    if (charset.empty() && !collation.empty()) charset = charset_of_collation(collation);
    if (charset.empty()) {
      charset = db.charset;
      if (collation.empty() && charset_of_collation(db.collation) == charset) {
        collation = db.collation;
      }
    }
    t.default_charset = charset;
    t.default_collation = is_default_collation(charset, collation) ? std::string() : collation;
    t.engine = ct.options.engine;
    t.comment = ct.options.comment;
    t.columns_incomplete = ct.from_query;
    ColumnResolver resolver(options_);
    const CharsetContext context{t.default_charset, t.default_collation};
    bool seen_timestamp = false;
    for (const auto& def : ct.columns) {
      if (t.find_column(def.name) != nullptr) continue;  // duplicate: the server rejects it
      const bool first_ts = !seen_timestamp;
      Column c = resolver.resolve(def, context, first_ts);
      if (c.type_name == "TIMESTAMP") seen_timestamp = true;
      t.columns.push_back(std::move(c));
    }
    for (const auto& def : ct.columns) add_inline_keys(t, def);
    for (const auto& index : ct.indexes) add_index(t, index);
    for (const auto& c : t.columns) fix_key_prefixes(t, c);
    if (ct.options.system_versioning) add_system_versioning_columns(t);
  }
  put_table(std::move(t));
  return std::vector<TableChange>{TableChange{TableChange::Type::create, *id, std::nullopt}};
}

cdc::Result<std::vector<TableChange>> Catalog::alter_table(const AlterTable& at,
                                                           std::string_view default_database) {
  auto id = resolve(at.table, default_database);
  if (!id.ok()) return id.error();
  Table* tp = find_table(id->database, id->table);
  if (tp == nullptr) return std::vector<TableChange>{};  // unknown table: skipped, as Debezium
  Table& t = *tp;
  ColumnResolver resolver(options_);
  TableId new_id = *id;
  for (const AlterSpec& spec : at.specs) {
    const CharsetContext context{t.default_charset, t.default_collation};
    switch (spec.action) {
      case AlterAction::add_column: {
        if (t.find_column(spec.column.name) != nullptr) break;
        Column c = resolver.resolve(spec.column, context,
                                    !has_timestamp_before(t, t.columns.size()));
        t.columns.push_back(std::move(c));
        place_column(t, t.columns.size() - 1, spec);
        add_inline_keys(t, spec.column);
        break;
      }
      case AlterAction::add_index:
        add_index(t, spec.index);
        break;
      case AlterAction::drop_column: {
        const int i = t.column_index(spec.name);
        if (i < 0) break;
        t.columns.erase(t.columns.begin() + i);
        drop_column_from_indexes(t, spec.name);
        break;
      }
      case AlterAction::drop_index:
        if (iequals(spec.name, "PRIMARY")) {
          remove_primary_key(t);
        } else {
          t.indexes.erase(std::remove_if(t.indexes.begin(), t.indexes.end(),
                                         [&](const TableIndex& i) {
                                           return iequals(i.name, spec.name);
                                         }),
                          t.indexes.end());
        }
        break;
      case AlterAction::drop_primary_key:
        remove_primary_key(t);
        break;
      case AlterAction::drop_constraint:
        // A unique key is a constraint too; foreign keys and checks leave no trace here.
        t.indexes.erase(std::remove_if(t.indexes.begin(), t.indexes.end(),
                                       [&](const TableIndex& i) {
                                         return i.kind == IndexKind::unique &&
                                                iequals(i.name, spec.name);
                                       }),
                        t.indexes.end());
        break;
      case AlterAction::modify_column:
      case AlterAction::change_column: {
        const int i = t.column_index(spec.name);
        if (i < 0) break;
        const size_t at_index = static_cast<size_t>(i);
        Column c = resolver.resolve(spec.column, context, !has_timestamp_before(t, at_index));
        const std::string old_name = t.columns[at_index].name;
        if (in_primary_key(t, old_name)) make_not_null(c);
        t.columns[at_index] = std::move(c);
        if (spec.action == AlterAction::change_column) {
          rename_column_in_indexes(t, old_name, spec.column.name);
        }
        fix_key_prefixes(t, t.columns[at_index]);
        place_column(t, at_index, spec);
        add_inline_keys(t, spec.column);
        break;
      }
      case AlterAction::rename_column: {
        Column* c = t.find_column(spec.name);
        if (c == nullptr) break;
        const std::string old_name = c->name;
        c->name = spec.new_name;
        rename_column_in_indexes(t, old_name, spec.new_name);
        break;
      }
      case AlterAction::rename_index:
        if (TableIndex* index = find_index(t, spec.name)) index->name = spec.new_name;
        break;
      case AlterAction::rename_table: {
        auto target = resolve(spec.new_table, default_database);
        if (!target.ok()) return target.error();
        new_id = *target;
        break;
      }
      case AlterAction::set_default:
        if (Column* c = t.find_column(spec.name)) resolver.set_default(*c, spec.column);
        break;
      case AlterAction::drop_default:
        if (Column* c = t.find_column(spec.name)) {
          c->default_kind = DefaultKind::none;
          c->default_value.clear();
        }
        break;
      case AlterAction::set_visibility:
        if (Column* c = t.find_column(spec.name)) c->invisible = spec.invisible;
        break;
      case AlterAction::convert_charset: {
        std::string charset = spec.charset;
        if (charset == "default") charset = database_charset(t.id.database);
        std::string collation = spec.collation;
        t.default_charset = charset;
        t.default_collation = is_default_collation(charset, collation) ? std::string() : collation;
        for (auto& c : t.columns) resolver.convert(c, charset, collation);
        break;
      }
      case AlterAction::table_options:
        if (!spec.charset.empty()) {
          std::string charset = spec.charset;
          if (charset == "default") charset = database_charset(t.id.database);
          t.default_charset = charset;
          const bool same = !spec.collation.empty() &&
                            charset_of_collation(spec.collation) == charset;
          t.default_collation = same && !is_default_collation(charset, spec.collation)
                                    ? spec.collation
                                    : std::string();
        } else if (!spec.collation.empty()) {
          t.default_charset = charset_of_collation(spec.collation);
          t.default_collation = is_default_collation(t.default_charset, spec.collation)
                                    ? std::string()
                                    : spec.collation;
        }
        break;
      case AlterAction::add_system_versioning:
        add_system_versioning_columns(t);
        break;
      case AlterAction::drop_system_versioning:
        drop_system_versioning_columns(t);
        break;
      case AlterAction::drop_foreign_key:  // the index InnoDB made for it stays
      case AlterAction::other:
        break;
    }
  }
  TableChange change{TableChange::Type::alter, new_id, std::nullopt};
  if (!(new_id == *id)) {
    Table moved = take_table(*id);
    moved.id = new_id;
    put_table(std::move(moved));
    change.previous_id = *id;
  }
  return std::vector<TableChange>{change};
}

cdc::Result<std::vector<TableChange>> Catalog::apply(const Statement& statement,
                                                     std::string_view default_database) {
  std::vector<TableChange> changes;
  switch (statement.kind) {
    case StatementKind::empty:
    case StatementKind::other:
    case StatementKind::use_database:
    case StatementKind::truncate_table:
      return changes;
    case StatementKind::create_table:
      return create_table(std::get<CreateTable>(statement.body), default_database);
    case StatementKind::alter_table:
      return alter_table(std::get<AlterTable>(statement.body), default_database);
    case StatementKind::rename_table: {
      // Pairs apply one after another, so `a TO tmp, b TO a, tmp TO b` swaps.
      for (const auto& [from, to] : std::get<RenameTable>(statement.body).pairs) {
        auto from_id = resolve(from, default_database);
        if (!from_id.ok()) return from_id.error();
        auto to_id = resolve(to, default_database);
        if (!to_id.ok()) return to_id.error();
        if (find(*from_id) == nullptr || find(*to_id) != nullptr) continue;
        Table t = take_table(*from_id);
        t.id = *to_id;
        put_table(std::move(t));
        changes.push_back(TableChange{TableChange::Type::alter, *to_id, *from_id});
      }
      return changes;
    }
    case StatementKind::drop_table: {
      const auto& drop = std::get<DropTable>(statement.body);
      if (drop.temporary) return changes;
      for (const auto& name : drop.tables) {
        auto id = resolve(name, default_database);
        if (!id.ok()) return id.error();
        if (find(*id) == nullptr) continue;
        take_table(*id);
        changes.push_back(TableChange{TableChange::Type::drop, *id, std::nullopt});
      }
      return changes;
    }
    case StatementKind::create_index: {
      const auto& ci = std::get<CreateIndex>(statement.body);
      auto id = resolve(ci.table, default_database);
      if (!id.ok()) return id.error();
      Table* t = find_table(id->database, id->table);
      if (t == nullptr) return changes;
      add_index(*t, ci.index);
      changes.push_back(TableChange{TableChange::Type::alter, *id, std::nullopt});
      return changes;
    }
    case StatementKind::drop_index: {
      const auto& di = std::get<DropIndex>(statement.body);
      auto id = resolve(di.table, default_database);
      if (!id.ok()) return id.error();
      Table* t = find_table(id->database, id->table);
      if (t == nullptr) return changes;
      if (iequals(di.name, "PRIMARY")) {
        remove_primary_key(*t);
      } else {
        t->indexes.erase(std::remove_if(t->indexes.begin(), t->indexes.end(),
                                        [&](const TableIndex& i) {
                                          return iequals(i.name, di.name);
                                        }),
                         t->indexes.end());
      }
      changes.push_back(TableChange{TableChange::Type::alter, *id, std::nullopt});
      return changes;
    }
    case StatementKind::create_database: {
      const auto& cd = std::get<CreateDatabase>(statement.body);
      const Database* existing = find_database(cd.name);
      if (existing != nullptr && cd.if_not_exists) return changes;
      if (existing != nullptr && cd.or_replace) {
        for (const auto& [key, table] : existing->tables) {
          changes.push_back(TableChange{TableChange::Type::drop, table.id, std::nullopt});
        }
        databases_.erase(name_key(cd.name));
      }
      Database& db = database(cd.name);
      std::string charset = cd.charset == "default" ? std::string() : cd.charset;
      if (charset.empty() && !cd.collation.empty()) charset = charset_of_collation(cd.collation);
      if (!charset.empty()) {
        db.charset = charset;
        db.collation = cd.collation;
      } else {
        db.charset = options_.server_charset;
        db.collation = cd.collation.empty() ? options_.server_collation : cd.collation;
      }
      return changes;
    }
    case StatementKind::alter_database: {
      const auto& ad = std::get<AlterDatabase>(statement.body);
      const std::string name = ad.name.empty() ? std::string(default_database) : ad.name;
      if (name.empty()) return changes;
      Database& db = database(name);
      std::string charset = ad.charset == "default" ? options_.server_charset : ad.charset;
      if (charset.empty() && !ad.collation.empty()) charset = charset_of_collation(ad.collation);
      if (!charset.empty()) {
        db.charset = charset;
        db.collation = ad.collation;
      }
      return changes;
    }
    case StatementKind::drop_database: {
      const auto& dd = std::get<DropDatabase>(statement.body);
      const Database* db = find_database(dd.name);
      if (db == nullptr) return changes;
      for (const auto& [key, table] : db->tables) {
        changes.push_back(TableChange{TableChange::Type::drop, table.id, std::nullopt});
      }
      databases_.erase(name_key(dd.name));
      return changes;
    }
  }
  return changes;
}

}  // namespace schema_history
