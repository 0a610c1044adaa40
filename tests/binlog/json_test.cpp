// MySQL binary JSON -> text and PARTIAL_JSON diffs, on documents built by json_builder.h.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <limits>

#include "binlog/binlog.h"
#include "json_builder.h"

namespace binlog::test {
namespace {

std::string text(const std::string& doc, JsonFormat f = JsonFormat::compact) {
  std::string out;
  auto r = json_binary_to_text(doc, out, f);
  EXPECT_TRUE(r.ok()) << r.error().message;
  return out;
}
std::string text(const J& j, JsonFormat f = JsonFormat::compact) { return text(jdoc(j), f); }

cdc::Error error_of(const std::string& doc) {
  std::string out;
  auto r = json_binary_to_text(doc, out);
  EXPECT_FALSE(r.ok()) << out;
  return r.ok() ? cdc::Error{} : r.error();
}

int64_t packed_datetime(int y, int mo, int d, int h, int mi, int s, int us) {
  const int64_t ymd = ((static_cast<int64_t>(y) * 13 + mo) << 5) | d;
  const int64_t hms = (h << 12) | (mi << 6) | s;
  return (((ymd << 17) | hms) << 24) + us;
}
int64_t packed_time(bool neg, int h, int mi, int s, int us) {
  const int64_t v = ((static_cast<int64_t>(h) << 12 | (mi << 6) | s) << 24) + us;
  return neg ? -v : v;
}
std::string le8(int64_t v) {
  std::string b;
  jput(b, static_cast<uint64_t>(v), 8);
  return b;
}

TEST(JsonBinary, Scalars) {
  EXPECT_EQ(text(J::null()), "null");
  EXPECT_EQ(text(J::boolean(true)), "true");
  EXPECT_EQ(text(J::boolean(false)), "false");
  EXPECT_EQ(text(J::int16(-5)), "-5");
  EXPECT_EQ(text(J::uint16(65535)), "65535");
  EXPECT_EQ(text(J::int32(INT32_MIN)), "-2147483648");
  EXPECT_EQ(text(J::uint32(UINT32_MAX)), "4294967295");
  EXPECT_EQ(text(J::int64(INT64_MIN)), "-9223372036854775808");
  EXPECT_EQ(text(J::uint64(UINT64_MAX)), "18446744073709551615");
  EXPECT_EQ(text(J::string("scalar string")), "\"scalar string\"");
  EXPECT_EQ(text(std::string()), "null");  // empty JSON field
}

TEST(JsonBinary, DoublesAsMysqlPrintsThem) {
  struct Case {
    double d;
    const char* want;
  };
  const Case cases[] = {
      {1.0, "1.0"},
      {3.14, "3.14"},
      {-2.5, "-2.5"},
      {0.0, "0.0"},
      {-0.0, "-0.0"},
      {0.1 + 0.2, "0.30000000000000004"},
      {1e14, "100000000000000.0"},
      {1e15, "1e15"},
      {1234567890123456.7, "1234567890123456.8"},
      {1.2345678901234568e17, "1.2345678901234568e17"},
      {1e30, "1e30"},
      {0.0001, "0.0001"},
      {1e-15, "0.000000000000001"},
      {1e-16, "1e-16"},
      {1.5e-20, "1.5e-20"},
      {-1.5e300, "-1.5e300"},
      {std::numeric_limits<double>::max(), "1.7976931348623157e308"},
      {5e-324, "5e-324"},
  };
  for (const auto& c : cases) EXPECT_EQ(text(J::number(c.d)), c.want) << c.d;
  std::string nan = jdoc(J::number(std::nan("")));
  EXPECT_NE(error_of(nan).message.find("finite"), std::string::npos);
}

TEST(JsonBinary, StringEscapes) {
  EXPECT_EQ(text(J::string(std::string("a\"b\\c\n\t\r\b\f\x01\x1f\x7f /\xc3\xa9\xf0\x9f\x98\x80", 21))),
            "\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\\u001f\x7f /\xc3\xa9\xf0\x9f\x98\x80\"");
  // A string longer than 127 bytes has a two-byte length.
  const std::string long_text(300, 'x');
  EXPECT_EQ(text(J::string(long_text)), "\"" + long_text + "\"");
}

TEST(JsonBinary, ObjectsAndArraysBothFormats) {
  const J doc = J::obj({{"a", J::int16(1)}, {"b", J::arr({J::boolean(true), J::null()})}});
  EXPECT_EQ(text(doc), R"({"a":1,"b":[true,null]})");
  EXPECT_EQ(text(doc, JsonFormat::mysql), R"({"a": 1, "b": [true, null]})");
  EXPECT_EQ(text(J::obj({})), "{}");
  EXPECT_EQ(text(J::arr({})), "[]");
  EXPECT_EQ(text(J::obj({}), JsonFormat::mysql), "{}");
  EXPECT_EQ(text(J::obj({{"k\"ey", J::string("v")}}), JsonFormat::mysql), R"({"k\"ey": "v"})");
}

TEST(JsonBinary, LargeFormatsAndInlinedValues) {
  // Large containers inline int32/uint32; small ones store them at an offset.
  const J small = J::arr({J::int32(-70000), J::uint32(70000), J::int16(-1), J::uint16(7),
                          J::boolean(false), J::int64(1) , J::uint64(2), J::number(0.5)});
  const J large = J::arr({J::int32(-70000), J::uint32(70000), J::int16(-1), J::uint16(7),
                          J::boolean(false), J::int64(1), J::uint64(2), J::number(0.5)},
                         true);
  EXPECT_EQ(text(small), "[-70000,70000,-1,7,false,1,2,0.5]");
  EXPECT_EQ(text(large), "[-70000,70000,-1,7,false,1,2,0.5]");
  const J obj = J::obj({{"a", J::int32(5)}, {"bb", J::string("x")}, {"ccc", J::arr({}, true)}},
                       true);
  EXPECT_EQ(text(obj, JsonFormat::mysql), R"({"a": 5, "bb": "x", "ccc": []})");
  // A large array with more than 64 KiB of content.
  std::vector<J> many;
  for (int k = 0; k < 5000; ++k) many.push_back(J::string("element-" + std::to_string(k)));
  const std::string big = text(J::arr(many, true));
  EXPECT_EQ(big.substr(0, 24), "[\"element-0\",\"element-1\"");
  EXPECT_EQ(big.substr(big.size() - 15), "\"element-4999\"]");
}

TEST(JsonBinary, Nested) {
  const J doc = J::obj({{"k1", J::string("v1")},
                        {"k2", J::obj({{"k21", J::string("v21")}, {"k22", J::string("v22")}})},
                        {"k3", J::arr({J::string("a"), J::string("b"), J::int16(1)})}});
  EXPECT_EQ(text(doc), R"({"k1":"v1","k2":{"k21":"v21","k22":"v22"},"k3":["a","b",1]})");
  EXPECT_EQ(text(doc, JsonFormat::mysql),
            R"({"k1": "v1", "k2": {"k21": "v21", "k22": "v22"}, "k3": ["a", "b", 1]})");
}

TEST(JsonBinary, OpaqueValues) {
  // DECIMAL: precision, scale, binary decimal.
  EXPECT_EQ(text(J::opaque_of(246, std::string("\x06\x03\x80\x7b\x01\xc8", 6))), "123.456");
  EXPECT_EQ(text(J::opaque_of(246, std::string("\x0b\x02\x80\x00\x00\x09\x00", 7))), "9.00");
  EXPECT_EQ(text(J::opaque_of(246, std::string("\x06\x02\x7b\x2d\xcd", 5))), "-1234.50");
  // Temporal values: 8-byte packed integers.
  EXPECT_EQ(text(J::opaque_of(10, le8(packed_datetime(2012, 3, 18, 0, 0, 0, 0)))), "\"2012-03-18\"");
  EXPECT_EQ(text(J::opaque_of(12, le8(packed_datetime(2012, 3, 18, 11, 30, 45, 0)))),
            "\"2012-03-18 11:30:45.000000\"");
  EXPECT_EQ(text(J::opaque_of(7, le8(packed_datetime(2015, 1, 15, 23, 24, 25, 23700)))),
            "\"2015-01-15 23:24:25.023700\"");
  EXPECT_EQ(text(J::opaque_of(11, le8(packed_time(false, 87, 31, 46, 654321)))),
            "\"87:31:46.654321\"");
  EXPECT_EQ(text(J::opaque_of(11, le8(packed_time(true, 838, 59, 59, 0)))),
            "\"-838:59:59.000000\"");
  EXPECT_EQ(text(J::opaque_of(11, le8(packed_time(false, 1, 2, 3, 4)))), "\"01:02:03.000004\"");
  // VAR_STRING is a plain string; other types print as base64 with their type.
  EXPECT_EQ(text(J::opaque_of(253, "plain")), "\"plain\"");
  EXPECT_EQ(text(J::opaque_of(15, "U")), "\"base64:type15:VQ==\"");
  EXPECT_EQ(text(J::opaque_of(252, "\xca\xfe")), "\"base64:type252:yv4=\"");
  EXPECT_EQ(text(J::opaque_of(252, "\xca\xfe\xba\xbe")), "\"base64:type252:yv66vg==\"");
  EXPECT_EQ(text(J::opaque_of(252, "")), "\"base64:type252:\"");
  // MySQL's base64 breaks lines every 76 characters; the newline is escaped in the string.
  const std::string data(60, 'a');  // 80 base64 characters
  std::string want = "\"base64:type252:";
  for (int k = 0; k < 19; ++k) want += "YWFh";
  want += "\\nYWFh\"";
  EXPECT_EQ(text(J::opaque_of(252, data)), want);
}

// The `expectedBinlogStr` column of Debezium's json_test.sql (assets/ddl-and-cdc-debezium,
// BinlogJsonIT): what Debezium emits for each value, built here as MySQL stores it.
TEST(JsonBinary, DebeziumStringsOfJsonTestSql) {
  auto s = [](const char* v) { return J::string(v); };
  const struct {
    J doc;
    const char* want;
  } cases[] = {
      {J::obj({{"a", J::int16(2)}}), R"({"a":2})"},
      {J::arr({J::int16(1), J::int16(2)}), "[1,2]"},
      {J::obj({{"key1", s("value1")}, {"key2", s("value2")}}), R"({"key1":"value1","key2":"value2"})"},
      {J::arr({s("a"), s("b"), J::int16(1)}), R"(["a","b",1])"},
      {J::obj({{"k1", s("v1")},
               {"k2", J::obj({{"k21", s("v21")}, {"k22", s("v22")}})},
               {"k3", J::arr({s("a"), s("b"), J::int16(1)})}}),
       R"({"k1":"v1","k2":{"k21":"v21","k22":"v22"},"k3":["a","b",1]})"},
      {J::obj({{"a", s("b")}, {"c", s("d")}, {"ab", s("abc")}, {"bc", J::arr({s("x"), s("y")})}}),
       R"({"a":"b","c":"d","ab":"abc","bc":["x","y"]})"},
      {J::arr({s("here"), J::arr({s("I"), s("am")}), s("!!!")}), R"(["here",["I","am"],"!!!"])"},
      {s("scalar string"), R"("scalar string")"},
      {J::boolean(true), "true"},
      {J::boolean(false), "false"},
      {J::null(), "null"},
      {J::int16(-1), "-1"},
      {J::uint16(1), "1"},
      {J::int16(32767), "32767"},
      {J::int32(32768), "32768"},
      {J::int16(-32768), "-32768"},
      {J::int32(2147483647), "2147483647"},
      {J::int64(2147483648), "2147483648"},
      {J::int32(-2147483648LL), "-2147483648"},
      {J::int64(-2147483649LL), "-2147483649"},
      {J::uint64(18446744073709551615ULL), "18446744073709551615"},
      {J::number(18446744073709551616.0), "18446744073709551616"},
      {J::number(3.14), "3.14"},
      {J::obj({}), "{}"},
      {J::arr({}), "[]"},
      {J::opaque_of(12, le8(packed_datetime(2015, 1, 15, 23, 24, 25, 0))), R"("2015-01-15 23:24:25")"},
      {J::opaque_of(12, le8(packed_datetime(2015, 1, 15, 23, 24, 25, 120000))), R"("2015-01-15 23:24:25.12")"},
      {J::opaque_of(12, le8(packed_datetime(2015, 1, 15, 23, 24, 25, 24000))), R"("2015-01-15 23:24:25.024")"},
      {J::opaque_of(11, le8(packed_time(false, 23, 24, 25, 0))), R"("23:24:25")"},
      {J::opaque_of(11, le8(packed_time(false, 23, 24, 25, 120000))), R"("23:24:25.12")"},
      {J::opaque_of(11, le8(packed_time(false, 23, 24, 25, 24000))), R"("23:24:25.024")"},
      {J::opaque_of(10, le8(packed_datetime(2015, 1, 15, 0, 0, 0, 0))), R"("2015-01-15")"},
      {J::opaque_of(7, le8(packed_datetime(2015, 1, 15, 23, 24, 25, 0))), R"("2015-01-15 23:24:25")"},
      {J::opaque_of(7, le8(packed_datetime(2015, 1, 15, 23, 24, 25, 120000))), R"("2015-01-15 23:24:25.12")"},
      {J::opaque_of(7, le8(packed_datetime(2015, 1, 15, 23, 24, 25, 23700))), R"("2015-01-15 23:24:25.0237")"},
      {J::int32(1421364265), "1421364265"},
      {J::obj({{"type", s("Point")}, {"coordinates", J::arr({J::number(1.0), J::number(1.0)})}}),
       R"({"type":"Point","coordinates":[1.0,1.0]})"},
      {J::opaque_of(15, "\xca\xfe"), R"("yv4=")"},
      {J::opaque_of(15, "\xca\xfe\xba\xbe"), R"("yv66vg==")"},
  };
  for (const auto& c : cases) EXPECT_EQ(text(c.doc, JsonFormat::debezium), c.want);
  // MySQL's own text of the values where the two differ.
  EXPECT_EQ(text(J::number(18446744073709551616.0), JsonFormat::mysql), "1.8446744073709552e19");
  EXPECT_EQ(text(J::opaque_of(15, "\xca\xfe"), JsonFormat::mysql), R"("base64:type15:yv4=")");
}

// Debezium's rendering of doubles (Java's Double.toString, or the exact decimal value where
// that would use an exponent) and of control characters.
TEST(JsonBinary, DebeziumDoublesAndEscapes) {
  // Double.toString where it has no exponent, else the exact value of the double.
  EXPECT_EQ(text(J::number(0.001), JsonFormat::debezium), "0.001");
  EXPECT_EQ(text(J::number(9999999.5), JsonFormat::debezium), "9999999.5");
  EXPECT_EQ(text(J::number(1e7), JsonFormat::debezium), "10000000");
  EXPECT_EQ(text(J::number(-1e20), JsonFormat::debezium), "-100000000000000000000");
  EXPECT_EQ(text(J::number(1e-5), JsonFormat::debezium),
            "0.000010000000000000000818030539140313095458623138256371021270751953125");
  EXPECT_EQ(text(J::number(0.5e-3), JsonFormat::debezium), "0.0005000000000000000104083408558608425664715468883514404296875");
  EXPECT_EQ(text(J::number(0.0), JsonFormat::debezium), "0.0");
  EXPECT_EQ(text(J::number(-0.0), JsonFormat::debezium), "-0.0");
  EXPECT_EQ(text(J::number(100.0), JsonFormat::debezium), "100.0");
  EXPECT_EQ(text(J::number(0.1 + 0.2), JsonFormat::debezium), "0.30000000000000004");
  const std::string max = text(J::number(std::numeric_limits<double>::max()), JsonFormat::debezium);
  EXPECT_EQ(max.size(), 309u);
  EXPECT_EQ(max.substr(0, 17), "17976931348623157");
  EXPECT_EQ(text(J::number(5e-324), JsonFormat::debezium).size(), 1076u);  // "0." + 323 zeros + 751 digits
  // Upper-case \u escapes; VAR_STRING opaque as base64 too; long base64 without line breaks.
  EXPECT_EQ(text(J::obj({{"k\x01", J::string("\x1f\n")}}), JsonFormat::debezium),
            "{\"k\\u0001\":\"\\u001F\\n\"}");
  EXPECT_EQ(text(J::opaque_of(253, "ab"), JsonFormat::debezium), "\"YWI=\"");
  EXPECT_EQ(text(J::opaque_of(252, std::string(60, 'a')), JsonFormat::debezium).find('\\'),
            std::string::npos);
  // Negative TIME.
  EXPECT_EQ(text(J::opaque_of(11, le8(packed_time(true, 838, 59, 59, 500000))), JsonFormat::debezium),
            "\"-838:59:59.5\"");
}

TEST(JsonBinary, Errors) {
  // Truncated container header.
  EXPECT_EQ(error_of(std::string("\x00\x01", 2)).code, make_error_code(Errc::truncated));
  // Container size larger than the document.
  std::string doc = jdoc(J::arr({J::string("abc")}));
  doc.resize(doc.size() - 1);
  auto e = error_of(doc);
  EXPECT_EQ(e.code, make_error_code(Errc::truncated));
  EXPECT_NE(e.message.find("byte 1"), std::string::npos) << e.message;
  // Unknown type byte.
  EXPECT_NE(error_of(std::string("\x0d\x00", 2)).message.find("unknown value type 13"),
            std::string::npos);
  // Unknown literal.
  EXPECT_NE(error_of(std::string("\x04\x07", 2)).message.find("literal 7"), std::string::npos);
  // Element count that does not fit.
  EXPECT_EQ(error_of(std::string("\x02\xff\x00\x06\x00\x00\x00", 7)).code,
            make_error_code(Errc::malformed));
  // String length with more than 5 bytes / past the end.
  EXPECT_EQ(error_of(std::string("\x0c\xff\xff\xff\xff\xff\x01", 7)).code,
            make_error_code(Errc::malformed));
  EXPECT_EQ(error_of(std::string("\x0c\x05""ab", 4)).code, make_error_code(Errc::truncated));
  // Wrong DECIMAL and temporal sizes.
  EXPECT_EQ(error_of(jdoc(J::opaque_of(246, std::string("\x06\x03\x80", 3)))).code,
            make_error_code(Errc::malformed));
  EXPECT_EQ(error_of(jdoc(J::opaque_of(12, "1234"))).code, make_error_code(Errc::malformed));
  // A key offset outside its object.
  std::string obj = jdoc(J::obj({{"a", J::int16(1)}}));
  obj[5] = '\x7f';  // key offset
  EXPECT_NE(error_of(obj).message.find("key runs past"), std::string::npos);
}

TEST(JsonBinary, OutputBoundAllowsLongValues) {
  // 200 tiny doubles: 1076 characters each in the Debezium layout (~98x the input); 300
  // control characters: 6 each (\u00XX). Neither is mistaken for overlapping values.
  std::vector<J> doubles(200, J::number(5e-324));
  std::string out;
  ASSERT_TRUE(json_binary_to_text(jdoc(J::arr(doubles)), out, JsonFormat::debezium).ok());
  EXPECT_GT(out.size(), 200u * 1076);
  std::string dom;
  ASSERT_TRUE(apply_json_diff(jdoc(J::arr(doubles)), "", dom, JsonFormat::debezium).ok());
  EXPECT_EQ(dom, out);
  EXPECT_EQ(text(J::arr({J::string(std::string(300, '\x01'))})).size(), 4u + 300u * 6);
}

TEST(JsonBinary, DepthLimit) {
  J deep = J::int16(1);
  for (int k = 0; k < 100; ++k) deep = J::arr({deep});
  EXPECT_EQ(text(deep).size(), 201u);  // 100 levels: what MySQL allows
  deep = J::arr({deep});
  EXPECT_NE(error_of(jdoc(deep)).message.find("nested deeper than 100"), std::string::npos);
}

TEST(JsonBinary, SharedValuesCannotExplode) {
  // Every level is an array of 2 entries pointing at the same child: 2^90 leaves if printed.
  // value entries: type 0x02 (small array), offset 10 (right after this 10-byte header).
  std::string doc(1, '\x02');
  const int levels = 90;
  for (int k = 0; k < levels; ++k) {
    const size_t size = 10 + 10 * static_cast<size_t>(levels - k - 1) + 4;
    std::string node;
    jput(node, 2, 2);
    jput(node, size, 2);
    for (int e = 0; e < 2; ++e) {
      node.push_back('\x02');
      jput(node, 10, 2);
    }
    doc += node;
  }
  doc += std::string("\x00\x00\x04\x00", 4);  // innermost: an empty array
  const auto start = std::chrono::steady_clock::now();
  auto e = error_of(doc);
  EXPECT_NE(e.message.find("overlap"), std::string::npos) << e.message;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

// ---- diffs -----------------------------------------------------------------------------------

void put_packed_len(std::string& b, size_t n) {
  if (n < 251) {
    b.push_back(static_cast<char>(n));
  } else {
    b.push_back(static_cast<char>(252));
    jput(b, n, 2);
  }
}

std::string diff_entry(JsonDiffOp op, std::string_view path, const std::string& value = {}) {
  std::string b;
  b.push_back(static_cast<char>(op));
  put_packed_len(b, path.size());
  b.append(path);
  if (op != JsonDiffOp::remove) {
    put_packed_len(b, value.size());
    b += value;
  }
  return b;
}

std::string apply_text(const J& before, const std::string& diff, JsonFormat f = JsonFormat::compact) {
  std::string out;
  auto r = apply_json_diff(jdoc(before), diff, out, f);
  EXPECT_TRUE(r.ok()) << r.error().message;
  return out;
}

cdc::Error apply_error(const J& before, const std::string& diff) {
  std::string out;
  auto r = apply_json_diff(jdoc(before), diff, out);
  EXPECT_FALSE(r.ok()) << out;
  return r.ok() ? cdc::Error{} : r.error();
}

TEST(JsonDiff, DecodesOperations) {
  const std::string d = diff_entry(JsonDiffOp::replace, "$.a", jdoc(J::int16(2))) +
                        diff_entry(JsonDiffOp::insert, "$.b[1]", jdoc(J::string("x"))) +
                        diff_entry(JsonDiffOp::remove, "$.c");
  auto r = decode_json_diff(d);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].op, JsonDiffOp::replace);
  EXPECT_EQ((*r)[0].path, "$.a");
  EXPECT_EQ((*r)[0].value, jdoc(J::int16(2)));
  EXPECT_EQ((*r)[1].op, JsonDiffOp::insert);
  EXPECT_EQ((*r)[1].path, "$.b[1]");
  EXPECT_EQ((*r)[2].op, JsonDiffOp::remove);
  EXPECT_TRUE((*r)[2].value.empty());
  EXPECT_TRUE(decode_json_diff("")->empty());
  // Bad operation, truncated path, truncated value.
  auto bad = decode_json_diff(std::string("\x03\x01$", 3));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("operation 3"), std::string::npos);
  EXPECT_FALSE(decode_json_diff(std::string("\x02\x05$", 3)).ok());
  EXPECT_FALSE(decode_json_diff(std::string("\x00\x01$\x05\x04", 5)).ok());
}

