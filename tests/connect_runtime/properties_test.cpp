#include <fstream>

#include <gtest/gtest.h>

#include "connect_runtime/properties.h"
#include "test_support.h"

using connect_runtime::ConfigMap;
using connect_runtime::load_properties_file;
using connect_runtime::parse_properties;

namespace {

ConfigMap parse_ok(std::string_view text) {
  auto r = parse_properties(text, "test.properties");
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : ConfigMap{};
}

TEST(Properties, SeparatorsAndWhitespace) {
  auto m = parse_ok(
      "a=1\n"
      "b: 2\n"
      "c 3\n"
      "   d   =   4\n"
      "\te\t:\t5\n"
      "f\t\t6\n"
      "g = = 7\n"
      "h==8\n"
      "i\n"
      "j=\n"
      "k = trailing   \n");
  EXPECT_EQ(m.at("a"), "1");
  EXPECT_EQ(m.at("b"), "2");
  EXPECT_EQ(m.at("c"), "3");
  EXPECT_EQ(m.at("d"), "4");
  EXPECT_EQ(m.at("e"), "5");
  EXPECT_EQ(m.at("f"), "6");
  EXPECT_EQ(m.at("g"), "= 7");  // only one separator is consumed, as in Java
  EXPECT_EQ(m.at("h"), "=8");
  EXPECT_EQ(m.at("i"), "");
  EXPECT_EQ(m.at("j"), "");
  EXPECT_EQ(m.at("k"), "trailing   ");  // Java keeps trailing whitespace of values
  EXPECT_EQ(m.size(), 11u);
}

TEST(Properties, CommentsAndBlankLines) {
  auto m = parse_ok(
      "# comment\n"
      "! also a comment\n"
      "   # indented comment\n"
      "\n"
      "   \n"
      "key=value # not a comment\n"
      "#comment ending in backslash \\\n"
      "next=1\n");
  EXPECT_EQ(m.at("key"), "value # not a comment");
  EXPECT_EQ(m.at("next"), "1");  // a comment line never continues
  EXPECT_EQ(m.size(), 2u);
}

TEST(Properties, LineContinuation) {
  auto m = parse_ok(
      "fruits = apple, banana, \\\n"
      "         pear, \\\n"
      "    cantaloupe\n"
      "two\\\\=x\n"
      "three=a\\\\\\\n"
      "  b\n"
      "last=end\\");
  EXPECT_EQ(m.at("fruits"), "apple, banana, pear, cantaloupe");
  EXPECT_EQ(m.at("two\\"), "x");        // even number of backslashes: escaped backslash, no continuation
  EXPECT_EQ(m.at("three"), "a\\b");     // \\ then continuation
  EXPECT_EQ(m.at("last"), "end");       // trailing backslash at end of file is dropped
}

TEST(Properties, ContinuationOntoBlankLineEnds) {
  auto m = parse_ok("a=x\\\n\nb=y\n");
  EXPECT_EQ(m.at("a"), "x");
  EXPECT_EQ(m.at("b"), "y");
}

TEST(Properties, ContinuationLineStartingWithHashIsContent) {
  auto m = parse_ok("a=x\\\n  #y\n");
  EXPECT_EQ(m.at("a"), "x#y");
}

TEST(Properties, LineEndings) {
  auto m = parse_ok("a=1\r\nb=2\rc=3\nd=4\\\r\n  5");
  EXPECT_EQ(m.at("a"), "1");
  EXPECT_EQ(m.at("b"), "2");
  EXPECT_EQ(m.at("c"), "3");
  EXPECT_EQ(m.at("d"), "45");
}

TEST(Properties, Escapes) {
  auto m = parse_ok(
      "tab=a\\tb\n"
      "nl=a\\nb\n"
      "cr=a\\rb\n"
      "ff=a\\fb\n"
      "bs=a\\\\b\n"
      "other=\\q\\=\\:\\ \n"
      "key\\ with\\ spaces = v\n"
      "key\\=eq=v2\n"
      "key\\:colon=v3\n"
      "uni=\\u00e9\\u20AC\n"
      "pair=\\uD83D\\uDE00\n"
      "utf8=caf\xC3\xA9\n");
  EXPECT_EQ(m.at("tab"), "a\tb");
  EXPECT_EQ(m.at("nl"), "a\nb");
  EXPECT_EQ(m.at("cr"), "a\rb");
  EXPECT_EQ(m.at("ff"), "a\fb");
  EXPECT_EQ(m.at("bs"), "a\\b");
  EXPECT_EQ(m.at("other"), "q=: ");
  EXPECT_EQ(m.at("key with spaces"), "v");
  EXPECT_EQ(m.at("key=eq"), "v2");
  EXPECT_EQ(m.at("key:colon"), "v3");
  EXPECT_EQ(m.at("uni"), "\xC3\xA9\xE2\x82\xAC");
  EXPECT_EQ(m.at("pair"), "\xF0\x9F\x98\x80");
  EXPECT_EQ(m.at("utf8"), "caf\xC3\xA9");
}

TEST(Properties, LaterDuplicatesWinAndBomIsSkipped) {
  auto m = parse_ok("\xEF\xBB\xBF" "a=1\na=2\n");
  EXPECT_EQ(m.at("a"), "2");
  EXPECT_EQ(m.size(), 1u);
}

TEST(Properties, MalformedUnicodeEscapeNamesFileAndLine) {
  auto r = parse_properties("a=1\nb=2\nc=\\u12G4\n", "worker.properties");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("worker.properties:3"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("\\uXXXX"), std::string::npos) << r.error().message;

  auto truncated = parse_properties("x=\\u12", "f.properties");
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.error().message.find("f.properties:1"), std::string::npos);
}

TEST(Properties, ErrorOnContinuationLineNamesThatLine) {
  auto r = parse_properties("a=1\nb=x\\\n  y\\\n  \\uZZZZ\n", "w.properties");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("w.properties:4"), std::string::npos) << r.error().message;
}

TEST(Properties, UnpairedSurrogateIsAnError) {
  auto r = parse_properties("a=\\uD83D\n", "s.properties");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("s.properties:1"), std::string::npos);
  EXPECT_NE(r.error().message.find("surrogate"), std::string::npos);
}

TEST(Properties, LoadFile) {
  testing_support::TempDir dir;
  std::string path = dir.file("worker.properties");
  {
    std::ofstream out(path);
    out << "bootstrap.servers=localhost:9092\n# c\noffset.storage.file.filename=/tmp/x\n";
  }
  auto r = load_properties_file(path);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->at("bootstrap.servers"), "localhost:9092");
  EXPECT_EQ(r->size(), 2u);

  auto missing = load_properties_file(dir.file("nope.properties"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("nope.properties"), std::string::npos);
  EXPECT_NE(missing.error().message.find("No such file"), std::string::npos);

  auto directory = load_properties_file(dir.path.string());
  ASSERT_FALSE(directory.ok());
}

}  // namespace
