// No heap allocation per row: once the Row vectors have their size, reading the rows of another
// event of the same table allocates nothing; an identical TABLE_MAP re-send allocates nothing;
// decoding a rows event allocates nothing (bitmaps and rows point into the event). Counted with a replacement
// global operator new (this test has its own executable for that reason).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "binlog/binlog.h"
#include "test_support.h"

namespace {
std::atomic<size_t> g_allocations{0};
}

// The counting operator new/delete pair malloc/free; with sanitizers GCC inlines them into
// callers and then warns about free() on memory from new.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace binlog::test {
namespace {

using CT = ColumnType;

Bytes one_row(int32_t id, std::string_view name) {
  Bytes r = {0x00};
  put_le(r, static_cast<uint32_t>(id), 4);
  r.push_back(static_cast<uint8_t>(name.size()));
  put_str(r, name);
  put_bytes(r, {0x80, 0x01, 0x0C});                   // DECIMAL(5,2) 1.12
  put_bytes(r, {0x99, 0xB2, 0x3E, 0x7E, 0x9B});       // DATETIME2(0)
  put_le(r, 3, 2);
  put_str(r, "xyz");                                  // TEXT
  return r;
}

TEST(Allocations, NonePerRow) {
  const std::vector<ColSpec> cols = {{CT::LONG, {}},
                                     {CT::VARCHAR, {50, 0}},
                                     {CT::NEWDECIMAL, {5, 2}},
                                     {CT::DATETIME2, {0}},
                                     {CT::BLOB, {2}}};
  EventDecoder d;
  ASSERT_TRUE(d.decode(make_fde("8.0.36", ChecksumAlg::CRC32)).ok());
  EventSpec tm;
  tm.type = 19;
  tm.crc = true;
  const Bytes table_map = make_event(tm, table_map_body(11, "db", "t", cols));
  ASSERT_TRUE(d.decode(table_map).ok());
  EventSpec rs;
  rs.type = 30;
  rs.crc = true;
  Bytes rows_a, rows_b;
  for (int i = 0; i < 100; ++i) {
    const Bytes r = one_row(i, "name");
    rows_a.insert(rows_a.end(), r.begin(), r.end());
    const Bytes r2 = one_row(1000 + i, "other name");
    rows_b.insert(rows_b.end(), r2.begin(), r2.end());
  }
  const Bytes event_a = make_event(rs, rows_body(11, 2, cols.size(), rows_a));
  const Bytes event_b = make_event(rs, rows_body(11, 2, cols.size(), rows_b));

  Row before, after;
  {
    auto ev = d.decode(event_a);
    ASSERT_TRUE(ev.ok());
    ASSERT_TRUE(std::holds_alternative<RowsEvent>(ev->body)) << ev->body.index();
    RowReader r(*d.table(11), std::get<RowsEvent>(ev->body));
    size_t n = 0;
    while (true) {
      auto more = r.next(before, after);
      ASSERT_TRUE(more.ok()) << more.error().message;
      if (!more.value()) break;
      ++n;
    }
    EXPECT_EQ(n, 100u);
  }

  // The TABLE_MAP of the next statement is identical: reused without allocating.
  size_t start = g_allocations.load();
  auto again = d.decode(table_map);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(g_allocations.load() - start, 0u) << "TABLE_MAP re-send allocated";

  start = g_allocations.load();
  auto ev = d.decode(event_b);
  ASSERT_TRUE(ev.ok());
  const size_t decode_allocs = g_allocations.load() - start;
  EXPECT_EQ(decode_allocs, 0u) << "decoding a rows event allocated";

  const auto table = d.table(11);
  const RowsEvent& rows = std::get<RowsEvent>(ev->body);
  start = g_allocations.load();
  RowReader r(*table, rows);
  size_t n = 0;
  int64_t sum = 0;
  while (true) {
    auto more = r.next(before, after);
    ASSERT_TRUE(more.ok()) << more.error().message;
    if (!more.value()) break;
    sum += after.values[0].i;
    ++n;
  }
  EXPECT_EQ(g_allocations.load() - start, 0u) << "reading rows allocated";
  EXPECT_EQ(n, 100u);
  EXPECT_EQ(sum, 100 * 1000 + 99 * 100 / 2);
  EXPECT_EQ(after.values[1].bytes, "other name");
  EXPECT_EQ(after.values[2].text(), "1.12");
}

}  // namespace
}  // namespace binlog::test
