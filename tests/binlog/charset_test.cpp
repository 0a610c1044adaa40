// Collation ids -> charset names, and append_utf8 conversions.
#include <gtest/gtest.h>

#include "binlog/binlog.h"

namespace binlog {
namespace {

TEST(Charset, Names) {
  EXPECT_EQ(charset_name(8), "latin1");
  EXPECT_EQ(charset_name(47), "latin1");
  EXPECT_EQ(charset_name(11), "ascii");
  EXPECT_EQ(charset_name(33), "utf8mb3");
  EXPECT_EQ(charset_name(83), "utf8mb3");
  EXPECT_EQ(charset_name(192), "utf8mb3");
  EXPECT_EQ(charset_name(215), "utf8mb3");
  EXPECT_EQ(charset_name(223), "utf8mb3");
  EXPECT_EQ(charset_name(45), "utf8mb4");
  EXPECT_EQ(charset_name(46), "utf8mb4");
  EXPECT_EQ(charset_name(224), "utf8mb4");
  EXPECT_EQ(charset_name(247), "utf8mb4");
  EXPECT_EQ(charset_name(255), "utf8mb4");
  EXPECT_EQ(charset_name(309), "utf8mb4");
  EXPECT_EQ(charset_name(323), "utf8mb4");
  EXPECT_EQ(charset_name(63), "binary");
  EXPECT_EQ(charset_name(35), "ucs2");
  EXPECT_EQ(charset_name(54), "utf16");
  EXPECT_EQ(charset_name(56), "utf16le");
  EXPECT_EQ(charset_name(60), "utf32");
  EXPECT_EQ(charset_name(51), "cp1251");
  EXPECT_EQ(charset_name(248), "gb18030");
  // MariaDB
  EXPECT_EQ(charset_name(1057), "utf8mb3");  // utf8mb3_general_nopad_ci
  EXPECT_EQ(charset_name(1069), "utf8mb4");  // utf8mb4_general_nopad_ci
  EXPECT_EQ(charset_name(608), "utf8mb4");   // utf8mb4_croatian_mysql561_ci
  EXPECT_EQ(charset_name(2304), "utf8mb4");  // utf8mb4_uca1400_ai_ci
  EXPECT_EQ(charset_name(2048), "utf8mb3");  // utf8mb3_uca1400_ai_ci
  EXPECT_EQ(charset_name(2816), "utf16");
  // unknown
  EXPECT_EQ(charset_name(0), "");
  EXPECT_EQ(charset_name(17), "");
  EXPECT_EQ(charset_name(400), "");
  EXPECT_EQ(charset_name(1087), "");  // no NO PAD binary
  EXPECT_EQ(charset_name(5000), "");
}

std::string conv(std::string_view in, uint16_t id, bool* ok = nullptr) {
  std::string out = "[";
  const bool r = append_utf8(out, in, id);
  if (ok) *ok = r;
  return out.substr(1);
}

TEST(Charset, Latin1IsCp1252) {
  bool ok = false;
  EXPECT_EQ(conv("caf\xe9", 8, &ok), "caf\xc3\xa9");
  EXPECT_TRUE(ok);
  EXPECT_EQ(conv("\x80", 8), "\xe2\x82\xac");  // euro sign
  EXPECT_EQ(conv("\x81", 8), "\xc2\x81");      // undefined in cp1252: U+0081 as MySQL does
  EXPECT_EQ(conv("\x9f", 8), "\xc5\xb8");      // Y with diaeresis
}

TEST(Charset, Cp1251AndAscii) {
  EXPECT_EQ(conv("\xcf\xf0\xe8", 51), "\xd0\x9f\xd1\x80\xd0\xb8");  // "При"
  bool ok = true;
  EXPECT_EQ(conv("a\xff", 11, &ok), "a\xef\xbf\xbd");
  EXPECT_FALSE(ok);
}

TEST(Charset, Utf8ValidationAndReplacement) {
  bool ok = false;
  EXPECT_EQ(conv("h\xc3\xa9 \xf0\x9f\x98\x80", 45, &ok), "h\xc3\xa9 \xf0\x9f\x98\x80");
  EXPECT_TRUE(ok);
  EXPECT_EQ(conv("a\xc3", 45, &ok), "a\xef\xbf\xbd");
  EXPECT_FALSE(ok);
  EXPECT_EQ(conv("\xed\xa0\x80", 33, &ok), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");  // surrogate
  EXPECT_FALSE(ok);
  EXPECT_EQ(conv("\xc0\xaf", 45), "\xef\xbf\xbd\xef\xbf\xbd");  // overlong
  EXPECT_EQ(conv("plain", 0, &ok), "plain");  // unknown collation: read as UTF-8
  EXPECT_TRUE(ok);
  EXPECT_EQ(conv("\xc3\xa9", 63), "\xc3\xa9");  // binary: valid UTF-8 passes
}

TEST(Charset, WideCharsets) {
  bool ok = false;
  EXPECT_EQ(conv(std::string_view("\x00\x41\x04\x1f", 4), 35, &ok), "A\xd0\x9f");  // ucs2
  EXPECT_TRUE(ok);
  EXPECT_EQ(conv(std::string_view("\xd8\x3d\xde\x00", 4), 54, &ok), "\xf0\x9f\x98\x80");  // utf16
  EXPECT_TRUE(ok);
  EXPECT_EQ(conv(std::string_view("\x3d\xd8\x00\xde", 4), 56), "\xf0\x9f\x98\x80");  // utf16le
  EXPECT_EQ(conv(std::string_view("\x00\x01\xf6\x00", 4), 60), "\xf0\x9f\x98\x80");  // utf32
  EXPECT_EQ(conv(std::string_view("\x00\x41\x00", 3), 35, &ok), "A\xef\xbf\xbd");   // odd byte
  EXPECT_FALSE(ok);
  EXPECT_EQ(conv(std::string_view("\xd8\x3d\x00\x41", 4), 54, &ok), "\xef\xbf\xbd" "A");  // lone high
  EXPECT_FALSE(ok);
  EXPECT_EQ(conv(std::string_view("\x00\x11\x00\x00", 4), 60, &ok), "\xef\xbf\xbd");  // > U+10FFFF
  EXPECT_FALSE(ok);
}

TEST(Charset, UnsupportedMultiByteCharsetPassesAscii) {
  bool ok = true;
  EXPECT_EQ(conv("ab\xb0\xa1", 28, &ok), "ab\xef\xbf\xbd\xef\xbf\xbd");  // gbk
  EXPECT_FALSE(ok);
}

}  // namespace
}  // namespace binlog