TEST(JsonDiff, AppliesMemberOperations) {
  const J before = J::obj({{"a", J::int16(1)}, {"b", J::arr({J::int16(1), J::int16(2)})}});
  EXPECT_EQ(apply_text(before, diff_entry(JsonDiffOp::replace, "$.a", jdoc(J::string("new")))),
            R"({"a":"new","b":[1,2]})");
  // Inserted keys take MySQL's key order (length, then bytes).
  EXPECT_EQ(apply_text(before, diff_entry(JsonDiffOp::insert, "$.aa", jdoc(J::boolean(true))) +
                              diff_entry(JsonDiffOp::insert, "$.c", jdoc(J::null()))),
            R"({"a":1,"b":[1,2],"c":null,"aa":true})");
  EXPECT_EQ(apply_text(before, diff_entry(JsonDiffOp::remove, "$.a"), JsonFormat::mysql),
            R"({"b": [1, 2]})");
  // Quoted member names with escapes.
  const J spaced = J::obj({{"a b", J::int16(1)}, {"\xc3\xa9", J::int16(2)}});
  EXPECT_EQ(apply_text(spaced, diff_entry(JsonDiffOp::replace, R"($."a b")", jdoc(J::int16(9))) +
                              diff_entry(JsonDiffOp::remove, R"($."\u00e9")")),
            R"({"a b":9})");
  // The whole document.
  EXPECT_EQ(apply_text(before, diff_entry(JsonDiffOp::replace, "$", jdoc(J::arr({J::int16(7)})))), "[7]");
  // No diffs: the before image.
  EXPECT_EQ(apply_text(before, ""), R"({"a":1,"b":[1,2]})");
}

