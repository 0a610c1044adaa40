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

std::string hex(std::string_view h) {
  std::string out;
  for (size_t i = 0; i + 1 < h.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

// Byte strings produced by Python's codecs (`text.encode(codec)`), decoded back to UTF-8.
TEST(Charset, EastAsianMultiByte) {
  struct Case {
    uint16_t collation;
    const char* bytes_hex;
    const char* utf8;
  };
  const Case cases[] = {
      {28, "d6d0cec4a3acb2e2cad4", "中文，测试"},                     // gbk_chinese_ci
      {24, "d6d0cec4b2e2cad4", "中文测试"},                           // gb2312_chinese_ci
      {248, "d6d0cec4a2e3a8a69439fc36a3a0", "中文€é😀\ue5e5"},       // gb18030: 2 and 4 bytes
      {248, "81308436813089388132ce398431a439", "¥ß\u0e01\uffff"},  // gb18030 BMP four-byte
      {248, "e3329a35", "\U0010ffff"},
      {1, "a4a4a4e5b4fab8d5", "中文測試"},                            // big5_chinese_ci
      {13, "93fa967b8ceac3bdc4", "日本語ﾃｽﾄ"},                        // sjis_japanese_ci
      {95, "93fa967b8cea8740878a", "日本語①㈱"},                      // cp932_japanese_ci
      {12, "c6fccbdcb8ec8ec38ebd8ec48fb0a1", "日本語ﾃｽﾄ丂"},          // ujis (0208, kana, 0212)
      {97, "c6fccbdcb8ec", "日本語"},                                 // eucjpms_japanese_ci
      {19, "c7d1b1b9beee", "한국어"},                                 // euckr_korean_ci
      {19, "8c63b9e6b0a2c7cf", "똠방각하"},                           // euckr, UHC extension
  };
  for (const auto& c : cases) {
    bool ok = false;
    EXPECT_EQ(conv(hex(c.bytes_hex), c.collation, &ok), c.utf8) << c.collation << " " << c.bytes_hex;
    EXPECT_TRUE(ok) << c.collation << " " << c.bytes_hex;
  }
  // NO PAD / other collations of the same charsets.
  EXPECT_EQ(conv(hex("d6d0cec4"), 87), "中文");         // gbk_bin
  EXPECT_EQ(conv(hex("d6d0cec4"), 1024 + 28), "中文");  // MariaDB gbk_chinese_nopad_ci
}

TEST(Charset, EastAsianInvalidBytesAreReplaced) {
  bool ok = true;
  // gbk: a lead byte at the end, 0x80, a bad trail byte (ASCII after it survives).
  EXPECT_EQ(conv(hex("61d6"), 28, &ok), "a\xef\xbf\xbd");
  EXPECT_FALSE(ok);
  EXPECT_EQ(conv(hex("8061"), 28), "\xef\xbf\xbd" "a");
  EXPECT_EQ(conv(hex("d63061"), 28), "\xef\xbf\xbd" "0a");
  // sjis: the NEC extension ① exists in cp932 only.
  EXPECT_EQ(conv(hex("8740"), 95), "①");
  EXPECT_EQ(conv(hex("8740"), 13, &ok), "\xef\xbf\xbd");
  EXPECT_FALSE(ok);
  // gb18030: a truncated four-byte code, and one past U+10FFFF.
  EXPECT_EQ(conv(hex("8130"), 248), "\xef\xbf\xbd" "0");
  EXPECT_EQ(conv(hex("e3329a36"), 248, &ok), "\xef\xbf\xbd");
  EXPECT_FALSE(ok);
  // ujis: 8F with one trail byte.
  EXPECT_EQ(conv(hex("8fb0"), 12), "\xef\xbf\xbd\xef\xbf\xbd");
  // big5: unmapped but well-formed code.
  EXPECT_EQ(conv(hex("a3e1"), 1, &ok), "\xef\xbf\xbd");
  EXPECT_FALSE(ok);
}

TEST(Charset, CharsetsWithoutConverterPassAscii) {
  bool ok = true;
  EXPECT_EQ(conv("ab\xb0", 3, &ok), "ab\xef\xbf\xbd");  // dec8
  EXPECT_FALSE(ok);
}

}  // namespace
}  // namespace binlog
