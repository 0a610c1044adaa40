// Writes seed corpora for the fuzz targets from the asset binlogs (nothing is copied into the
// repository: run it before fuzzing, see run_fuzz.sh).
//   binlog_fuzz_seeds <assets dir> <output dir>
// creates <output dir>/{events,json,json_diff,decimal,gtid_set}/ with one file per seed.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "binlog/binlog.h"
#include "binlog/file_reader.h"
#include "../json_builder.h"

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

namespace {

size_t g_count = 0;

void write_seed(const fs::path& dir, const std::string& prefix, const Bytes& b) {
  std::ofstream out(dir / (prefix + "-" + std::to_string(g_count++)), std::ios::binary);
  out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}
void write_seed(const fs::path& dir, const std::string& prefix, std::string_view s) {
  write_seed(dir, prefix, Bytes(s.begin(), s.end()));
}

// DECIMAL text -> MySQL's binary form (the inverse of decimal_to_text), for seeds.
Bytes decimal_binary(std::string_view text, unsigned precision, unsigned scale) {
  static const unsigned dig2bytes[10] = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  const size_t dot = text.find('.');
  std::string ip(text.substr(0, dot)), fp(dot == std::string_view::npos ? "" : text.substr(dot + 1));
  const unsigned intg = precision - scale;
  while (ip.size() < intg) ip.insert(ip.begin(), '0');
  while (fp.size() < scale) fp.push_back('0');
  Bytes out;
  auto put = [&](const std::string& digits, unsigned n) {
    uint32_t v = 0;
    for (char c : digits) v = v * 10 + static_cast<uint32_t>(c - '0');
    for (unsigned k = n; k > 0; --k) out.push_back(static_cast<uint8_t>(v >> (8 * (k - 1))));
  };
  const unsigned lead = intg % 9;
  size_t p = 0;
  if (lead) put(ip.substr(0, lead), dig2bytes[lead]), p = lead;
  for (; p < ip.size(); p += 9) put(ip.substr(p, 9), 4);
  for (p = 0; p + 9 <= fp.size(); p += 9) put(fp.substr(p, 9), 4);
  if (scale % 9) put(fp.substr(p), dig2bytes[scale % 9]);
  if (out.empty()) return out;
  out[0] ^= 0x80;
  if (negative) {
    for (auto& b : out) b = static_cast<uint8_t>(~b);
  }
  return out;
}

void seed_file(const fs::path& file, const fs::path& out, std::map<uint8_t, size_t>& per_type) {
  auto reader = binlog::BinlogFileReader::open(file.string());
  if (!reader.ok()) return;
  binlog::DecoderOptions options;
  options.verify_checksum = false;
  binlog::EventDecoder decoder(options);
  Bytes fde;
  std::map<uint64_t, Bytes> table_maps;
  std::string last_json;
  std::map<uint8_t, size_t> in_file;
  while (true) {
    auto next = reader->next();
    if (!next.ok() || !next.value()) return;
    const Bytes event(next.value()->bytes.begin(), next.value()->bytes.end());
    auto ev = decoder.decode(event);
    if (!ev.ok()) return;
    const uint8_t type = ev->header.type_code;
    if (type == 15) {
      fde = event;
      continue;
    }
    if (type == 19) {
      table_maps[std::get<std::shared_ptr<const binlog::TableMap>>(ev->body)->table_id] = event;
    }
    // Events: FDE [+ TABLE_MAP] + event; a few per type and file, more of the rare types.
    const auto* rows = std::get_if<binlog::RowsEvent>(&ev->body);
    if (in_file[type]++ < 6 && per_type[type]++ < 60) {
      Bytes seed = {0};
      seed.insert(seed.end(), fde.begin(), fde.end());
      if (rows != nullptr && table_maps.count(rows->table_id)) {
        const Bytes& tm = table_maps[rows->table_id];
        seed.insert(seed.end(), tm.begin(), tm.end());
      }
      seed.insert(seed.end(), event.begin(), event.end());
      write_seed(out / "events", "ev" + std::to_string(type), seed);
    }
    if (const auto* pg = std::get_if<binlog::PreviousGtidsEvent>(&ev->body)) {
      Bytes text = {0};
      const std::string t = pg->gtids.to_string(",\n");
      text.insert(text.end(), t.begin(), t.end());
      write_seed(out / "gtid_set", "text", text);
      Bytes bin = {1};
      const Bytes enc = pg->gtids.encode();
      bin.insert(bin.end(), enc.begin(), enc.end());
      write_seed(out / "gtid_set", "bin", bin);
    }
    if (const auto* gl = std::get_if<binlog::GtidListEvent>(&ev->body)) {
      Bytes text = {2};
      const std::string t = binlog::MariadbGtidList::from_gtids(gl->gtids).to_string();
      text.insert(text.end(), t.begin(), t.end());
      write_seed(out / "gtid_set", "maria", text);
    }
    if (rows == nullptr) continue;
    auto table = decoder.table(rows->table_id);
    if (!table) continue;
    binlog::RowReader rr(*table, *rows);
    binlog::Row before, after;
    for (int k = 0; k < 50; ++k) {
      auto more = rr.next(before, after);
      if (!more.ok() || !more.value()) break;
      for (const binlog::Row* row : {&before, &after}) {
        for (size_t i = 0; i < row->values.size() && i < table->columns.size(); ++i) {
          const binlog::Value& v = row->values[i];
          const binlog::ColumnInfo& col = table->columns[i];
          if (col.type == binlog::ColumnType::JSON && v.kind == binlog::ValueKind::bytes) {
            if (v.json_diff) {
              Bytes seed = {static_cast<uint8_t>(last_json.size()),
                            static_cast<uint8_t>(last_json.size() >> 8)};
              seed.insert(seed.end(), last_json.begin(), last_json.end());
              seed.insert(seed.end(), v.bytes.begin(), v.bytes.end());
              write_seed(out / "json_diff", "diff", seed);
            } else {
              write_seed(out / "json", "doc", v.bytes);
              last_json.assign(v.bytes);
            }
          }
          if (col.type == binlog::ColumnType::NEWDECIMAL && v.kind == binlog::ValueKind::decimal) {
            const unsigned precision = col.meta >> 8, scale = col.meta & 0xff;
            Bytes seed = {static_cast<uint8_t>(precision), static_cast<uint8_t>(scale)};
            const Bytes bin = decimal_binary(v.text(), precision, scale);
            seed.insert(seed.end(), bin.begin(), bin.end());
            if (per_type[250]++ < 300) write_seed(out / "decimal", "dec", seed);
          }
        }
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: " << argv[0] << " <assets dir> <output dir>\n";
    return 2;
  }
  const fs::path assets = argv[1], out = argv[2];
  for (const char* d : {"events", "json", "json_diff", "decimal", "gtid_set"}) {
    fs::create_directories(out / d);
  }
  std::map<uint8_t, size_t> per_type;
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(assets)) {
    const std::string rel = fs::relative(e.path(), assets).string();
    if (e.is_regular_file() && rel.rfind("binlog-", 0) == 0 && e.path().extension() != ".md") {
      files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) seed_file(f, out, per_type);
  // A few hand-written GTID texts and JSON diffs of every operation.
  for (const char* t : {"3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7:tag:1-3",
                        " 3E11FA4771CA11E19E33C80AA9429562 : 1 - 20 ,\n"}) {
    Bytes s = {0};
    s.insert(s.end(), t, t + std::strlen(t));
    write_seed(out / "gtid_set", "text", s);
  }
  // Synthetic DECIMALs of many precisions and scales.
  for (unsigned precision : {1u, 4u, 9u, 10u, 18u, 19u, 30u, 38u, 65u}) {
    for (unsigned scale : {0u, 2u, 9u, 10u, 30u}) {
      if (scale > precision) continue;
      for (const char* text : {"1", "-1", "0"}) {
        Bytes seed = {static_cast<uint8_t>(precision), static_cast<uint8_t>(scale)};
        const Bytes bin = decimal_binary(text, precision, scale);
        seed.insert(seed.end(), bin.begin(), bin.end());
        write_seed(out / "decimal", "syn", seed);
      }
    }
  }
  // Synthetic JSON documents: every scalar type, opaque types, small and large containers.
  using binlog::test::J;
  const J scalars = J::arr({J::null(), J::boolean(true), J::int16(-1), J::uint16(2), J::int32(-3),
                            J::uint32(4), J::int64(-5), J::uint64(6), J::number(1.5),
                            J::string("s\n\"x"), J::opaque_of(246, std::string("\x06\x03\x80\x7b\x01\xc8", 6)),
                            J::opaque_of(12, std::string(8, '\x11')), J::opaque_of(11, std::string(8, '\x22')),
                            J::opaque_of(10, std::string(8, '\x33')), J::opaque_of(252, "blob")});
  const J doc = J::obj({{"a", scalars}, {"bb", J::obj({{"c", J::arr({}, true)}}, true)}});
  const J large = J::obj({{"k", scalars}, {"l", J::arr({J::int32(7), J::uint32(8)}, true)}}, true);
  for (const J* j : {&scalars, &doc, &large}) {
    write_seed(out / "json", "syn", binlog::test::jdoc(*j));
    // A diff of each operation against it.
    const std::string before = binlog::test::jdoc(*j);
    Bytes seed = {static_cast<uint8_t>(before.size()), static_cast<uint8_t>(before.size() >> 8)};
    seed.insert(seed.end(), before.begin(), before.end());
    const std::string value = binlog::test::jdoc(J::string("new"));
    for (const auto& [op, path] : std::vector<std::pair<uint8_t, std::string>>{
             {0, "$[1]"}, {1, "$.x"}, {2, "$.a[last]"}, {0, "$.\"bb\".c"}, {1, "$[0]"}}) {
      seed.push_back(op);
      seed.push_back(static_cast<uint8_t>(path.size()));
      seed.insert(seed.end(), path.begin(), path.end());
      if (op != 2) {
        seed.push_back(static_cast<uint8_t>(value.size()));
        seed.insert(seed.end(), value.begin(), value.end());
      }
    }
    write_seed(out / "json_diff", "syn", seed);
  }
  std::cout << "wrote " << g_count << " seeds to " << out << "\n";
  return 0;
}
