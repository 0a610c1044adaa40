// Java .properties files (java.util.Properties#load semantics) parsed into a ConfigMap.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "connect_runtime/connector.h"

namespace connect_runtime {

// Parses properties text: `key=value`, `key: value`, `key value`; `#`/`!` comment lines; blank
// lines; a line ending in an odd number of backslashes continues on the next line (whose leading
// whitespace is dropped); escapes \t \n \r \f \uXXXX (UTF-16, surrogate pairs combined, written
// as UTF-8) and `\x` -> `x`. Whitespace before a key and around the separator is dropped;
// trailing whitespace of a value is kept, as Java keeps it. Later duplicates win. Bytes are taken
// as UTF-8 (Java's Properties#load(InputStream) would read ISO-8859-1).
// Errors name `source_name` and the line, e.g. "worker.properties:12: malformed \uXXXX escape".
cdc::Result<ConfigMap> parse_properties(std::string_view text, std::string_view source_name);

// Reads and parses a file; a missing/unreadable file is an error naming the path.
cdc::Result<ConfigMap> load_properties_file(const std::string& path);

}  // namespace connect_runtime
