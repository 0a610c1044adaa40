// BinlogFileReader: magic, framing, truncation, from a file and from a buffer.
#include <gtest/gtest.h>

#include <fstream>

#include "binlog/file_reader.h"
#include "test_support.h"

namespace binlog::test {
namespace {

Bytes sample_binlog() {
  Bytes file(kBinlogMagic, kBinlogMagic + 4);
  const Bytes fde = make_fde("8.0.36", ChecksumAlg::CRC32);
  file.insert(file.end(), fde.begin(), fde.end());
  EventSpec s;
  s.type = 16;
  s.crc = true;
  s.position = static_cast<uint32_t>(file.size());
  Bytes xid;
  put_le(xid, 77, 8);
  const Bytes ev = make_event(s, xid);
  file.insert(file.end(), ev.begin(), ev.end());
  return file;
}

std::filesystem::path write_temp(const std::string& name, const Bytes& bytes) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("cdc_binlog_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                     "_" + name);
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return path;
}

void expect_two_events(BinlogFileReader& r) {
  auto a = r.next();
  ASSERT_TRUE(a.ok() && a.value().has_value());
  EXPECT_EQ(a.value()->offset, 4u);
  EXPECT_EQ(a.value()->bytes[4], 15);
  EventDecoder d;
  ASSERT_TRUE(d.decode(a.value()->bytes).ok());
  auto b = r.next();
  ASSERT_TRUE(b.ok() && b.value().has_value());
  EXPECT_EQ(b.value()->offset, 4u + a.value()->bytes.size());
  auto x = d.decode(b.value()->bytes);
  ASSERT_TRUE(x.ok()) << x.error().message;
  EXPECT_EQ(std::get<XidEvent>(x->body).xid, 77u);
  auto end = r.next();
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(end.value().has_value());  // clean end of data
  EXPECT_FALSE(r.next().value().has_value());
}

TEST(FileReader, FromBufferAndFromFile) {
  const Bytes file = sample_binlog();
  auto buf = BinlogFileReader::from_bytes(file, "sample");
  ASSERT_TRUE(buf.ok()) << buf.error().message;
  expect_two_events(*buf);
  const auto path = write_temp("ok", file);
  auto f = BinlogFileReader::open(path.string());
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->size(), file.size());
  expect_two_events(*f);
  std::filesystem::remove(path);
}

TEST(FileReader, BadMagicNamesTheFile) {
  Bytes file = sample_binlog();
  file[0] = 0x1f;
  auto r = BinlogFileReader::from_bytes(file, "x.gz");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, make_error_code(Errc::bad_magic));
  EXPECT_NE(r.error().message.find("x.gz"), std::string::npos);
  auto tiny = BinlogFileReader::from_bytes(Bytes{0xfe, 0x62}, "tiny");
  ASSERT_FALSE(tiny.ok());
  EXPECT_EQ(tiny.error().code, make_error_code(Errc::bad_magic));
  auto missing = BinlogFileReader::open("/nonexistent/dir/binlog.000001");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("/nonexistent/dir/binlog.000001"), std::string::npos);
}

TEST(FileReader, OnlyMagicIsAnEmptyBinlog) {
  auto r = BinlogFileReader::from_bytes(Bytes(kBinlogMagic, kBinlogMagic + 4));
  ASSERT_TRUE(r.ok());
  auto n = r->next();
  ASSERT_TRUE(n.ok());
  EXPECT_FALSE(n.value().has_value());
}

TEST(FileReader, TruncationAtEveryLength) {
  const Bytes file = sample_binlog();
  const size_t first_end = 4 + make_fde("8.0.36", ChecksumAlg::CRC32).size();
  for (size_t n = 4; n < file.size(); ++n) {
    Bytes cut(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(n));
    auto r = BinlogFileReader::from_bytes(cut, "cut");
    ASSERT_TRUE(r.ok());
    size_t events = 0;
    std::optional<cdc::Error> error;
    while (true) {
      auto next = r->next();
      if (!next.ok()) {
        error = next.error();
        break;
      }
      if (!next.value()) break;
      ++events;
    }
    if (n == 4 || n == first_end) {
      EXPECT_FALSE(error.has_value()) << n;  // cut at an event boundary: a clean end
    } else {
      ASSERT_TRUE(error.has_value()) << n;
      EXPECT_EQ(error->code, make_error_code(Errc::truncated)) << n;
      const uint64_t at = n < first_end ? 4 : first_end;
      EXPECT_NE(error->message.find("offset " + std::to_string(at)), std::string::npos) << error->message;
    }
    EXPECT_EQ(events, n < first_end ? 0u : 1u) << n;
  }
}

TEST(FileReader, EventSizeBelowHeaderIsMalformed) {
  Bytes file = sample_binlog();
  file[4 + 9] = 5;
  file[4 + 10] = file[4 + 11] = file[4 + 12] = 0;
  auto r = BinlogFileReader::from_bytes(file, "bad");
  ASSERT_TRUE(r.ok());
  auto n = r->next();
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code, make_error_code(Errc::malformed));
  // the file-backed reader reports the same
  const auto path = write_temp("bad", file);
  auto f = BinlogFileReader::open(path.string());
  ASSERT_TRUE(f.ok());
  auto m = f->next();
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, make_error_code(Errc::malformed));
  std::filesystem::remove(path);
}

TEST(FileReader, HugeDeclaredSizeDoesNotAllocate) {
  Bytes file = sample_binlog();
  file[4 + 9] = 0xff;
  file[4 + 10] = 0xff;
  file[4 + 11] = 0xff;
  file[4 + 12] = 0x7f;  // 2 GiB event in a 300-byte file
  const auto path = write_temp("huge", file);
  auto f = BinlogFileReader::open(path.string());
  ASSERT_TRUE(f.ok());
  auto m = f->next();
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, make_error_code(Errc::truncated));
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace binlog::test
