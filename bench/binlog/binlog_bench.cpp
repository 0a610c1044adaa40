// Decoding speed of binlog/: rows/s and bytes/s on one core, heap allocations per row.
//   build/<dir>/bench/binlog/cdc-bench-binlog [--benchmark_filter=...]
// Counters: items_per_second = rows (or JSON documents) per second, bytes_per_second = event
// bytes decoded, allocs_per_row = heap allocations per row while decoding (operator new is
// counted in this executable).
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "binlog/binlog.h"
#include "json_builder.h"
#include "test_support.h"

namespace {
std::atomic<size_t> g_allocations{0};
}

// The counting operator new/delete pair malloc/free; at -O3 GCC inlines them into callers and
// then warns about free() on memory from new.
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

// int, bigint, varchar(64) utf8mb4, decimal(10,2), datetime2(0), timestamp2(3), double,
// enum(3 values), text, date.
const std::vector<ColSpec> kColumns = {
    {CT::LONG, {}},
    {CT::LONGLONG, {}},
    {CT::VARCHAR, {0x00, 0x01}},  // 256 bytes: 2-byte length prefix
    {CT::NEWDECIMAL, {10, 2}},
    {CT::DATETIME2, {0}},
    {CT::TIMESTAMP2, {3}},
    {CT::DOUBLE, {8}},
    {CT::STRING, {0xf7, 1}},  // ENUM, 1 byte
    {CT::BLOB, {2}},          // TEXT
    {CT::DATE, {}},
};

Bytes mixed_row(uint32_t i) {
  Bytes r = {0x00, 0x00};                               // null bitmap: 10 columns, none null
  put_le(r, i, 4);                                      // INT
  put_le(r, 10000000000ULL + i, 8);                     // BIGINT
  const std::string name = "customer-" + std::to_string(i);
  put_le(r, name.size(), 2);                            // VARCHAR
  put_str(r, name);
  put_bytes(r, {0x80, 0x00, 0x30, 0x39, 0x2d});         // DECIMAL(10,2) 12345.45
  put_bytes(r, {0x99, 0xB2, 0x3E, 0x7E, 0x9B});         // DATETIME2(0)
  put_be(r, 1700000000 + i, 4);                         // TIMESTAMP2(3)
  put_be(r, (i % 1000) * 10, 2);
  put_le(r, 0x40091eb851eb851fULL, 8);                  // DOUBLE 3.14
  r.push_back(static_cast<uint8_t>(1 + i % 3));         // ENUM
  const std::string text = "a text value of moderate length, row " + std::to_string(i);
  put_le(r, text.size(), 2);                            // TEXT
  put_str(r, text);
  put_le(r, 18 | (3 << 5) | (2012 << 9), 3);            // DATE 2012-03-18
  return r;
}

struct Fixture {
  EventDecoder decoder;
  Bytes table_map;
  Bytes rows_event;
  size_t rows = 0;
};

Fixture make_fixture(size_t rows, bool crc) {
  Fixture f;
  const ChecksumAlg alg = crc ? ChecksumAlg::CRC32 : ChecksumAlg::NONE;
  if (!f.decoder.decode(make_fde("8.0.36", alg)).ok()) std::abort();
  EventSpec tm;
  tm.type = 19;
  tm.crc = crc;
  f.table_map = make_event(tm, table_map_body(11, "shop", "orders", kColumns));
  if (!f.decoder.decode(f.table_map).ok()) std::abort();
  Bytes images;
  for (size_t i = 0; i < rows; ++i) {
    const Bytes r = mixed_row(static_cast<uint32_t>(i));
    images.insert(images.end(), r.begin(), r.end());
  }
  EventSpec rs;
  rs.type = 30;
  rs.crc = crc;
  f.rows_event = make_event(rs, rows_body(11, 2, kColumns.size(), images));
  f.rows = rows;
  return f;
}

