// East Asian multi-byte character sets -> UTF-8 (tables generated from Python's codecs by
// tools/gen_cjk_tables.py into charset_cjk_tables.inc).
#pragma once

#include <string>
#include <string_view>

namespace binlog::detail {

// Appends `bytes` of charset `charset` ("gbk", "gb2312", "gb18030", "big5", "sjis", "cp932",
// "ujis", "eucjpms", "euckr") as UTF-8, invalid or unmapped characters as U+FFFD (and returns
// false then). For any other charset name it sets `handled` = false and appends nothing.
bool append_cjk(std::string& out, std::string_view bytes, std::string_view charset, bool& handled);

}  // namespace binlog::detail
