// The recursive-descent machinery behind DdlParser: a cursor over the tokens of one statement.
// Functions return false after recording the first error; the caller stops at once.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "schema_history/parser_options.h"
#include "schema_history/statement.h"
#include "schema_history/token.h"

namespace schema_history {

class StatementParser {
 public:
  StatementParser(const ParserOptions& options, std::string_view sql,
                  const std::vector<Token>& tokens)
      : opt_(options), sql_(sql), toks_(tokens) {}

  bool parse(Statement& out);
  const cdc::Error& error() const { return error_; }

 private:
  // ---- cursor -------------------------------------------------------------------------------
  const Token& cur() const { return toks_[pos_]; }
  const Token& peek(size_t k = 1) const {
    return toks_[pos_ + k < toks_.size() ? pos_ + k : toks_.size() - 1];
  }
  void next() {
    if (pos_ + 1 < toks_.size()) ++pos_;
  }
  bool at_end() const;  // end of tokens, or a final ';'
  bool at(std::string_view kw) const { return cur().is_word(kw); }
  bool at_punct(char c) const { return cur().is_punct(c); }
  bool accept(std::string_view kw);
  bool accept2(std::string_view kw1, std::string_view kw2);
  bool accept_punct(char c);
  bool expect(std::string_view kw);
  bool expect_punct(char c);
  bool unexpected(std::string_view expected);
  bool fail(const Token& at, const std::string& message);
  bool fail_depth(const Token& at);
  std::string slice(size_t first_token, size_t end_token) const;  // source text of [first, end)

  // ---- generic pieces ---------------------------------------------------------------------
  bool identifier(std::string& out, std::string_view what);
  bool table_name(TableName& out);
  bool charset_name(std::string& out);
  bool skip_balanced();             // cur() is '(' (or '[' / '{'): skip to after the match
  bool skip_to_end();               // consume the rest, checking brackets balance
  bool skip_value();                // one option value: literal, word, (list), signed number
  bool user_name();                 // 'u'@'h', u@h, CURRENT_USER[()]
  bool if_not_exists();
  bool if_exists();
  bool number(uint64_t& out, std::string_view what);
  bool string_literal(std::string& out, std::string_view what);

  // ---- statements -------------------------------------------------------------------------
  bool statement(Statement& out);
  bool view_routine_prefix();       // CREATE/ALTER ... ALGORITHM=, DEFINER=, SQL SECURITY
  bool create(Statement& out);
  bool create_table(Statement& out, bool or_replace, bool temporary);
  bool create_index(Statement& out, IndexKind kind);
  bool create_database(Statement& out, bool or_replace);
  bool alter(Statement& out);
  bool alter_table(Statement& out);
  bool alter_database(Statement& out);
  bool drop(Statement& out);
  bool rename(Statement& out);
  bool truncate(Statement& out);
  bool use(Statement& out);
  bool other(Statement& out, std::string label);

  bool database_options(std::string& charset, std::string& collation);
  bool table_options(TableOptions& options);
  bool table_option(TableOptions& options, bool& matched);
  bool partition_clause();          // PARTITION BY ...: skipped structurally
  bool create_definitions(CreateTable& table);
  bool is_constraint_start() const;
  bool table_constraint(IndexDefinition& out);
  bool key_parts(std::vector<KeyPart>& out);
  bool index_options(bool allow_algorithm_lock);
  bool index_name_and_type(IndexDefinition& out);
  bool reference_definition(IndexDefinition* fk);
  bool check_constraint_tail();

  bool column_definition(ColumnDefinition& out);
  bool data_type(DataType& out);
  bool type_attributes(DataType& out);
  bool column_attributes(ColumnDefinition& out);
  bool default_value(ColumnDefinition& out);
  bool temporal_function(std::string& out, bool& matched);
  bool generated_column(ColumnDefinition& out);
  bool enum_values(std::vector<std::string>& out);

  bool alter_spec(AlterTable& alter, bool& stop);
  bool alter_add(AlterTable& alter, bool& stop);
  bool alter_drop(AlterTable& alter, bool& stop);
  bool placement(AlterSpec& spec);

  const ParserOptions& opt_;
  std::string_view sql_;
  const std::vector<Token>& toks_;
  size_t pos_ = 0;
  cdc::Error error_;
  bool failed_ = false;
};

}  // namespace schema_history