// Decodes the event and reads every row; returns the rows read.
size_t decode_and_read(EventDecoder& d, std::span<const uint8_t> bytes, Row& before, Row& after,
                       int64_t& sink) {
  auto ev = d.decode(bytes);
  if (!ev.ok()) std::abort();
  const auto* rows = std::get_if<RowsEvent>(&ev->body);
  if (rows == nullptr) return 0;
  const auto table = d.table(rows->table_id);
  RowReader reader(*table, *rows);
  size_t n = 0;
  while (true) {
    auto more = reader.next(before, after);
    if (!more.ok()) std::abort();
    if (!more.value()) break;
    sink += after.values[0].i + static_cast<int64_t>(after.values[2].bytes.size());
    ++n;
  }
  return n;
}

void BM_WriteRows1000Mixed(benchmark::State& state) {
  const bool crc = state.range(0) != 0;
  Fixture f = make_fixture(1000, crc);
  Row before, after;
  int64_t sink = 0;
  decode_and_read(f.decoder, f.rows_event, before, after, sink);  // size the Rows
  const size_t allocs_start = g_allocations.load();
  size_t rows = 0;
  for (auto _ : state) {
    rows += decode_and_read(f.decoder, f.rows_event, before, after, sink);
    benchmark::DoNotOptimize(sink);
  }
  const double allocs = static_cast<double>(g_allocations.load() - allocs_start);
  state.SetItemsProcessed(static_cast<int64_t>(rows));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.rows_event.size()));
  state.counters["allocs_per_row"] = rows ? allocs / static_cast<double>(rows) : 0;
  state.counters["allocs_per_event"] = allocs / static_cast<double>(state.iterations());
  state.counters["event_bytes"] = static_cast<double>(f.rows_event.size());
}
BENCHMARK(BM_WriteRows1000Mixed)->Arg(0)->Arg(1)->ArgName("crc32");

// RowReader alone over an already decoded event.
void BM_ReadRows1000Mixed(benchmark::State& state) {
  Fixture f = make_fixture(1000, false);
  auto ev = f.decoder.decode(f.rows_event);
  const RowsEvent rows_event = std::get<RowsEvent>(ev->body);
  const auto table = f.decoder.table(11);
  Row before, after;
  int64_t sink = 0;
  size_t rows = 0;
  const size_t allocs_start = g_allocations.load();
  for (auto _ : state) {
    RowReader reader(*table, rows_event);
    while (true) {
      auto more = reader.next(before, after);
      if (!more.ok() || !more.value()) break;
      sink += after.values[1].i;
      ++rows;
    }
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(static_cast<int64_t>(rows));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * rows_event.rows.size()));
  state.counters["allocs_per_row"] =
      static_cast<double>(g_allocations.load() - allocs_start) / static_cast<double>(rows);
}
BENCHMARK(BM_ReadRows1000Mixed);