TEST(JsonDiff, AppliesArrayOperations) {
  const J before = J::obj({{"a", J::arr({J::int16(1), J::int16(2), J::int16(3)})}});
  EXPECT_EQ(apply_text(before, diff_entry(JsonDiffOp::replace, "$.a[1]", jdoc(J::int16(20)))),
            R"({"a":[1,20,3]})");
  EXPECT_EQ(apply_text(before, diff_entry(JsonDiffOp::insert, "$.a[0]", jdoc(J::int16(0)))),
            R"({"a":[0,1,2,3]})");
  EXPECT_EQ(apply_text(before, diff_entry(JsonDiffOp::insert, "$.a[10]", jdoc(J::int16(4)))),
            R"({"a":[1,2,3,4]})");
  EXPECT_EQ(apply_text(before, diff_entry(JsonDiffOp::remove, "$.a[last]")), R"({"a":[1,2]})");
  EXPECT_EQ(apply_text(before, diff_entry(JsonDiffOp::replace, "$.a[last-2]", jdoc(J::int16(9)))),
            R"({"a":[9,2,3]})");
  EXPECT_EQ(apply_text(before, diff_entry(JsonDiffOp::replace, "$ . a [ 0 ]", jdoc(J::int16(5)))),
            R"({"a":[5,2,3]})");
  // Nested through arrays and objects; a sequence of diffs applies in order.
  const J nested = J::arr({J::obj({{"x", J::arr({J::obj({{"y", J::int16(1)}})})}})});
  EXPECT_EQ(apply_text(nested, diff_entry(JsonDiffOp::replace, "$[0].x[0].y", jdoc(J::int16(2))) +
                              diff_entry(JsonDiffOp::insert, "$[0].x[0].z", jdoc(J::int16(3))) +
                              diff_entry(JsonDiffOp::remove, "$[0].x[0].y")),
            R"([{"x":[{"z":3}]}])");
}

