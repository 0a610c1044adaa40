// Character-set facts the catalog needs: bytes per character, default collations, and the
// character set a collation belongs to. Names are lower case.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace schema_history {

// Maximum bytes per character; 1 for unknown names (as for single-byte charsets).
uint32_t charset_max_bytes(std::string_view charset);

// The character set of a collation name ("utf8mb4_bin" -> "utf8mb4", "binary" -> "binary").
std::string charset_of_collation(std::string_view collation);

// Whether `collation` is (one of) the server defaults for `charset`: such a collation is not
// recorded, exactly as SHOW CREATE TABLE leaves it out.
bool is_default_collation(std::string_view charset, std::string_view collation);

// A string type: has a character set (CHAR, VARCHAR, *TEXT, ENUM, SET).
bool is_string_type(std::string_view type_name);

}  // namespace schema_history