// A stream of single-row transactions: GTID, QUERY(BEGIN), TABLE_MAP, WRITE_ROWS, XID.
void BM_SingleRowTransactions(benchmark::State& state) {
  const bool crc = state.range(0) != 0;
  const size_t transactions = 1000;
  Fixture f = make_fixture(1, crc);
  std::vector<Bytes> events;
  for (size_t t = 0; t < transactions; ++t) {
    EventSpec s;
    s.crc = crc;
    Bytes gtid = {0};
    for (int k = 0; k < 16; ++k) gtid.push_back(static_cast<uint8_t>(0x30 + k));
    put_le(gtid, t + 1, 8);
    gtid.push_back(2);
    put_le(gtid, t, 8);
    put_le(gtid, t + 1, 8);
    put_le(gtid, 1700000000000000ULL + t, 7);
    put_packed(gtid, 400);
    put_le(gtid, 80036, 4);
    s.type = 33;
    events.push_back(make_event(s, gtid));
    Bytes q;
    put_le(q, 7, 4);
    put_le(q, 0, 4);
    q.push_back(4);
    put_le(q, 0, 2);
    Bytes status = {0};  // Q_FLAGS2_CODE
    put_le(status, 0, 4);
    status.push_back(1);  // Q_SQL_MODE_CODE
    put_le(status, 1168113696, 8);
    status.push_back(4);  // Q_CHARSET_CODE
    put_le(status, 255, 2);
    put_le(status, 255, 2);
    put_le(status, 255, 2);
    put_le(q, status.size(), 2);
    q.insert(q.end(), status.begin(), status.end());
    put_str(q, "shop");
    q.push_back(0);
    put_str(q, "BEGIN");
    s.type = 2;
    events.push_back(make_event(s, q));
    events.push_back(f.table_map);
    s.type = 30;
    events.push_back(make_event(s, rows_body(11, 2, kColumns.size(), mixed_row(static_cast<uint32_t>(t)))));
    Bytes x;
    put_le(x, 5000 + t, 8);
    s.type = 16;
    events.push_back(make_event(s, x));
  }
  size_t stream_bytes = 0;
  for (const auto& e : events) stream_bytes += e.size();
  Row before, after;
  int64_t sink = 0;
  for (const auto& e : events) decode_and_read(f.decoder, e, before, after, sink);
  size_t rows = 0;
  const size_t allocs_start = g_allocations.load();
  for (auto _ : state) {
    for (const auto& e : events) rows += decode_and_read(f.decoder, e, before, after, sink);
    benchmark::DoNotOptimize(sink);
  }
  const double allocs = static_cast<double>(g_allocations.load() - allocs_start);
  state.SetItemsProcessed(static_cast<int64_t>(rows));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * stream_bytes));
  state.counters["events_per_second"] = benchmark::Counter(
      static_cast<double>(state.iterations() * events.size()), benchmark::Counter::kIsRate);
  state.counters["allocs_per_txn"] = allocs / static_cast<double>(rows);
}
BENCHMARK(BM_SingleRowTransactions)->Arg(0)->Arg(1)->ArgName("crc32");

// A ~1 KiB document: nested objects and arrays, strings, integers, doubles, literals.
std::string json_document() {
  std::vector<J> items;
  for (int i = 0; i < 8; ++i) {
    items.push_back(J::obj({{"id", J::int32(100000 + i)},
                            {"sku", J::string("SKU-" + std::to_string(7000 + i))},
                            {"qty", J::int16(i + 1)},
                            {"price", J::number(19.99 + i)},
                            {"tags", J::arr({J::string("red"), J::string("large")})},
                            {"gift", J::boolean(i % 2 == 0)}}));
  }
  const J doc = J::obj({{"order", J::int64(9876543210)},
                        {"customer", J::obj({{"name", J::string("Jane \"JJ\" Doe")},
                                             {"email", J::string("jane@example.com")},
                                             {"vip", J::boolean(true)}})},
                        {"items", J::arr(items)},
                        {"note", J::null()},
                        {"total", J::number(1234.5)}});
  return jdoc(doc);
}

void BM_JsonBinaryToText(benchmark::State& state) {
  const std::string doc = json_document();
  std::string out;
  size_t bytes_out = 0;
  for (auto _ : state) {
    out.clear();
    if (!json_binary_to_text(doc, out).ok()) std::abort();
    bytes_out += out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * doc.size()));
  state.counters["doc_bytes"] = static_cast<double>(doc.size());
  state.counters["text_bytes"] = static_cast<double>(out.size());
}
BENCHMARK(BM_JsonBinaryToText);

void BM_JsonApplyDiff(benchmark::State& state) {
  const std::string doc = json_document();
  std::string diff;
  diff.push_back(0);  // replace
  const std::string path = "$.items[3].qty";
  diff.push_back(static_cast<char>(path.size()));
  diff += path;
  const std::string value = jdoc(J::int16(42));
  diff.push_back(static_cast<char>(value.size()));
  diff += value;
  std::string out;
  for (auto _ : state) {
    if (!apply_json_diff(doc, diff, out).ok()) std::abort();
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * doc.size()));
}
BENCHMARK(BM_JsonApplyDiff);

}  // namespace
}  // namespace binlog::test

BENCHMARK_MAIN();
