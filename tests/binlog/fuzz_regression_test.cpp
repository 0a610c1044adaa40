// Inputs found by the libFuzzer targets in tests/binlog/fuzz/, kept as regression cases (bytes
// embedded; each case names the target and what went wrong).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "binlog/binlog.h"
#include "test_support.h"

namespace binlog::test {
namespace {

// fuzz_decimal, crash-ea380e79: DECIMAL(9,9) -0.000000001 is 12 characters, one more than the
// target assumed (precision + 2); the decoder was right, the target's bound was fixed. Kept to
// pin the text of a negative value with no integer digits.
TEST(FuzzRegression, DecimalNegativeWithoutIntegerDigits) {
  const std::string input("\x09\x09\x7f\xff\xff\xfe\xff\xff\xff\xff", 10);
  // Through a rows event: one DECIMAL(9,9) column.
  EventDecoder d;
  ASSERT_TRUE(d.decode(make_fde("8.0.36", ChecksumAlg::NONE)).ok());
  EventSpec tm;
  tm.type = 19;
  ASSERT_TRUE(d.decode(make_event(tm, table_map_body(1, "d", "t", {{ColumnType::NEWDECIMAL, {9, 9}}}))).ok());
  Bytes row = {0};
  row.insert(row.end(), input.begin() + 2, input.begin() + 6);
  EventSpec rs;
  rs.type = 30;
  const Bytes event = make_event(rs, rows_body(1, 2, 1, row));  // rows point into it
  auto ev = d.decode(event);
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  RowReader r(*d.table(1), std::get<RowsEvent>(ev->body));
  Row before, after;
  auto more = r.next(before, after);
  ASSERT_TRUE(more.ok() && more.value());
  EXPECT_EQ(after.values[0].text(), "-0.000000001");
}

}  // namespace
}  // namespace binlog::test