TEST(JsonDiff, ErrorsNameTheDiff) {
  const J before = J::obj({{"a", J::arr({J::int16(1)})}});
  auto e = apply_error(before, diff_entry(JsonDiffOp::replace, "$.a[0]", jdoc(J::int16(2))) +
                                   diff_entry(JsonDiffOp::replace, "$.missing", jdoc(J::int16(2))));
  EXPECT_NE(e.message.find("JSON diff 1 (replace $.missing)"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("no such member"), std::string::npos) << e.message;
  e = apply_error(before, diff_entry(JsonDiffOp::remove, "$.a[5]"));
  EXPECT_NE(e.message.find("out of range"), std::string::npos) << e.message;
  e = apply_error(before, diff_entry(JsonDiffOp::replace, "$.a.b", jdoc(J::int16(2))));
  EXPECT_NE(e.message.find("member name applied to an array"), std::string::npos) << e.message;
  e = apply_error(before, diff_entry(JsonDiffOp::replace, "$.x.y", jdoc(J::int16(2))));
  EXPECT_NE(e.message.find("parent"), std::string::npos) << e.message;
  e = apply_error(before, diff_entry(JsonDiffOp::replace, "$.a[*]", jdoc(J::int16(2))));
  EXPECT_NE(e.message.find("cannot parse the path at character 4"), std::string::npos) << e.message;
  e = apply_error(before, diff_entry(JsonDiffOp::replace, "a", jdoc(J::int16(2))));
  EXPECT_NE(e.message.find("character 0"), std::string::npos) << e.message;
  e = apply_error(before, diff_entry(JsonDiffOp::insert, "$", jdoc(J::int16(2))));
  EXPECT_NE(e.message.find("whole document"), std::string::npos) << e.message;
  // Bad before image, bad value.
  std::string out;
  auto r = apply_json_diff(std::string("\x0d", 1), "", out);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("before image"), std::string::npos);
  e = apply_error(before, diff_entry(JsonDiffOp::replace, "$.a", std::string("\x0d", 1)));
  EXPECT_NE(e.message.find("value"), std::string::npos) << e.message;
}

TEST(JsonDiff, DepthOfTheResultIsBounded) {
  J deep = J::int16(1);
  for (int k = 0; k < 99; ++k) deep = J::arr({deep});
  const J before = J::obj({{"a", J::int16(0)}});
  // $.a sits in 1 container; a value of 99 levels makes 100: allowed. 100 levels: refused.
  EXPECT_FALSE(apply_text(before, diff_entry(JsonDiffOp::replace, "$.a", jdoc(deep))).empty());
  auto e = apply_error(before, diff_entry(JsonDiffOp::replace, "$.a", jdoc(J::arr({deep}))));
  EXPECT_NE(e.message.find("deeper"), std::string::npos) << e.message;
}

}  // namespace
}  // namespace binlog::test
