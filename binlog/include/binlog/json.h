// MySQL binary JSON (the storage format of JSON columns in row images) to JSON text, and the
// JSON diffs of PARTIAL_UPDATE_ROWS (binlog_row_value_options=PARTIAL_JSON). Pure functions:
// bytes in, text or an error out; no allocation from an unchecked length, bounded recursion.
// Included by binlog/binlog.h.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace binlog {

// How JSON text is laid out. Values are always rendered as MySQL renders them (see
// json_binary.cpp): integers, doubles as MySQL's my_gcvt prints them (1.0, 1e30, 0.0001),
// DECIMAL as a number with its scale ("9.00"), DATE/DATETIME/TIMESTAMP/TIME as quoted strings
// with 6 fractional digits for the last three, other opaque values as "base64:type<N>:<data>".
enum class JsonFormat : uint8_t {
  compact,   // {"a":1,"b":[true,null]}  (assets' EXPECTED.md, Debezium's separators)
  mysql,     // {"a": 1, "b": [true, null]}  (JSON_EXTRACT / CAST(... AS CHAR) / mysql client)
  debezium,  // compact, with scalars as Debezium's binlog reader prints them (the strings its
             // io.debezium.data.Json fields carry): "2015-01-15 23:24:25.12" (fraction without
             // trailing zeros), opaque values other than DECIMAL/temporal as plain base64
             // ("yv4="), doubles as Java prints them (1.0, 3.14, 18446744073709551616 for 2^64
             // where MySQL prints 1.8446744073709552e19), \u00XX escapes in upper case.
};

// Appends the JSON text of a binary JSON document (a JSON column value as found in a row image,
// `Value::bytes`) to `out`. An empty document is `null` (what MySQL reads for an empty JSON
// field). Errors (Errc::malformed / Errc::truncated) name the byte offset in the document;
// `out` may then hold a partial text.
cdc::Result<void> json_binary_to_text(std::string_view bytes, std::string& out,
                                      JsonFormat format = JsonFormat::compact);

// One operation of a PARTIAL_UPDATE_ROWS JSON diff.
enum class JsonDiffOp : uint8_t { replace = 0, insert = 1, remove = 2 };

struct JsonDiff {
  JsonDiffOp op = JsonDiffOp::replace;
  std::string_view path;   // MySQL JSON path text, e.g. `$.a[2]`, `$."key with space"`
  std::string_view value;  // binary JSON of the new value; empty for remove
};

// Splits a JSON diff list (`Value::bytes` of a column with `Value::json_diff`) into its
// operations. Layout: per diff, 1 byte operation, packed path length, path, and unless the
// operation is remove, packed value length and the binary JSON value. Views point into `diff`.
cdc::Result<std::vector<JsonDiff>> decode_json_diff(std::string_view diff);

// Applies a JSON diff list to the before-image document (binary JSON) and writes the full
// after-image document as text to `after_text` (replacing its content). Semantics are MySQL's
// (apply_json_diffs): replace needs an existing target; insert adds an object member
// (replacing an existing one) or inserts into an array at the index (appending past the end);
// remove needs an existing target. A diff that cannot apply is Errc::malformed naming the
// diff's index and path.
cdc::Result<void> apply_json_diff(std::string_view before_binary, std::string_view diff,
                                  std::string& after_text,
                                  JsonFormat format = JsonFormat::compact);

}  // namespace binlog
