// Character-set facts from the MySQL and MariaDB manuals (SHOW CHARACTER SET).
#include "charsets.h"

namespace schema_history {
namespace {

struct CharsetFact {
  std::string_view name;
  std::string_view default_collation;
  uint32_t max_bytes;
};

constexpr CharsetFact kCharsets[] = {
    {"armscii8", "armscii8_general_ci", 1}, {"ascii", "ascii_general_ci", 1},
    {"big5", "big5_chinese_ci", 2},         {"binary", "binary", 1},
    {"cp1250", "cp1250_general_ci", 1},     {"cp1251", "cp1251_general_ci", 1},
    {"cp1256", "cp1256_general_ci", 1},     {"cp1257", "cp1257_general_ci", 1},
    {"cp850", "cp850_general_ci", 1},       {"cp852", "cp852_general_ci", 1},
    {"cp866", "cp866_general_ci", 1},       {"cp932", "cp932_japanese_ci", 2},
    {"dec8", "dec8_swedish_ci", 1},         {"eucjpms", "eucjpms_japanese_ci", 3},
    {"euckr", "euckr_korean_ci", 2},        {"gb18030", "gb18030_chinese_ci", 4},
    {"gb2312", "gb2312_chinese_ci", 2},     {"gbk", "gbk_chinese_ci", 2},
    {"geostd8", "geostd8_general_ci", 1},   {"greek", "greek_general_ci", 1},
    {"hebrew", "hebrew_general_ci", 1},     {"hp8", "hp8_english_ci", 1},
    {"keybcs2", "keybcs2_general_ci", 1},   {"koi8r", "koi8r_general_ci", 1},
    {"koi8u", "koi8u_general_ci", 1},       {"latin1", "latin1_swedish_ci", 1},
    {"latin2", "latin2_general_ci", 1},     {"latin5", "latin5_turkish_ci", 1},
    {"latin7", "latin7_general_ci", 1},     {"macce", "macce_general_ci", 1},
    {"macroman", "macroman_general_ci", 1}, {"sjis", "sjis_japanese_ci", 2},
    {"swe7", "swe7_swedish_ci", 1},         {"tis620", "tis620_thai_ci", 1},
    {"ucs2", "ucs2_general_ci", 2},         {"ujis", "ujis_japanese_ci", 3},
    {"utf16", "utf16_general_ci", 4},       {"utf16le", "utf16le_general_ci", 4},
    {"utf32", "utf32_general_ci", 4},       {"utf8", "utf8_general_ci", 3},
    {"utf8mb3", "utf8mb3_general_ci", 3},   {"utf8mb4", "utf8mb4_general_ci", 4},
};

const CharsetFact* find(std::string_view name) {
  for (const auto& c : kCharsets) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

}  // namespace

uint32_t charset_max_bytes(std::string_view charset) {
  const CharsetFact* f = find(charset);
  return f != nullptr ? f->max_bytes : 1;
}

std::string charset_of_collation(std::string_view collation) {
  if (collation == "binary") return "binary";
  const size_t us = collation.find('_');
  return std::string(us == std::string_view::npos ? collation : collation.substr(0, us));
}

bool is_default_collation(std::string_view charset, std::string_view collation) {
  if (collation.empty()) return true;
  const CharsetFact* f = find(charset);
  if (f == nullptr) return false;
  if (collation == f->default_collation) return true;
  // MySQL 8 and MariaDB 11.5+ changed the utf8mb4 default; all of them mean "the default".
  if (charset == "utf8mb4") {
    return collation == "utf8mb4_0900_ai_ci" || collation == "utf8mb4_uca1400_ai_ci";
  }
  if (charset == "utf8") return collation == "utf8mb3_general_ci";
  if (charset == "utf8mb3") return collation == "utf8_general_ci";
  return false;
}

bool is_string_type(std::string_view t) {
  return t == "CHAR" || t == "VARCHAR" || t == "TINYTEXT" || t == "TEXT" || t == "MEDIUMTEXT" ||
         t == "LONGTEXT" || t == "ENUM" || t == "SET";
}

}  // namespace schema_history
